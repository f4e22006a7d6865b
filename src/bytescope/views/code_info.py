# ruff: noqa: UP031  (printf formats mirror the native dis source)
"""``dis.code_info`` text, as the code's own version prints it.

:func:`code_info` gives one code object's block; :func:`code_info_all` the
blocks of a code object and every nested one (pre-order, the order
``dis.dis`` visits them), separated by blank lines.
"""

from __future__ import annotations

from typing import Any

from ..bytecode.checks import check_code
from ..bytecode.target_repr import target_repr
from ..code import Code
from ..versions import opcodes


def _s(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


def pretty_flags(flags: int, names: dict[int, str]) -> str:
    """Return ``dis.pretty_flags(flags)`` for a version whose flag names are ``names``."""
    out = []
    for i in range(32):
        flag = 1 << i
        if flags & flag:
            out.append(names.get(flag, hex(flag)))
            flags ^= flag
            if not flags:
                break
    else:
        out.append(hex(flags))
    return ", ".join(out)


#: CO_NOFREE, the flag some versions' code constructor recomputes
_NOFREE = 0x40


def _loaded_flags(code: Code, table: opcodes.OpTable) -> int:
    """Return ``co_flags`` as the version's interpreter has them after loading ``code``."""
    flags = code.co_flags
    if table.traits["nofree_on_load"] and code.version.implementation == "CPython":
        if code.co_freevars or code.co_cellvars:
            return flags & ~_NOFREE
        return flags | _NOFREE
    return flags


def code_info(code: Code) -> str:
    """Return ``dis.code_info(code)`` as ``code``'s version prints it (no trailing newline).

    Versions whose dis has no ``code_info`` (Python 2) get the nearest (3.0) form.
    Raises :class:`~bytescope.errors.BadCode` for a field of a type no reader gives.
    """
    check_code(code)
    table = opcodes.table(code.version)
    variant = table.traits["info"] or "3.0"
    flag_names = table.compiler_flag_names or {
        bit: name for bit, name in code.version.flag_names.items() if bit < 0x400
    }
    lines = [
        "Name:              %s" % _s(code.co_name),
        "Filename:          %s" % _s(code.co_filename),
        "Argument count:    %s" % code.co_argcount,
    ]
    if variant == "3.8":
        lines.append("Positional-only arguments: %s" % code.co_posonlyargcount)
    lines += [
        "Kw-only arguments: %s" % code.co_kwonlyargcount,
        "Number of locals:  %s" % code.co_nlocals,
        "Stack size:        %s" % code.co_stacksize,
        "Flags:             %s" % pretty_flags(_loaded_flags(code, table), flag_names),
    ]
    if code.co_consts:
        lines.append("Constants:")
        for i, c in enumerate(code.co_consts):
            lines.append("%4d: %s" % (i, target_repr(c, code.version)))
    for title, seq in (
        ("Names:", code.co_names),
        ("Variable names:", code.co_varnames),
        ("Free variables:", code.co_freevars),
        ("Cell variables:", code.co_cellvars),
    ):
        if seq:
            lines.append(title)
            for i, n in enumerate(seq):
                lines.append("%4d: %s" % (i, _s(n)))
    return "\n".join(lines)


def code_info_all(code: Code) -> str:
    """Return the ``code_info`` blocks of ``code`` and every nested code object, pre-order."""
    return "\n\n".join(code_info(c) for c in code.iter_code()) + "\n"
