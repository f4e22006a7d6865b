"""The instruction layer: one :class:`Listing` per code object, for every version.

A listing decodes a code object's bytecode once and answers, from that one
decoding, everything the views and analyses ask: the raw instructions, jump
targets, the offsets that version's ``dis`` marks as labels, line starts,
positions, exception-table entries, resolved arguments, and
:class:`~bytescope.bytecode.instruction.Instruction` objects with the fields
and values of that version's own ``dis.Instruction``.

Everything beyond the raw decoding is computed on first use and kept, so a
caller that only needs offsets and opcodes pays for nothing else (the way
capstone's instructions are cheap until detail is asked).  A field of a type
no reader gives (a program can build any :class:`Code`) is refused when the
listing is made, with a :class:`~bytescope.errors.BadCode`; after that nothing
raises on malformed bytecode: out-of-range indexes resolve to
:data:`~bytescope.bytecode.resolve.BAD`, unknown opcodes keep their ``<N>``
name, truncated tables end early.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from typing import Any, Iterator, Optional

from ..code import Code
from ..versions import opcodes
from . import exceptions, lines
from .checks import check_code
from .decode import Instr, find_labels, jump_target, unpack
from .instruction import Instruction, Positions, instruction_type
from .lines import Position, starts_variant
from .resolve import Resolver
from .target_repr import repr_for

__all__ = ["Listing", "listing"]

_NO_POSITION: Position = (None, None, None, None)


class Listing:
    """The decoded instructions of one code object, and everything derived from them.

    Build one with :func:`listing` (cached per code object).  Attributes:
    ``code``, ``version`` (its :class:`~bytescope.versions.VersionInfo`),
    ``table`` (the version's :class:`~bytescope.versions.opcodes.OpTable`),
    ``raw`` (``(offset, start_offset, opcode, arg)`` tuples, inline caches
    skipped; ``arg`` is None without an argument).
    """

    __slots__ = (
        "code", "version", "table", "raw", "_co_code", "_index", "_jumps", "_entries",
        "_labels", "_jump_labels", "_label_numbers", "_linestarts", "_ranges", "_range_starts",
        "_positions", "_resolver", "_instructions",
    )

    def __init__(self, code: Code) -> None:
        check_code(code)
        self.code = code
        self.version = code.version
        self.table = opcodes.table(code.version)
        self._co_code = bytes(code.co_code)
        self.raw: list[Instr] = unpack(self._co_code, self.table, code.version.wordcode)
        self._index: Optional[dict[int, int]] = None
        self._jumps: Optional[dict[int, int]] = None
        self._entries: Optional[list[exceptions.ExceptionEntry]] = None
        self._labels: Optional[frozenset[int]] = None
        self._jump_labels: Optional[frozenset[int]] = None
        self._label_numbers: Optional[dict[int, int]] = None
        self._linestarts: Optional[dict[int, Optional[int]]] = None
        self._ranges: Optional[list[lines.LineRange]] = None
        self._range_starts: Optional[list[int]] = None
        self._positions: Optional[list[Position]] = None
        self._resolver: Optional[Resolver] = None
        self._instructions: Optional[list[Instruction]] = None

    # --- offsets and jumps ---------------------------------------------------------

    @property
    def co_code(self) -> bytes:
        """The code object's bytecode, as bytes."""
        return self._co_code

    def index_of(self, offset: int) -> Optional[int]:
        """Return the position in :attr:`raw` of the instruction at ``offset``, or None
        when no instruction starts there (a cache unit, an argument byte, past the end)."""
        if self._index is None:
            self._index = {ins[0]: i for i, ins in enumerate(self.raw)}
        return self._index.get(offset)

    def next_offset(self, offset: int) -> int:
        """Return the offset just past the instruction at ``offset`` and its inline caches
        (the code's length for the last one).  Raises ``KeyError`` when no instruction
        starts at ``offset``."""
        i = self.index_of(offset)
        if i is None:
            raise KeyError(offset)
        if i + 1 < len(self.raw):
            return self.raw[i + 1][0]
        return len(self._co_code)

    def containing(self, offset: int) -> Optional[int]:
        """Return the offset of the instruction whose bytes (argument and inline caches
        included) hold ``offset``, or None when ``offset`` is outside the code.  A live
        frame's ``lasti`` may point into the caches of a call (3.11/3.12)."""
        if not 0 <= offset < len(self._co_code) or not self.raw:
            return None
        i = bisect_right(self.raw, (offset, 1 << 62)) - 1
        return self.raw[i][0] if i >= 0 else None

    @property
    def jump_targets(self) -> dict[int, int]:
        """``{offset of a jump instruction: offset it jumps to}`` (targets may lie
        outside the code in hostile input: check them before use)."""
        if self._jumps is None:
            table = self.table
            is_jump = table.is_jump
            wordcode = self.version.wordcode
            jumps: dict[int, int] = {}
            for offset, _start, op, arg in self.raw:
                if arg is not None and is_jump[op]:
                    target = jump_target(table, offset, op, arg, wordcode)
                    if target is not None:
                        jumps[offset] = target
            self._jumps = jumps
        return self._jumps

    def jump_target(self, offset: int) -> Optional[int]:
        """Return the target offset of the jump at ``offset``, or None if it is no jump."""
        return self.jump_targets.get(offset)

    @property
    def exception_entries(self) -> list[exceptions.ExceptionEntry]:
        """The 3.11+ exception-table entries in table order (empty before 3.11)."""
        if self._entries is None:
            if self.version.has_exception_table:
                self._entries = exceptions.parse(bytes(self.code.co_exceptiontable or b""))
            else:
                self._entries = []
        return self._entries

    @property
    def jump_labels(self) -> frozenset[int]:
        """The offsets jumped to (``dis.findlabels``), as a set."""
        if self._jump_labels is None:
            traits = self.table.traits
            if traits["label_specialized"] and traits["labels_extended"]:
                self._jump_labels = frozenset(self.jump_targets.values())
            else:
                self._jump_labels = frozenset(
                    find_labels(self.raw, self.table, self.version.wordcode))
        return self._jump_labels

    @property
    def labels(self) -> frozenset[int]:
        """The offsets this version's ``dis`` marks as jump targets (``>>`` before 3.13,
        ``L<n>:`` from 3.13): jump targets, plus the exception handlers (3.11/3.12)
        or every exception range's start, end and handler (3.13+)."""
        if self._labels is None:
            rule = self.table.traits["labels"]
            entries = self.exception_entries
            if not entries:
                self._labels = self.jump_labels
                return self._labels
            found = set(self.jump_labels)
            for e in entries:
                if rule == "ranges":
                    found.update((e.start, e.end, e.target))
                elif rule == "handlers" and e.start < e.end:
                    found.add(e.target)
            self._labels = frozenset(found)
        return self._labels

    @property
    def label_numbers(self) -> dict[int, int]:
        """``{offset: n}`` numbering :attr:`labels` in offset order from 1 (3.13+'s
        ``L<n>``; given for every version, for views that name targets)."""
        if self._label_numbers is None:
            self._label_numbers = {off: i + 1 for i, off in enumerate(sorted(self.labels))}
        return self._label_numbers

    # --- lines and positions ---------------------------------------------------------

    @property
    def linestarts(self) -> dict[int, Optional[int]]:
        """``{offset: line}`` as this version's ``dis.findlinestarts`` gives it (3.13+
        includes changes to "no line", as None)."""
        if self._linestarts is None:
            self._linestarts = lines.linestarts(self.code, starts_variant(self.code, self.table))
        return self._linestarts

    @property
    def line_ranges(self) -> list[lines.LineRange]:
        """``(start, end, line)`` ranges covering the code, like ``co_lines()``."""
        if self._ranges is None:
            self._ranges = lines.co_lines(self.code)
            self._range_starts = [r[0] for r in self._ranges]
        return self._ranges

    def line_at(self, offset: int) -> Optional[int]:
        """Return the source line of the instruction at ``offset`` (None: no line)."""
        ranges = self.line_ranges
        assert self._range_starts is not None
        i = bisect_right(self._range_starts, offset) - 1
        if i >= 0:
            start, end, line = ranges[i]
            if start <= offset < end:
                return line
        return None

    @property
    def positions(self) -> list[Position]:
        """One ``(line, end_line, column, end_column)`` per 2-byte code unit, like
        ``co_positions()`` (before 3.11: lines only, no columns)."""
        if self._positions is None:
            self._positions = lines.co_positions(self.code)
        return self._positions

    def positions_at(self, offset: int) -> Positions:
        """Return the :class:`Positions` of the code unit at ``offset``."""
        pos = self.positions
        unit = offset // 2
        return Positions(*(pos[unit] if 0 <= unit < len(pos) else _NO_POSITION))

    # --- arguments and instructions ------------------------------------------------------

    @property
    def resolver(self) -> Resolver:
        """The :class:`Resolver` giving ``(argval, argrepr)`` as this version's dis does."""
        if self._resolver is None:
            version = self.version
            self._resolver = Resolver.of_code(
                self.code, self.table, repr_for(version.key, version.is_py2),
                self.label_numbers if self.table.traits["text"] == "labels" else None,
            )
        return self._resolver

    def resolver_with(self, numbers: dict[int, int]) -> Resolver:
        """Return a :class:`Resolver` naming jump targets by ``numbers`` (3.13+
        ``get_instructions`` numbers jump targets alone, not exception ranges)."""
        version = self.version
        return Resolver.of_code(self.code, self.table, repr_for(version.key, version.is_py2),
                                numbers)

    def argument(self, offset: int, op: int, arg: Optional[int]) -> tuple[Any, str]:
        """Return ``(argval, argrepr)`` of instruction ``op``/``arg`` at ``offset``."""
        return self.resolver.resolve(offset, op, arg)

    def cache_info(self, offset: int, op: int) -> Optional[list[tuple[str, int, bytes]]]:
        """Return ``[(name, size, data), ...]`` of the inline caches after the instruction
        ``op`` at ``offset`` (3.11+), or None when it has none."""
        table = self.table
        if not table.caches[op]:
            return None
        out = []
        data_off = offset
        first_only = table.traits["cache_repr"] == "first_data"
        for name, size in table.cache_format.get(table.names[table.deop[op]], ()):
            start = offset if first_only else data_off
            out.append((name, size, self._co_code[start + 2 : start + 2 + 2 * size]))
            data_off += 2 * size
        return out

    def instructions(
        self, *, first_line: Optional[int] = None, show_caches: bool = False
    ) -> list[Instruction]:
        """Return the code's :class:`Instruction` objects, with the fields and values of
        this version's ``dis.get_instructions`` (``first_line`` renumbers lines as that
        option does; ``show_caches`` adds the 3.11/3.12 ``CACHE`` pseudo-instructions)."""
        if first_line is None and not show_caches:
            if self._instructions is None:
                self._instructions = list(self.iter_instructions())
            return self._instructions
        return list(self.iter_instructions(first_line=first_line, show_caches=show_caches))

    def iter_instructions(
        self, *, first_line: Optional[int] = None, show_caches: bool = False
    ) -> Iterator[Instruction]:
        """Yield the instructions one by one (see :meth:`instructions`)."""
        from .instruction import build_instructions

        offset = 0 if first_line is None else first_line - self.code.co_firstlineno
        return build_instructions(self, offset, show_caches)

    def instruction_type(self) -> type:
        """Return the ``Instruction`` class of this code's version."""
        return instruction_type(self.table)

    def text_of(self, offset: int) -> str:
        """Return the ``dis`` text of the one instruction at ``offset``, as
        ``Instruction._disassemble()`` (3.4-3.12) or ``str(instruction)`` (3.13+) gives
        it, without the line-number and label columns.  Raises ``KeyError`` when no
        instruction starts at ``offset``."""
        i = self.index_of(offset)
        if i is None:
            raise KeyError(offset)
        off, _start, op, arg = self.raw[i]
        name = self.table.names[op]
        if arg is None:
            return name
        argrepr = self.argument(off, op, arg)[1]
        excess = max(0, len(name) - 20)
        text = f"{name.ljust(20)} {repr(arg).rjust(5 - excess)}"
        return f"{text} ({argrepr})" if argrepr else text


#: recent listings by ``id(code)``, with the code itself so a reused id never matches
_CACHE: dict[int, tuple[Code, Listing]] = {}
_CACHE_KEPT = 64


def listing(code: Code) -> Listing:
    """Return the :class:`Listing` of ``code`` (the same object while it stays cached).

    Raises :class:`~bytescope.errors.UnsupportedVersion` when the code's version has no
    opcode table, :class:`~bytescope.errors.BadCode` when a field has a type no reader
    gives (see :func:`~bytescope.bytecode.checks.check_code`).
    """
    hit = _CACHE.get(id(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    found = Listing(code)
    if len(_CACHE) >= _CACHE_KEPT:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[id(code)] = (code, found)
    return found


def cache_word(data: bytes) -> int:
    """Return the value of a cache entry's bytes as dis shows it (host byte order)."""
    return int.from_bytes(data, sys.byteorder)
