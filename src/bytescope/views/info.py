"""``bytescope info``: version, header and the tree of code objects of a pyc.

:func:`info_dict` is the JSON form; :func:`info_text` the readable one (what
``print *(PyCodeObject *)addr`` shows in gdb, for every code object).
"""

from __future__ import annotations

from typing import Any, Optional

from .. import versions
from ..code import Code
from ..pyc import Header, Pyc
from .values import capped_indent, short_repr, text

#: Nesting levels of code objects shown by indentation (see ``capped_indent``).
_MAX_INDENT = 32


def version_dict(pyc: Pyc) -> dict[str, Any]:
    """Return the JSON description of the version ``pyc`` was read as.

    ``magic`` is that format's magic number; ``releases`` the releases that
    wrote it, ``first_release`` the first (often a pre-release: the magic
    was introduced then), ``last_release`` the last one known (``"3.12.x"``:
    every release of a line still maintained; null where unknown).
    ``forced`` tells that the version was given (``--python-version``) rather
    than read from the file's magic, which :func:`file_magic_dict` describes.
    """
    v = pyc.version
    return {
        "implementation": v.implementation,
        "version": f"{v.version[0]}.{v.version[1]}",
        "name": v.name,
        "magic": v.magic,
        "releases": v.releases,
        "first_release": v.magic_label,
        "last_release": v.last_release,
        "forced": pyc.version_forced,
        "marshal_version": v.marshal_version,
        "header_size": v.header_size,
    }


def file_magic_dict(pyc: Pyc) -> Optional[dict[str, Any]]:
    """Return the JSON description of the magic the file itself starts with.

    ``number`` and ``bytes`` are the file's own, whatever version it was read
    as; ``version`` and ``releases`` say what that magic means (null for a
    magic no version lists: a packer's or game engine's own).  None for
    headerless data.
    """
    word = pyc.file_magic
    if word is None:
        return None
    known = versions.identify(word)
    return {
        "number": word[0] | (word[1] << 8),
        "bytes": word.hex(),
        "version": known.name if known else None,
        "releases": known.releases if known else None,
    }


def file_magic_text(pyc: Pyc) -> str:
    """Return what the file's own magic means: ``"CPython 2.7: 2.7a0 … 2.7.18"``.

    ``"not a known magic"`` for a private one; empty for headerless data.
    """
    word = pyc.file_magic
    if word is None:
        return ""
    known = versions.identify(word)
    return f"{known.name}: {known.releases}" if known else "not a known magic"


def version_text(pyc: Pyc) -> str:
    """Return the version line of ``info``: ``"CPython 2.7 (magic 62211: 2.7a0 … 2.7.18)"``.

    A forced version is said to be forced (see :func:`file_magic_text` for the
    file's own magic).
    """
    v = pyc.version
    forced = "forced, read as " if pyc.version_forced else ""
    return f"{v.name} ({forced}{v.magic_text})"


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


def stored(code: Code, field: str) -> Optional[int]:
    """Return an integer field of ``code`` if its version records it, else None.

    ``field`` is a code-layout name (``"posonlyargcount"``, ``"firstlineno"``);
    ``nlocals`` counts as recorded where 3.11+ derives it from the locals.
    Fields a version lacks hold a neutral 0 in the model; views must not
    show that 0 as if the file said so.
    """
    v = code.version
    if v.has_code_field(field) or (field == "nlocals" and v.has_localsplus):
        return int(getattr(code, "co_" + field))
    return None


def instruction_facts(code: Code) -> tuple[Optional[int], Optional[int]]:
    """Return (the number of instructions, of exception-table entries) as the
    instruction layer decodes them; None for a version without an opcode table."""
    from ..bytecode.listing import Listing
    from ..errors import UnsupportedVersion

    try:
        lst = Listing(code)
    except UnsupportedVersion:
        return None, None
    entries = len(lst.exception_entries) if code.version.has_exception_table else None
    return len(lst.raw), entries


def code_dict(code: Code) -> dict[str, Any]:
    """Return the JSON summary of one code object (without nested code).

    Integer fields the version does not record (``posonlyargcount`` before
    3.8, ``firstlineno`` before 1.5, ...) are null.
    """
    v = code.version
    out: dict[str, Any] = {
        "name": code.name,
        "qualname": text(code.co_qualname) if code.co_qualname is not None else None,
        "filename": code.filename,
    }
    for field in _INT_FIELDS:
        out[field] = stored(code, field)
    instructions, entries = instruction_facts(code)
    out.update({
        "flag_names": v.flags_text(code.co_flags) if stored(code, "flags") is not None else [],
        "code_size": len(code.co_code),
        "instructions": instructions,
        "consts": len(code.co_consts),
        "names": [text(n) for n in code.co_names or ()],
        "varnames": [text(n) for n in code.co_varnames or ()],
        "cellvars": [text(n) for n in code.co_cellvars or ()],
        "freevars": [text(n) for n in code.co_freevars or ()],
        "linetable_size": len(code.co_linetable) if _has_line_table(v) else None,
        "exceptiontable_size": len(code.co_exceptiontable) if v.has_exception_table else None,
        "exception_entries": entries,
    })
    return out


#: The integer fields of ``code_dict``, in the order they are shown.
_INT_FIELDS = ("firstlineno", "argcount", "posonlyargcount", "kwonlyargcount", "nlocals",
               "stacksize", "flags")


def _has_line_table(v: Any) -> bool:
    return bool(v.has_code_field("lnotab") or v.has_code_field("linetable"))


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
        "version": version_dict(pyc),
        "file_magic": file_magic_dict(pyc),
        "header": header_dict(pyc.header),
        "origin": pyc.origin,
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
    lines.append(f"version:      {version_text(pyc)}")
    h = pyc.header
    if pyc.version_forced and h is not None:
        number = h.magic_word[0] | (h.magic_word[1] << 8)
        lines.append(f"file magic:   {number} (bytes {h.magic_word.hex(' ')}; "
                     f"{file_magic_text(pyc)})")
    if h is None:
        lines.append(f"header:       none ({pyc.origin or 'raw marshal data'})")
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
    line = stored(code, "firstlineno")
    where = code.filename if line is None else f"{code.filename}:{line}"
    out = [f"{pad}{code.qualname}  ({where})"]
    sizes = []
    argcount = stored(code, "argcount")
    if argcount is not None:
        kinds = [f"{label} {value}" for label, value in (
            ("pos-only", stored(code, "posonlyargcount")),
            ("kw-only", stored(code, "kwonlyargcount"))) if value is not None]
        sizes.append(f"args: {argcount}" + (f" ({', '.join(kinds)})" if kinds else ""))
    for label, field in (("locals", "nlocals"), ("stack", "stacksize")):
        value = stored(code, field)
        if value is not None:
            sizes.append(f"{label}: {value}")
    if sizes:
        out.append(f"{pad}  {'  '.join(sizes)}")
    if stored(code, "flags") is not None:
        flags = " ".join(v.flags_text(code.co_flags)) or "-"
        out.append(f"{pad}  flags: 0x{code.co_flags:08x} {flags}")
    instructions, entries = instruction_facts(code)
    counted = f", {instructions} instructions" if instructions is not None else ""
    tables = [f"bytecode: {len(code.co_code)} bytes{counted}", f"consts: {len(code.co_consts)}",
              f"names: {len(code.co_names or ())}"]
    if _has_line_table(v):
        tables.append(f"line table: {len(code.co_linetable)} bytes")
    if v.has_exception_table:
        listed = f", {entries} entries" if entries is not None else ""
        tables.append(f"exception table: {len(code.co_exceptiontable)} bytes{listed}")
    out.append(f"{pad}  {'  '.join(tables)}")
    for label, names in (
        ("varnames", code.co_varnames),
        ("cellvars", code.co_cellvars),
        ("freevars", code.co_freevars),
    ):
        if names:
            out.append(f"{pad}  {label}: {', '.join(text(n) for n in names)}")
    return out
