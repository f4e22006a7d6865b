"""Support for the hand-written stack-effect modules: effects written by opcode name.

The lines with no interpreter here (3.4, 3.5, and the older lines' nearest
form) state their facts as CPython's ``compile.c`` does, by opcode name;
:func:`numbered` turns them into the ``opcode -> form`` data the accessor
reads, using that line's opcode table, so a misspelt or misplaced name fails
at import instead of silently giving no effect.
"""

from __future__ import annotations

from typing import Any

from ..opcodes import table

#: ``dis.stack_effect``'s argument rules as 3.4 introduced them (and the nearest
#: form for older lines): an oparg required from HAVE_ARGUMENT (90) up, no
#: ``jump``, 3.4's messages for out-of-range ints and wrong types.
API_34: dict[str, Any] = {
    "arg_check": True, "jump": False, "int_errors": "split", "type_errors": "int",
}
HAS_ARG_90 = ((90, 2**31 - 1),)


def numbered(line: str, by_name: dict[str, Any]) -> dict[int, Any]:
    """Return ``by_name`` keyed by opcode number in ``line``'s opcode table.

    Raises KeyError naming any opcode the table does not have.
    """
    opmap = table(line).opmap
    missing = sorted(set(by_name) - set(opmap))
    if missing:
        raise KeyError(f"Python {line} has no opcode named {', '.join(missing)}")
    return {opmap[name]: form for name, form in sorted(by_name.items(), key=lambda i: opmap[i[0]])}


def grouped(*groups: tuple[str, tuple[str, ...]]) -> dict[str, str]:
    """Return ``{name: formula}`` from ``(formula, names)`` groups, as compile.c's case lists."""
    return {name: formula for formula, names in groups for name in names}
