# ruff: noqa: UP031  (printf formats mirror the native dis source)
"""Text disassembly identical to the native ``dis`` of the code's own version.

:func:`dis_text` returns what ``dis.dis(code)`` prints under the version the
code object comes from -- whatever Python runs bytescope.  :func:`dis` is the
library entry point (accepts a :class:`~bytescope.Code`, a
:class:`~bytescope.Pyc`, a host function or a host code object).

The formatter families (2.x print statements; 3.x ``Instruction._disassemble``;
3.13+ ``Formatter`` with labels) and every difference between versions come
from the dis traits of :mod:`bytescope.versions.opcodes.traits`.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Optional

from ..bytecode.checks import check_number, describe
from ..bytecode.inputs import code_of
from ..bytecode.instruction import build_instructions
from ..bytecode.listing import Listing
from ..bytecode.resolve import CODE_FREE_KINDS
from ..bytecode.target_repr import code_repr
from ..code import Code
from ..errors import BytescopeError, DisTypeError, LimitExceeded
from ..versions import opcodes
from .dis_formatter import Formatter, lineno_width, positions_width

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5

OPTIONS = ("show_caches", "show_offsets", "show_positions")
#: argument kinds whose text the print-statement dis (<= 3.3) always wraps in "(...)"
_PY2_PARENS = frozenset(
    (opcodes.K_CONST, opcodes.K_NAME, opcodes.K_JREL, opcodes.K_LOCAL, opcodes.K_COMPARE,
     opcodes.K_FREE)
)


class OptionUnsupported(BytescopeError):
    """A dis option the code's Python version does not have natively."""


def check_options(code: Code, **options: bool) -> None:
    """Raise :class:`OptionUnsupported` if an option set is not native to ``code``'s version."""
    table = opcodes.table(code.version)
    for name in OPTIONS:
        if options.get(name) and name not in table.traits["options"]:
            flag = "--" + name.replace("_", "-")
            has = ", ".join("--" + o.replace("_", "-") for o in table.traits["options"])
            raise OptionUnsupported(
                f"{flag} is not an option of Python {code.version.key}'s dis "
                f"(it has: {has or 'none'})"
            )


def dis_text(
    code: Code,
    *,
    show_caches: bool = False,
    show_offsets: bool = False,
    show_positions: bool = False,
    recurse: Optional[bool] = None,
    depth: Optional[int] = None,
    source: Optional[list[str]] = None,
    lasti: int = -1,
    line_offset: int = 0,
) -> str:
    """Return the text ``dis.dis(code)`` prints under ``code``'s own version.

    Options the version lacks are ignored here (see :func:`check_options`).
    ``recurse`` overrides whether nested code objects follow (default: as the
    version's dis does).  ``source`` (the source file's lines) adds a
    ``# N: text`` line above the instructions each source line produced.
    ``lasti`` marks the current instruction with ``-->`` and ``line_offset``
    shifts the line numbers, as ``dis.disassemble(code, lasti)`` and
    ``Bytecode(code, first_line=...)`` do (for the top code object only).
    Never raises on malformed bytecode; raises
    :class:`~bytescope.errors.DisTypeError` for a ``lasti``, ``line_offset`` or
    ``depth`` that is no number, :class:`~bytescope.errors.LimitExceeded` when lines
    over 4 KiB would add up to more than 256 MiB (a huge constant loaded thousands
    of times).
    """
    check_number("lasti", lasti)
    check_number("line_offset", line_offset)
    check_number("depth", depth, none_ok=True)
    table = opcodes.table(code.version)
    t = table.traits
    if recurse is None:
        recurse = t["recurse"]
    out: list[str] = []
    opts = dict(
        show_caches=show_caches and "show_caches" in t["options"],
        show_offsets=show_offsets and "show_offsets" in t["options"],
        show_positions=show_positions and "show_positions" in t["options"],
    )
    budget = _TextBudget(code)
    # Iterative pre-order walk (nested code can be deep in hostile input).
    stack: list[tuple[Code, Optional[int], bool]] = [(code, depth, True)]
    while stack:
        co, d, first = stack.pop()
        if not first:
            out.append("")
            out.append(f"Disassembly of {code_repr(co)}:")
        disassemble_one(co, out, table, source=source, lasti=lasti if first else -1,
                        line_offset=line_offset if first else 0, budget=budget, **opts)
        if recurse and (d is None or d > 0):
            nd = None if d is None else d - 1
            nested = [c for c in co.co_consts if isinstance(c, Code)]
            for c in reversed(nested):
                stack.append((c, nd, False))
    return "\n".join(out) + "\n"


#: lines longer than this are charged to a :class:`_TextBudget` each time they are shown
_LONG_LINE = 4096
#: the characters of long lines one dis_text may build: 256 MiB.  Real listings stay far
#: below (a long constant is shown once or a few times), but a small pyc can load one big
#: constant ten thousand times: gigabytes of text native dis would stream, which a
#: string cannot hold
_LONG_TEXT = 256 << 20


class _TextBudget:
    """The characters of long lines left to one disassembly."""

    __slots__ = ("left", "code")

    def __init__(self, code: Code) -> None:
        self.left = _LONG_TEXT
        self.code = code

    def charge(self, n: int) -> None:
        """Count ``n`` characters of long lines; raise
        :class:`~bytescope.errors.LimitExceeded` past the budget."""
        self.left -= n
        if self.left < 0:
            raise LimitExceeded(
                f"the disassembly of {describe(self.code)} would hold more than {_LONG_TEXT} "
                f"characters of long lines (a huge constant shown many times)",
                expected=f"at most {_LONG_TEXT} characters of lines over {_LONG_LINE}",
            )

    def line(self, text: str) -> str:
        """Return ``text``, charging it when it is a long line."""
        if len(text) > _LONG_LINE:
            self.charge(len(text))
        return text


def disassemble_one(
    code: Code,
    out: list[str],
    table: Optional[opcodes.OpTable] = None,
    *,
    show_caches: bool = False,
    show_offsets: bool = False,
    show_positions: bool = False,
    source: Optional[list[str]] = None,
    lasti: int = -1,
    line_offset: int = 0,
    budget: Optional[_TextBudget] = None,
) -> None:
    """Append the lines ``dis.disassemble(code, lasti)`` prints to ``out``.

    ``source``: the source lines, to show each above its instructions;
    ``lasti``: the offset of the current instruction (``-->``); ``line_offset``:
    added to every line number (``Bytecode(first_line=...)``); ``budget``: the long
    lines' characters left (raises :class:`~bytescope.errors.LimitExceeded` past it).
    """
    if budget is None:
        budget = _TextBudget(code)
    # A listing of its own: a text view reads each code object once, so the shared
    # cache (for views that come back to the same code) would only churn.
    lst = Listing(code)
    style = lst.table.traits["text"]
    src = _SourceNotes(source, out)
    plain = lasti < 0 and not line_offset
    if style == "py2":
        _py2(lst, out, src, lasti, budget)
    elif style == "labels":
        if plain and not (show_caches or show_offsets or show_positions):
            _labels_fast(lst, out, src, budget)
        else:
            _labels_general(lst, out, src, show_caches, show_offsets, show_positions, lasti,
                            line_offset, budget)
        _labels_exceptions(lst, out)
    else:
        if plain and not show_caches:
            _classic_fast(lst, out, src, budget)
        else:
            _classic_general(lst, out, src, show_caches, lasti, line_offset, budget)
        _classic_exceptions(lst, out)


class _SourceNotes:
    """Appends ``# N: source`` lines when a source is given (no-op otherwise)."""

    __slots__ = ("lines", "out")

    def __init__(self, lines_: Optional[list[str]], out: list[str]) -> None:
        self.lines = lines_
        self.out = out

    def __call__(self, line: Any) -> None:
        if self.lines is None or not isinstance(line, int):
            return
        if 1 <= line <= len(self.lines):
            self.out.append(f"# {line}: {self.lines[line - 1].strip()}")


# --- Python 1.x / 2.x: print statements -----------------------------------------


def _py2(lst: Listing, out: list[str], src: _SourceNotes, lasti: int,
         budget: _TextBudget) -> None:
    table = lst.table
    labels = lst.labels
    starts = lst.linestarts
    resolve = lst.resolver.resolve
    names = table.names
    ext = table.extended_arg
    end = table.traits["print_end"]
    longs = table.traits["long_suffix"]
    long_arg = False
    for offset, _start, op, arg in lst.raw:
        fields = []
        if offset in starts:
            if offset > 0:
                out.append("")
            line = starts[offset]
            src(line)
            fields.append("%3d" % (line or 0))
        else:
            fields.append("   ")
        fields.append("-->" if offset == lasti else "   ")
        fields.append(">>" if offset in labels else "  ")
        fields.append(repr(offset).rjust(4))
        fields.append(names[op].ljust(20))
        if arg is not None:
            suffix = "L" if long_arg else ""
            fields.append((repr(arg) + suffix).rjust(5))
            argrepr = resolve(offset, op, arg)[1]
            # print statements show "(" + name + ")" even for an empty name
            if argrepr or table.kinds[table.deop[op]] in _PY2_PARENS:
                if argrepr.startswith("to ") and suffix:
                    argrepr += "L"
                fields.append("(" + argrepr + ")")
            long_arg = longs and op == ext
        out.append(budget.line(" ".join(fields) + end))


#: argument kinds the print-statement ``disassemble_string`` explains in "(...)"
_RAW_PARENS = frozenset(
    (opcodes.K_CONST, opcodes.K_NAME, opcodes.K_JREL, opcodes.K_LOCAL, opcodes.K_COMPARE)
)


def raw_text_py2(
    data: bytes, version: Any, lasti: int = -1, varnames: Any = None, names: Any = None,
    constants: Any = None,
) -> str:
    """Return what 2.7's ``dis.disassemble_string`` (3.0-3.3: ``_disassemble_bytes``)
    prints for bare bytecode ``data`` of Python ``version`` (a VersionInfo): no line
    column, names padded to 15, each instruction's own 16-bit argument
    (``EXTENDED_ARG`` is not folded), arguments
    explained from the tables given (``constants`` and ``varnames`` when not empty,
    ``names`` when not None), else by their number.  Indexes past a table's end
    show as ``<bad const index N>``, unknown opcodes as ``<N>``.
    """
    from ..bytecode.decode import find_labels, unpack
    from ..bytecode.resolve import Resolver
    from ..bytecode.target_repr import repr_for

    table = opcodes.table(version)
    end = table.traits["print_end"]

    def text(seq: Any) -> Any:
        return tuple(bytes(n).decode("latin-1") if isinstance(n, (bytes, bytearray)) else str(n)
                     for n in seq)

    resolver = Resolver(
        table, version.wordcode, repr_for(version.key, version.is_py2),
        consts=tuple(constants) if constants else None,
        names=text(names) if names is not None else None,
        varnames=text(varnames) if varnames else None,
        freenames=None, absent="index",
    )
    instrs = unpack(data, table, version.wordcode)
    labels = set(find_labels(instrs, table, version.wordcode))
    out = []
    for offset, _start, op, arg in instrs:
        fields = ["-->" if offset == lasti else "   ", ">>" if offset in labels else "  ",
                  repr(offset).rjust(4), table.names[op].ljust(15)]
        if arg is not None:
            arg &= 0xFFFF  # the prefix's bits are not folded in
            fields.append(repr(arg).rjust(5))
            if table.kinds[table.deop[op]] in _RAW_PARENS:
                fields.append("(" + resolver.resolve(offset, op, arg)[1] + ")")
        out.append(" ".join(fields) + end + "\n")
    return "".join(out)


# --- Python 3.0 - 3.12: Instruction._disassemble ------------------------------------


#: per opcode-table key: (is the opcode's argrepr code-free, the shared tails)
_SHARED_TAILS: dict[str, tuple[tuple[bool, ...], dict[int, str]]] = {}
#: the most tails kept per table (hostile code could have any number of args)
_SHARED_MAX = 1 << 16


def _shared_tails(table: opcodes.OpTable) -> tuple[tuple[bool, ...], dict[int, str]]:
    """Return (per opcode: does its text depend only on op and arg; a dict of such
    texts shared by every code object of the table's line, keyed ``arg * 256 + op``)."""
    found = _SHARED_TAILS.get(table.key)
    if found is None:
        free = tuple(
            not table.is_jump[op] and table.kinds[table.deop[op]] in CODE_FREE_KINDS
            for op in range(256)
        )
        found = _SHARED_TAILS[table.key] = (free, {})
    return found


_OFFSET_TEXTS: dict[tuple[str, int], list[str]] = {}
#: code longer than this formats its offsets on demand (no table kept for it)
_OFFSET_TABLE_MAX = 1 << 14
#: the most (lead, width) tables kept at once
_OFFSET_TABLES_KEPT = 16


class _OffsetFormatter:
    """``[o]`` gives ``lead``, then offset ``o`` right-aligned to ``width``, then a space."""

    __slots__ = ("lead", "width")

    def __init__(self, lead: str, width: int) -> None:
        self.lead = lead
        self.width = width

    def __getitem__(self, offset: int) -> str:
        return f"{self.lead}{offset:{self.width}d} "


def _offset_texts(lead: str, width: int, n: int) -> Any:
    """Return what maps an offset ``o < n`` to ``lead``, ``o`` right-aligned to
    ``width`` and a space: a list shared between calls (grown on demand) for
    usual sizes, else an :class:`_OffsetFormatter`."""
    if n > _OFFSET_TABLE_MAX:
        return _OffsetFormatter(lead, width)
    texts = _OFFSET_TEXTS.get((lead, width))
    if texts is None:
        if len(_OFFSET_TEXTS) >= _OFFSET_TABLES_KEPT:
            _OFFSET_TEXTS.clear()
        texts = _OFFSET_TEXTS[lead, width] = []
    if len(texts) < n:
        texts.extend([f"{lead}{o:{width}d} " for o in range(len(texts), n)])
    return texts


def _classic_widths(lst: Listing, line_offset: int) -> tuple[bool, int, int]:
    """Return (is the line column shown, its width, the offset column's width) as
    ``_disassemble_bytes`` of the version computes them."""
    t = lst.table.traits
    starts = lst.linestarts
    show_lineno = bool(starts) if t["lineno_if"] == "truthy" else True
    lineno_w = 0
    if show_lineno:
        lineno_w = 3
        if t["dynamic_widths"] and starts:
            # (only 3.13+ line starts hold None, and they are not this family's)
            maxline = max(v or 0 for v in starts.values()) + line_offset
            if maxline >= 1000:
                lineno_w = len(str(maxline))
    offset_w = 4
    size = len(lst.co_code)
    if t["dynamic_widths"] and size - 2 >= 10000:
        offset_w = len(str(size - 2))
    return show_lineno, lineno_w, offset_w


def _classic_fast(lst: Listing, out: list[str], src: _SourceNotes, budget: _TextBudget) -> None:
    """The 3.0-3.12 loop without options: prefixes and argument texts memoised."""
    table = lst.table
    co_code = lst.co_code
    label_set = lst.labels
    starts = lst.linestarts
    show_lineno, lineno_w, offset_w = _classic_widths(lst, 0)
    resolve = lst.resolver.resolve
    names = table.names
    padded = table.padded
    blank = " " * lineno_w
    append = out.append
    # Fields are joined by single spaces, as Instruction._disassemble does; the
    # line column (when shown) and the 3-space "current instruction" column
    # form a fixed prefix, followed by the label mark, the offset and the rest.
    plain = (blank + "     ") if lineno_w else "    "
    is_jump = table.is_jump
    offset_text = _offset_texts("", offset_w, len(co_code))
    # Whole prefixes of instructions that start no line: unlabelled, labelled.
    plain_text = _offset_texts(plain + "   ", offset_w, len(co_code))
    label_text = _offset_texts(plain + ">> ", offset_w, len(co_code))
    # The text after the offset, for non-jump (op, arg) pairs (they repeat a
    # lot), keyed by ``arg * 256 + op``: per code object, and shared between
    # code objects when the text depends only on op and arg.
    memo: dict[int, str] = {}
    long_tails: dict[int, str] = {}
    code_free, shared = _shared_tails(table)
    for offset, _start, op, arg in lst.raw:
        if offset in starts:
            line = starts[offset]
            if show_lineno and offset > 0:
                append("")
            if src.lines is not None:
                src(line)
            head = ("%*d     " % (lineno_w, line or 0)) if lineno_w else plain
            prefix = head + (">> " if offset in label_set else "   ") + offset_text[offset]
        else:
            prefix = (label_text if offset in label_set else plain_text)[offset]
        if arg is None:
            tail = names[op]
        elif is_jump[op]:
            argrepr = resolve(offset, op, arg)[1]
            tail = f"{padded[op]} {arg:>5} ({argrepr})" if argrepr else f"{padded[op]} {arg:>5}"
        else:
            key = arg * 256 + op
            if key in memo:
                tail = memo[key]
            elif key in shared:
                tail = shared[key]
            else:
                tail = long_tails.get(key, "")
                if not tail:
                    argrepr = resolve(offset, op, arg)[1]
                    tail = (f"{padded[op]} {arg:>5} ({argrepr})" if argrepr
                            else f"{padded[op]} {arg:>5}")
                    if len(tail) > _LONG_LINE:  # (kept apart: charged at each use)
                        long_tails[key] = tail
                    elif code_free[op] and len(shared) < _SHARED_MAX:
                        shared[key] = tail
                    else:
                        memo[key] = tail
                if len(tail) > _LONG_LINE:
                    budget.charge(len(tail))
        append(prefix + tail)


def _classic_general(
    lst: Listing, out: list[str], src: _SourceNotes, show_caches: bool, lasti: int,
    line_offset: int, budget: _TextBudget,
) -> None:
    """The 3.0-3.12 loop over Instruction objects: caches, ``-->`` and line offsets."""
    table = lst.table
    show_lineno, lineno_w, offset_w = _classic_widths(lst, line_offset)
    # 3.12 marks the instruction whose caches hold lasti, unless the caches are shown
    span = table.traits["lasti"] == "caches" and not show_caches
    caches = table.caches
    dynamic = table.traits["dynamic_widths"]
    for ins in build_instructions(lst, line_offset, show_caches, lst.labels):
        offset = ins.offset
        if ins.starts_line is not None:
            if show_lineno and offset > 0:
                out.append("")
            src(ins.starts_line - line_offset)
        if span:
            current = offset <= lasti <= offset + 2 * caches[ins.opcode]
        else:
            current = offset == lasti
        if dynamic:
            out.append(budget.line(ins._disassemble(lineno_w, current, offset_w)))
        else:
            out.append(budget.line(ins._disassemble(lineno_w, current)))


def _classic_exceptions(lst: Listing, out: list[str]) -> None:
    entries = lst.exception_entries
    if entries:
        out.append("ExceptionTable:")
        for e in entries:
            lasti = " lasti" if e.lasti else ""
            out.append(f"  {e.start} to {e.end - 2} -> {e.target} [{e.depth}]{lasti}")


# --- Python 3.13+: Formatter with labels -----------------------------------------------


def _labels_fast(lst: Listing, out: list[str], src: _SourceNotes, budget: _TextBudget) -> None:
    """The 3.13+ loop without options: one f-string per instruction."""
    table = lst.table
    starts = lst.linestarts
    labels_map = lst.label_numbers
    lineno_w = lineno_width(starts)
    label_width = 4 + len(str(len(labels_map)))
    names = table.names
    padded = table.padded
    is_jump = table.is_jump
    resolve = lst.resolver.resolve
    append = out.append
    blank_label = " " * label_width
    label_text = {off: f"{'L%d:' % n:>{label_width}}" for off, n in labels_map.items()}
    lno_blank = " " * lineno_w + " " if lineno_w else ""
    # Texts after the label column, keyed by ``arg * 256 + op`` (see _classic_fast).
    memo: dict[int, str] = {}
    code_free, shared = _shared_tails(table)
    lno = lno_blank
    for offset, _start, op, arg in lst.raw:
        if offset in starts:
            line = starts[offset]
            if lineno_w:
                if offset > 0:
                    append("")
                if line is None:
                    lno = "%*s " % (lineno_w, "  --")
                else:
                    lno = "%*d " % (lineno_w, line)
            if src.lines is not None:
                src(line)
        else:
            lno = lno_blank
        head = lno + label_text.get(offset, blank_label) + "     "
        if arg is None:
            append(head + names[op])
            continue
        key = arg * 256 + op
        if key in memo:
            append(head + memo[key])
            continue
        if key in shared:
            append(head + shared[key])
            continue
        argrepr = resolve(offset, op, arg)[1]
        name = padded[op]
        width = _OPARG_WIDTH - (len(name) - _OPNAME_WIDTH)
        if width < 0:
            width = 0
        tail = f"{name} {arg:>{width}} ({argrepr})" if argrepr else f"{name} {arg:>{width}}"
        if len(tail) > _LONG_LINE:  # never memoised: charged at each use
            budget.charge(len(tail))
        elif code_free[op] and len(shared) < _SHARED_MAX:
            shared[key] = tail
        elif not is_jump[op]:
            memo[key] = tail
        append(head + tail)


def _labels_general(
    lst: Listing, out: list[str], src: _SourceNotes, show_caches: bool, show_offsets: bool,
    show_positions: bool, lasti: int, line_offset: int, budget: _TextBudget,
) -> None:
    """The 3.13+ loop over Instruction objects, through :class:`Formatter`."""
    table = lst.table
    if show_positions:
        lineno_w = positions_width(lst.positions)
    else:
        lineno_w = lineno_width(lst.linestarts)
    size = len(lst.co_code)
    formatter = Formatter(
        lineno_width=lineno_w,
        offset_width=len(str(max(size - 2, 9999))) if show_offsets else 0,
        label_width=4 + len(str(len(lst.label_numbers))),
        show_caches=show_caches, show_positions=show_positions, emit=out.append,
        cache_opcode=table.opmap.get("CACHE", 0),
    )
    caches = table.caches
    starts = lst.linestarts
    for ins in build_instructions(lst, line_offset):
        offset = ins.offset
        if ins.starts_line:
            if lineno_w and offset > 0:
                out.append("")
            src(starts[offset])
        current = offset <= lasti <= offset + 2 * caches[ins.opcode]
        out.append(budget.line(formatter.format_line(ins, current)))
        formatter.print_caches(ins)


def _labels_exceptions(lst: Listing, out: list[str]) -> None:
    entries = lst.exception_entries
    if entries:
        numbers = lst.label_numbers
        out.append("ExceptionTable:")
        for e in entries:
            lasti = " lasti" if e.lasti else ""
            out.append(
                f"  L{numbers[e.start]} to L{numbers[e.end]} -> "
                f"L{numbers[e.target]} [{e.depth}]{lasti}"
            )


# --- library entry point ---------------------------------------------------------------


def to_code(obj: Any) -> Code:
    """Return the :class:`Code` for a Code, a Pyc, a host function/method or code object.

    Raises :class:`~bytescope.errors.DisTypeError` (a ``TypeError``) for anything else.
    """
    code = code_of(obj)
    if code is None:
        raise DisTypeError(f"don't know how to disassemble {type(obj).__name__} objects")
    return code


def text_of(obj: Any, **options: Any) -> str:
    """Return the native-identical disassembly of ``obj`` as a string: what ``dis``
    prints.  Same arguments and errors as :func:`dis` (without ``file``)."""
    code = to_code(obj)
    check_options(code, **{k: v for k, v in options.items() if k in OPTIONS})
    return dis_text(code, **options)


def dis(obj: Any, file: Optional[IO[str]] = None, **options: Any) -> None:
    """Print the native-identical disassembly of ``obj`` to ``file`` (default stdout);
    return None, as ``dis.dis`` does (:func:`text_of` returns the text instead).

    ``obj`` is a :class:`~bytescope.Code`, a :class:`~bytescope.Pyc`, a host
    function, method, generator or code object.  ``options``: ``show_caches``,
    ``show_offsets``, ``show_positions``, ``depth``, ``recurse``.  Options the
    version's dis lacks raise :class:`OptionUnsupported`; other arguments raise
    ``TypeError``.
    """
    (file or sys.stdout).write(text_of(obj, **options))
