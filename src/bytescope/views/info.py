"""``bytescope info``: version, header and the tree of code objects of a pyc.

:func:`info_dict` is the JSON form; :func:`info_text` the readable one (what
``print *(PyCodeObject *)addr`` shows in gdb, for every code object).
"""

from __future__ import annotations

from typing import Any, Optional

from ..code import Code
from ..pyc import Header, Pyc
from ..versions import VersionInfo
from .values import capped_indent, short_repr, text

#: Nesting levels of code objects shown by indentation (see ``capped_indent``).
_MAX_INDENT = 32


def version_dict(v: VersionInfo) -> dict[str, Any]:
    """Return the JSON description of a version record."""
    return {
        "implementation": v.implementation,
        "version": f"{v.version[0]}.{v.version[1]}",
        "magic": v.magic,
        "magic_label": v.magic_label,
        "magic_bytes": v.magic_bytes.hex(),
        "marshal_version": v.marshal_version,
        "header_size": v.header_size,
    }


def header_dict(h: Optional[Header]) -> Optional[dict[str, Any]]:
    """Return the JSON description of a pyc header (None for headerless data)."""
    if h is None:
        return None
    out: dict[str, Any] = {"size": h.size, "magic": h.magic, "mode": h.mode, "flags": h.flags}
    if h.hash_based:
        out["source_hash"] = (h.source_hash or b"").hex()
        out["check_source"] = h.check_source
    else:
        out["mtime"] = h.mtime
        out["mtime_iso"] = h.mtime_iso
        if h.source_size is not None:
            out["source_size"] = h.source_size
    return out


def code_dict(code: Code) -> dict[str, Any]:
    """Return the JSON summary of one code object (without nested code)."""
    v = code.version
    return {
        "name": text(code.co_name),
        "qualname": text(code.co_qualname) if code.co_qualname is not None else None,
        "filename": text(code.co_filename),
        "firstlineno": code.co_firstlineno,
        "argcount": code.co_argcount,
        "posonlyargcount": code.co_posonlyargcount,
        "kwonlyargcount": code.co_kwonlyargcount,
        "nlocals": code.co_nlocals,
        "stacksize": code.co_stacksize,
        "flags": code.co_flags,
        "flag_names": v.flags_text(code.co_flags),
        "code_size": len(code.co_code),
        "consts": len(code.co_consts),
        "names": [text(n) for n in code.co_names or ()],
        "varnames": [text(n) for n in code.co_varnames or ()],
        "cellvars": [text(n) for n in code.co_cellvars or ()],
        "freevars": [text(n) for n in code.co_freevars or ()],
        "linetable_size": len(code.co_linetable),
        "exceptiontable_size": len(code.co_exceptiontable) if v.has_exception_table else None,
    }


def _code_tree(root: Code) -> dict[str, Any]:
    # Iterative: nested code objects can be deep in hostile files.
    top = {**code_dict(root), "children": []}
    stack: list[tuple[Code, dict[str, Any]]] = [(root, top)]
    while stack:
        code, node = stack.pop()
        for const in code.co_consts:
            if isinstance(const, Code):
                child = {**code_dict(const), "children": []}
                node["children"].append(child)
                stack.append((const, child))
    return top


def info_dict(pyc: Pyc) -> dict[str, Any]:
    """Return everything ``bytescope info --json`` prints for one pyc."""
    codes = list(pyc.code.iter_code()) if isinstance(pyc.code, Code) else []
    return {
        "file": pyc.path,
        "version": version_dict(pyc.version),
        "header": header_dict(pyc.header),
        "marshal": {
            "offset": pyc.marshal_offset,
            "size": len(pyc.data) - pyc.marshal_offset - pyc.trailing,
            "trailing_bytes": pyc.trailing,
        },
        "code_objects": len(codes),
        "code": _code_tree(pyc.code) if isinstance(pyc.code, Code) else None,
        "top_level_value": None if isinstance(pyc.code, Code) else short_repr(pyc.code),
    }


def info_text(pyc: Pyc) -> str:
    """Return the readable ``bytescope info`` text for one pyc."""
    v = pyc.version
    lines = []
    if pyc.path:
        lines.append(f"file:         {pyc.path}")
    lines.append(f"version:      {v.name} (magic {v.magic}, {v.magic_label})")
    h = pyc.header
    if h is None:
        lines.append("header:       none (raw marshal data)")
    else:
        lines.append(f"header:       {h.size} bytes, {h.mode}")
        if h.hash_based:
            lines.append(f"source hash:  {(h.source_hash or b'').hex()}")
        else:
            lines.append(f"mtime:        {h.mtime_iso} ({h.mtime})")
            if h.source_size is not None:
                lines.append(f"source size:  {h.source_size}")
    size = len(pyc.data) - pyc.marshal_offset - pyc.trailing
    extra = f", {pyc.trailing} trailing byte(s)" if pyc.trailing else ""
    lines.append(
        f"marshal:      format {v.marshal_version}, {size} bytes at offset {pyc.marshal_offset}"
        f"{extra}"
    )
    if not isinstance(pyc.code, Code):
        lines.append(f"top level:    {short_repr(pyc.code)} (not a code object)")
        return "\n".join(lines) + "\n"
    codes = list(pyc.code.iter_code())
    lines.append(f"code objects: {len(codes)}")
    lines.append("")
    stack: list[tuple[Code, int]] = [(pyc.code, 0)]
    while stack:
        code, depth = stack.pop()
        lines.extend(_code_lines(code, capped_indent(depth, "    ", _MAX_INDENT)))
        nested = [c for c in code.co_consts if isinstance(c, Code)]
        stack.extend((c, depth + 1) for c in reversed(nested))
    return "\n".join(lines) + "\n"


def _code_lines(code: Code, pad: str) -> list[str]:
    v = code.version
    name = text(code.co_qualname if code.co_qualname is not None else code.co_name)
    flags = " ".join(v.flags_text(code.co_flags)) or "-"
    out = [
        f"{pad}{name}  ({text(code.co_filename)}:{code.co_firstlineno})",
        f"{pad}  args: {code.co_argcount} (pos-only {code.co_posonlyargcount}, "
        f"kw-only {code.co_kwonlyargcount})  locals: {code.co_nlocals}  "
        f"stack: {code.co_stacksize}",
        f"{pad}  flags: 0x{code.co_flags:08x} {flags}",
        f"{pad}  bytecode: {len(code.co_code)} bytes  consts: {len(code.co_consts)}  "
        f"names: {len(code.co_names or ())}  line table: {len(code.co_linetable)} bytes"
        + (
            f"  exception table: {len(code.co_exceptiontable)} bytes"
            if v.has_exception_table
            else ""
        ),
    ]
    for label, names in (
        ("varnames", code.co_varnames),
        ("cellvars", code.co_cellvars),
        ("freevars", code.co_freevars),
    ):
        if names:
            out.append(f"{pad}  {label}: {', '.join(text(n) for n in names)}")
    return out
