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
version's repr, code objects ``{"code": name, "firstlineno": n}``, builtins
(the conversion of ``FORMAT_VALUE``) ``{"builtin": name}``.  Everything comes
from the instruction layer: ``is_jump_target`` and ``label`` follow the
version's own rule for labels (:attr:`Listing.labels`).
"""

from __future__ import annotations

import math
import sys
import types
from typing import Any

from ..bytecode.listing import listing
from ..bytecode.resolve import BAD, UNKNOWN
from ..bytecode.target_repr import target_repr
from ..code import Code


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
    if isinstance(value, (types.BuiltinFunctionType, type)):
        return {"builtin": value.__name__}
    if isinstance(value, tuple) and depth < 20 and not isinstance(value, Code):
        return [json_value(v, version, depth + 1) for v in value]
    if isinstance(value, (bytes, bytearray)) and not version.is_py2:
        return {"bytes": bytes(value).hex()}
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return {"repr": target_repr(value, version)}


def code_dict(code: Code) -> dict[str, Any]:
    """Return the JSON-able disassembly of one code object (nested ones not included)."""
    lst = listing(code)
    table = lst.table
    labels = lst.labels
    numbers = lst.label_numbers
    starts = lst.linestarts
    with_columns = code.version.line_table == "locations"
    out = []
    # One JSON value per argument object, shared by the instructions that load it
    # (a big constant loaded ten thousand times would otherwise be copied each time).
    values: dict[int, tuple[Any, Any]] = {}
    for offset, start, op, arg in lst.raw:
        argval, argrepr = lst.argument(offset, op, arg)
        known = values.get(id(argval))
        if known is None or known[0] is not argval:
            known = values[id(argval)] = (argval, json_value(argval, code.version))
        caches = [{"name": name, "size": size, "value": int.from_bytes(data, sys.byteorder)}
                  for name, size, data in lst.cache_info(offset, op) or ()]
        out.append({
            "offset": offset,
            "start_offset": start,
            "opname": table.names[op],
            "opcode": op,
            "unknown": table.names[op].startswith("<"),
            "arg": arg,
            "argval": known[1],
            "argrepr": argrepr,
            "line": lst.line_at(offset),
            "starts_line": offset in starts,
            "positions": list(lst.positions_at(offset)) if with_columns else None,
            "jump_target": lst.jump_target(offset),
            "is_jump_target": offset in labels,
            "label": numbers.get(offset),
            "caches": caches,
        })
    return {
        "name": _name(code.co_name),
        "qualname": _name(code.co_qualname) if code.co_qualname is not None else None,
        "filename": _name(code.co_filename),
        "firstlineno": code.co_firstlineno,
        "version": code.version.key,
        "instructions": out,
        "exception_table": [e._asdict() for e in lst.exception_entries],
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
