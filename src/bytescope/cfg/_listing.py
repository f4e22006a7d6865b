"""A stand-in for the shared instruction layer (``bytescope.bytecode.listing``).

It offers the members of ``Listing`` that the CFG and its views use, built from
the decoder, the line tables and the exception table, until the shared layer
lands; then this module goes and the CFG imports that one.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Any, Optional

from ..bytecode import exceptions, lines
from ..bytecode.decode import find_labels, jump_target, unpack
from ..bytecode.lines import starts_variant
from ..code import Code
from ..versions import opcodes


class Listing:
    """The decoded instructions of one code object, with jump targets and lines."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self.version = code.version
        self.table = opcodes.table(code.version)
        co_code = bytes(code.co_code)
        self.code_len = len(co_code)
        wordcode = code.version.wordcode
        self.raw = unpack(co_code, self.table, wordcode)
        self._wordcode = wordcode
        self.labels = find_labels(self.raw, self.table, wordcode)
        self.linestarts = lines.linestarts(code, starts_variant(code, self.table))
        self._ranges = lines.co_lines(code)
        self._range_starts = [r[0] for r in self._ranges]
        self.exception_entries = (
            exceptions.parse(bytes(code.co_exceptiontable or b""))
            if code.version.has_exception_table else []
        )
        self._index = {r[0]: i for i, r in enumerate(self.raw)}
        self._positions: Optional[list[Any]] = None

    def jump_target(self, offset: int) -> Optional[int]:
        """Return where the instruction at ``offset`` jumps to, or None."""
        i = self._index.get(offset)
        if i is None:
            return None
        off, _start, op, arg = self.raw[i]
        if arg is None or not self.table.is_jump[op]:
            return None
        return jump_target(self.table, off, op, arg, self._wordcode)

    def next_offset(self, offset: int) -> int:
        """Return the offset of the instruction after the one at ``offset``."""
        i = self._index[offset]
        return self.raw[i + 1][0] if i + 1 < len(self.raw) else self.code_len

    def line_at(self, offset: int) -> Optional[int]:
        """Return the source line of the instruction at ``offset`` (None if it has none)."""
        i = bisect.bisect_right(self._range_starts, offset) - 1
        if i < 0:
            return None
        start, end, line = self._ranges[i]
        return line if start <= offset < end else None

    def positions_at(self, offset: int) -> Optional[tuple[Any, ...]]:
        """Return ``(line, end_line, col, end_col)`` of the instruction at ``offset``."""
        if self._positions is None:
            self._positions = lines.co_positions(self.code)
        i = offset // 2
        return self._positions[i] if 0 <= i < len(self._positions) else None


@lru_cache(maxsize=256)
def listing(code: Code) -> Listing:
    """Return the (cached) :class:`Listing` of ``code``."""
    return Listing(code)
