"""The fields of a code object the instruction layer reads, checked once per code object.

The marshal reader gives every field the type CPython gives it, but a
:class:`~bytescope.Code` can also be built or ``replace()``-d by a program, with
anything in it.  :func:`check_code` refuses, with a
:class:`~bytescope.errors.BadCode` naming the code object and the field, what
no reader produces and what no view could show: bytecode that is not bytes,
constants that are not a sequence, names that are not strings, line numbers
that are not integers.  What a reader *can* produce (indexes past the end of a
table, tables that lie) is never refused here: the listing shows it.
"""

from __future__ import annotations

from typing import Any

from ..errors import BadCode, DisTypeError

_BYTES = (bytes, bytearray, memoryview)
_SEQUENCES = (tuple, list)
#: fields holding names: a tuple (a list in Python 1.0), or None (Python 1.x/2.x
#: pycs may store None for an absent table; the layer reads it as empty)
_NAME_FIELDS = ("co_names", "co_varnames", "co_freevars", "co_cellvars", "co_localsplusnames")
_INT_FIELDS = ("co_firstlineno", "co_flags", "co_argcount", "co_kwonlyargcount",
               "co_posonlyargcount", "co_nlocals", "co_stacksize")


def describe(code: Any) -> str:
    """Return how errors name ``code``: ``code object 'f' (file 'x.py', line 3)``."""
    def text(value: Any) -> str:
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode("latin-1")
        return str(value)

    return (f"code object {text(getattr(code, 'co_name', '?'))!r} (file "
            f"{text(getattr(code, 'co_filename', '?'))!r}, line "
            f"{getattr(code, 'co_firstlineno', '?')})")


def _bad(code: Any, field: str, value: Any, expected: str) -> BadCode:
    return BadCode(f"{describe(code)}: {field} is {type(value).__name__}", expected=expected)


def check_code(code: Any) -> None:
    """Return None when ``code``'s fields have types the instruction layer can read.

    Raises :class:`~bytescope.errors.BadCode` (naming the code object and the
    field) for bytecode that is not bytes, constants that are not a tuple or
    list, a name table that is not a tuple, list or None or holds anything but
    strings (bytes too for Python 1.x/2.x), integer fields that are not ints,
    and line or exception tables that are not bytes or None.
    """
    value = code.co_code
    if not isinstance(value, _BYTES):
        raise _bad(code, "co_code", value, "bytes")
    value = code.co_consts
    if not isinstance(value, _SEQUENCES):
        raise _bad(code, "co_consts", value, "a tuple of constants")
    text_types = code.version.name_types
    for field in _NAME_FIELDS:
        value = getattr(code, field, None)
        if value is None:
            continue
        if not isinstance(value, _SEQUENCES):
            raise _bad(code, field, value, "a tuple of names")
        for name in value:
            if not isinstance(name, text_types):
                raise BadCode(f"{describe(code)}: {field} holds a {type(name).__name__}",
                              expected="a tuple of strings")
    for field in _INT_FIELDS:
        value = getattr(code, field, 0)
        if not isinstance(value, int):
            raise _bad(code, field, value, "an int")
    for field in ("co_linetable", "co_exceptiontable"):
        value = getattr(code, field, None)
        if value is not None and not isinstance(value, _BYTES):
            raise _bad(code, field, value, "bytes")


def check_number(name: str, value: Any, none_ok: bool = False) -> None:
    """Return None when ``value`` (a ``lasti``, ``first_line``, ``depth``... given to a
    disassembly) is an int or float (or None with ``none_ok``).

    Raises :class:`~bytescope.errors.DisTypeError` naming ``name`` otherwise (native
    ``dis`` fails on one somewhere inside, with a TypeError about an operator).
    """
    if value is None and none_ok:
        return
    if not isinstance(value, (int, float)):
        raise DisTypeError(f"{name} must be a number{' or None' if none_ok else ''}, "
                           f"not {type(value).__name__}")
