"""Disassembly as JSON-able data: every instruction and the exception table.

:func:`dis_dict` returns, for a code object and (nested under ``"nested"``)
every code object in its constants::

    {"name", "qualname", "filename", "firstlineno", "version",
     "instructions": [{"offset", "start_offset", "opname", "opcode", "arg",
                       "unknown", "argval", "argrepr", "line", "starts_line", "positions",
                       "jump_target", "is_jump_target", "label",
                       "caches": [{"name", "size", "value"}]}],
     "exception_table": [{"start", "end", "target", "depth", "lasti"}],
     "nested": [...]}

``argval`` is JSON-native where the value is (numbers, strings, None, bools,
lists for tuples); other constants become ``{"repr": ...}`` with the target
version's repr, code objects ``{"code": name, "firstlineno": n}``.
"""

from __future__ import annotations

import math
import sys
from typing import Any, Optional

from ..bytecode import exceptions, lines
from ..bytecode.decode import find_labels, jump_target, unpack
from ..bytecode.lines import starts_variant
from ..bytecode.resolve import BAD, UNKNOWN, Resolver
from ..bytecode.target_repr import target_repr
from ..code import Code
from ..versions import opcodes


def _name(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


def json_value(value: Any, version: Any, depth: int = 0) -> Any:
    """Return ``value`` (an argval) as JSON-able data."""
    if value is None or isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and math.isfinite(value):
        return float(value)
    if isinstance(value, Code):
        return {"code": _name(value.co_name), "firstlineno": value.co_firstlineno}
    if value is BAD or value is UNKNOWN:
        return {"invalid": True}
    if isinstance(value, tuple) and depth < 20 and not isinstance(value, Code):
        return [json_value(v, version, depth + 1) for v in value]
    if isinstance(value, (bytes, bytearray)) and not version.is_py2:
        return {"bytes": bytes(value).hex()}
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return {"repr": target_repr(value, version)}


def _line_map(code: Code) -> dict[int, Optional[int]]:
    out: dict[int, Optional[int]] = {}
    for start, end, line in lines.co_lines(code):
        for off in range(start, end):
            out[off] = line
    return out


def code_dict(code: Code) -> dict[str, Any]:
    """Return the JSON-able disassembly of one code object (nested ones not included)."""
    table = opcodes.table(code.version)
    t = table.traits
    co_code = bytes(code.co_code)
    instrs = unpack(co_code, table, code.version.wordcode)
    entries = (
        exceptions.parse(bytes(code.co_exceptiontable or b""))
        if code.version.has_exception_table else []
    )
    targets = set(find_labels(instrs, table, code.version.wordcode))
    label_set = set(targets)
    for e in entries:
        label_set.update((e.start, e.end, e.target))
        targets.add(e.target)
    labels = {off: i + 1 for i, off in enumerate(sorted(label_set))}
    resolver = Resolver(code, table, lambda v: target_repr(v, code.version),
                        labels if t["text"] == "labels" else None)
    starts = lines.linestarts(code, starts_variant(code, table))
    line_of = _line_map(code)
    positions = lines.co_positions(code) if code.version.line_table == "locations" else None
    out = []
    for offset, start, op, arg in instrs:
        argval, argrepr = resolver.resolve(offset, op, arg)
        base = table.deop[op]
        pos = None
        if positions is not None and offset // 2 < len(positions):
            pos = list(positions[offset // 2])
        caches = []
        coff = offset + 2
        for name, size in table.cache_format.get(table.names[base], ()) if table.caches[op] else ():
            data = co_code[coff : coff + 2 * size]
            caches.append({"name": name, "size": size,
                           "value": int.from_bytes(data, sys.byteorder)})
            coff += 2 * size
        out.append({
            "offset": offset,
            "start_offset": start,
            "opname": table.names[op],
            "opcode": op,
            "unknown": table.names[op].startswith("<"),
            "arg": arg,
            "argval": json_value(argval, code.version),
            "argrepr": argrepr,
            "line": line_of.get(offset),
            "starts_line": offset in starts,
            "positions": pos,
            "jump_target": (jump_target(table, offset, op, arg, code.version.wordcode)
                            if arg is not None else None),
            "is_jump_target": offset in targets,
            "label": labels.get(offset),
            "caches": caches,
        })
    return {
        "name": _name(code.co_name),
        "qualname": _name(code.co_qualname) if code.co_qualname is not None else None,
        "filename": _name(code.co_filename),
        "firstlineno": code.co_firstlineno,
        "version": code.version.key,
        "instructions": out,
        "exception_table": [e._asdict() for e in entries],
    }


def dis_dict(code: Code) -> dict[str, Any]:
    """Return :func:`code_dict` of ``code`` with every nested code object under ``"nested"``."""
    root = code_dict(code)
    stack = [(code, root)]
    while stack:
        co, doc = stack.pop()
        doc["nested"] = []
        for c in co.co_consts:
            if isinstance(c, Code):
                child = code_dict(c)
                doc["nested"].append(child)
                stack.append((c, child))
    return root
