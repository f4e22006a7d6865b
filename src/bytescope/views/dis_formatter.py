# ruff: noqa: UP031  (printf formats mirror the native dis source)
"""Per-instruction text of the 3.13+ ``dis``: the ``Formatter`` class.

3.13 moved instruction formatting into ``dis.Formatter`` (line or position
column, ``L<n>:`` label column, optional offset column, the ``-->`` marker,
then name, argument and argument text).  :class:`Formatter` does the same for
any :class:`~bytescope.bytecode.instruction.Instruction` of the 3.13 shape;
``dis_api`` exposes it as that version's ``dis.Formatter`` and the dis text
view uses it whenever an option or a current instruction is shown.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Callable, Iterable, Optional

OPNAME_WIDTH = 20
OPARG_WIDTH = 5
NO_LINENO = "  --"


def position_text(positions: Any) -> str:
    """Return ``LINE:COL-ENDLINE:ENDCOL`` for a positions tuple (``?`` for a missing
    part, ``  --`` when all are missing)."""
    if all(p is None for p in positions):
        return NO_LINENO
    a, b, c, d = ("?" if p is None else p for p in positions)
    return f"{a}:{c}-{b}:{d}"


def lineno_width(linestarts: Optional[dict[int, Optional[int]]]) -> int:
    """Return the line column's width for ``{offset: line}`` (0: no line at all)."""
    if linestarts is None:
        return 0
    values = [v for v in linestarts.values() if v]
    if not values:
        return 0
    width = max(3, len(str(max(values))))
    if width < len(NO_LINENO) and None in linestarts.values():
        width = len(NO_LINENO)
    return width


def positions_width(positions: Iterable[Any]) -> int:
    """Return the position column's width for a code object's ``co_positions()``
    (0 when no position has any value)."""
    has_value = False
    width = 0
    for p in positions:
        has_value = has_value or any(isinstance(x, int) for x in p)
        w = sum(1 if x is None else len(str(x)) for x in p)
        if w > width:
            width = w
    if has_value:
        return 1 + max(len(NO_LINENO), 3 + width)
    return 0


class Formatter:
    """Formats 3.13-shaped instructions as that version's ``dis.Formatter`` does.

    ``file`` receives the text (default ``sys.stdout`` at print time); ``emit``,
    when given, receives each line instead (without its newline).
    """

    def __init__(
        self, file: Optional[IO[str]] = None, lineno_width: int = 0, offset_width: int = 0,
        label_width: int = 0, line_offset: int = 0, show_caches: bool = False, *,
        show_positions: bool = False, emit: Optional[Callable[[str], Any]] = None,
        cache_opcode: int = 0,
    ) -> None:
        self.file = file
        self.lineno_width = lineno_width
        self.offset_width = offset_width
        self.label_width = label_width
        self.show_caches = show_caches
        self.show_positions = show_positions
        self._emit = emit
        self._cache_opcode = cache_opcode

    def _line(self, text: str) -> None:
        if self._emit is not None:
            self._emit(text)
        else:
            print(text, file=self.file if self.file is not None else sys.stdout)

    def print_instruction(self, instr: Any, mark_as_current: bool = False) -> None:
        """Write the instruction's line, then its ``CACHE`` lines when caches are shown."""
        self.print_instruction_line(instr, mark_as_current)
        self.print_caches(instr)

    def print_caches(self, instr: Any) -> None:
        """Write the ``CACHE`` lines of ``instr`` when caches are shown (else nothing)."""
        if self.show_caches and instr.cache_info:
            offset = instr.offset
            for name, size, data in instr.cache_info:
                for i in range(size):
                    offset += 2
                    argrepr = f"{name}: {int.from_bytes(data, sys.byteorder)}" if i == 0 else ""
                    cache = type(instr)("CACHE", self._cache_opcode, 0, None, argrepr, offset,
                                        offset, False, None, None, instr.positions)
                    self.print_instruction_line(cache, False)

    def print_instruction_line(self, instr: Any, mark_as_current: bool) -> None:
        """Write the one line of ``instr`` (preceded by a blank line when it starts a
        source line after the first)."""
        if self.lineno_width > 0 and instr.starts_line and instr.offset > 0:
            self._line("")
        self._line(self.format_line(instr, mark_as_current))

    def format_line(self, instr: Any, mark_as_current: bool) -> str:
        """Return the text of ``instr``'s line (no blank line before it)."""
        width = self.lineno_width
        fields = []
        if width:
            if self.show_positions:
                if instr.positions:
                    fields.append(f"{position_text(instr.positions):{width}}")
                else:
                    fields.append(" " * width)
            elif instr.starts_line:
                if instr.line_number is None:
                    fields.append("%*s" % (width, NO_LINENO))
                else:
                    fields.append("%*d" % (width, instr.line_number))
            else:
                fields.append(" " * width)
        if instr.label is not None:
            fields.append(f"{'L%d:' % instr.label:>{self.label_width}}")
        else:
            fields.append(" " * self.label_width)
        if self.offset_width > 0:
            fields.append(f"{instr.offset!r:>{self.offset_width}}  ")
        fields.append("-->" if mark_as_current else "   ")
        fields.append(instr.opname.ljust(OPNAME_WIDTH))
        if instr.arg is not None:
            excess = max(0, len(instr.opname) - OPNAME_WIDTH)
            fields.append(repr(instr.arg).rjust(OPARG_WIDTH - excess))
            if instr.argrepr:
                fields.append("(" + instr.argrepr + ")")
        return " ".join(fields).rstrip()

    def print_exception_table(self, exception_entries: Iterable[Any]) -> None:
        """Write ``ExceptionTable:`` and one line per entry (entries carry
        ``start_label``, ``end_label`` and ``target_label``)."""
        entries = list(exception_entries)
        if entries:
            self._line("ExceptionTable:")
            for e in entries:
                lasti = " lasti" if e.lasti else ""
                self._line(f"  L{e.start_label} to L{e.end_label} -> L{e.target_label} "
                           f"[{e.depth}]{lasti}")
