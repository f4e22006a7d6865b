"""The 3.11+ exception table: ``co_exceptiontable`` decoded into entries."""

from __future__ import annotations

from typing import NamedTuple


class ExceptionEntry(NamedTuple):
    """One protected range: ``[start, end)`` in bytes, handler ``target``, stack ``depth``."""

    start: int
    end: int
    target: int
    depth: int
    lasti: bool


#: varint values keep their low 64 bits: a hostile table of a million continuation
#: bytes would otherwise build an ever-growing int (quadratic work); no real table
#: comes near 2**64, and CPython's own reader keeps an unsigned int
_MASK64 = 2**64 - 1


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    b = data[pos]
    pos += 1
    val = b & 63
    while b & 64:
        b = data[pos]
        pos += 1
        val = ((val << 6) | (b & 63)) & _MASK64
    return val, pos


def parse(table: bytes) -> list[ExceptionEntry]:
    """Return the entries of ``co_exceptiontable`` in table order.

    Like CPython's ``dis``, a truncated final entry is dropped silently.
    """
    entries: list[ExceptionEntry] = []
    pos = 0
    n = len(table)
    try:
        while pos < n:
            start, pos = _varint(table, pos)
            length, pos = _varint(table, pos)
            target, pos = _varint(table, pos)
            dl, pos = _varint(table, pos)
            entries.append(
                ExceptionEntry(start * 2, (start + length) * 2, target * 2, dl >> 1, bool(dl & 1))
            )
    except IndexError:
        pass
    return entries
