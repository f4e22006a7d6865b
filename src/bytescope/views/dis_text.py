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

from ..bytecode import exceptions, lines
from ..bytecode.decode import find_labels, unpack
from ..bytecode.lines import starts_variant
from ..bytecode.resolve import CODE_FREE_KINDS, Resolver
from ..bytecode.target_repr import code_repr, repr_for
from ..code import Code
from ..errors import BytescopeError
from ..versions import opcodes

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5
_NO_LINENO = "  --"

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
) -> str:
    """Return the text ``dis.dis(code)`` prints under ``code``'s own version.

    Options the version lacks are ignored here (see :func:`check_options`).
    ``recurse`` overrides whether nested code objects follow (default: as the
    version's dis does).  ``source`` (the source file's lines) adds a
    ``# N: text`` line above the instructions each source line produced.
    Never raises on malformed bytecode.
    """
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
    # Iterative pre-order walk (nested code can be deep in hostile input).
    stack: list[tuple[Code, Optional[int], bool]] = [(code, depth, True)]
    while stack:
        co, d, first = stack.pop()
        if not first:
            out.append("")
            out.append(f"Disassembly of {code_repr(co)}:")
        disassemble_one(co, out, table, source=source, **opts)
        if recurse and (d is None or d > 0):
            nd = None if d is None else d - 1
            nested = [c for c in co.co_consts if isinstance(c, Code)]
            for c in reversed(nested):
                stack.append((c, nd, False))
    return "\n".join(out) + "\n"


def disassemble_one(
    code: Code,
    out: list[str],
    table: Optional[opcodes.OpTable] = None,
    *,
    show_caches: bool = False,
    show_offsets: bool = False,
    show_positions: bool = False,
    source: Optional[list[str]] = None,
) -> None:
    """Append the lines ``dis.disassemble(code)`` prints to ``out``.

    ``source``: the source lines, to show each above its instructions.
    """
    table = table or opcodes.table(code.version)
    style = table.traits["text"]
    src = _SourceNotes(source, out)
    if style == "py2":
        _py2(code, out, table, src)
    elif style == "labels":
        _labels(code, out, table, show_caches, show_offsets, show_positions, src)
    else:
        _classic(code, out, table, show_caches, src)


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


def _const_repr(code: Code) -> Any:
    version = code.version
    return repr_for(version.key, version.is_py2)


# --- Python 1.x / 2.x: print statements -----------------------------------------


def _py2(code: Code, out: list[str], table: opcodes.OpTable, src: _SourceNotes) -> None:
    co_code = bytes(code.co_code)
    instrs = unpack(co_code, table, code.version.wordcode)
    labels = set(find_labels(instrs, table, code.version.wordcode))
    starts = lines.linestarts(code, starts_variant(code, table))
    resolver = Resolver(code, table, _const_repr(code))
    names = table.names
    ext = table.extended_arg
    end = table.traits["print_end"]
    longs = table.traits["long_suffix"]
    long_arg = False
    for offset, _start, op, arg in instrs:
        fields = []
        if offset in starts:
            if offset > 0:
                out.append("")
            src(starts[offset])
            fields.append("%3d" % starts[offset])
        else:
            fields.append("   ")
        fields.append("   ")
        fields.append(">>" if offset in labels else "  ")
        fields.append(repr(offset).rjust(4))
        fields.append(names[op].ljust(20))
        if arg is not None:
            suffix = "L" if long_arg else ""
            fields.append((repr(arg) + suffix).rjust(5))
            _val, argrepr = resolver.resolve(offset, op, arg)
            # print statements show "(" + name + ")" even for an empty name
            if argrepr or table.kinds[table.deop[op]] in _PY2_PARENS:
                if argrepr.startswith("to ") and suffix:
                    argrepr += "L"
                fields.append("(" + argrepr + ")")
            long_arg = longs and op == ext
        out.append(" ".join(fields) + end)


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


def _classic(
    code: Code, out: list[str], table: opcodes.OpTable, show_caches: bool, src: _SourceNotes
) -> None:
    t = table.traits
    co_code = bytes(code.co_code)
    instrs = unpack(co_code, table, code.version.wordcode)
    label_set = set(find_labels(instrs, table, code.version.wordcode))
    entries = exceptions.parse(bytes(code.co_exceptiontable or b"")) if (
        code.version.has_exception_table
    ) else []
    for e in entries:
        if e.start < e.end:
            label_set.add(e.target)
    starts = lines.linestarts(code, starts_variant(code, table))
    if t["lineno_if"] == "truthy":
        show_lineno = bool(starts)
    else:
        show_lineno = True
    if show_lineno:
        if t["dynamic_widths"] and starts:
            maxline = max(starts.values())  # type: ignore[type-var]
            lineno_width = len(str(maxline)) if maxline >= 1000 else 3  # type: ignore[operator]
        else:
            lineno_width = 3
    else:
        lineno_width = 0
    offset_width = 4
    if t["dynamic_widths"] and len(co_code) - 2 >= 10000:
        offset_width = len(str(len(co_code) - 2))
    resolve = Resolver(code, table, _const_repr(code)).resolve
    names = table.names
    padded = table.padded
    caches = table.caches
    deop = table.deop
    cache_repr = t["cache_repr"]
    blank = " " * lineno_width
    append = out.append
    # Fields are joined by single spaces, as Instruction._disassemble does; the
    # line column (when shown) and the 3-space "current instruction" column
    # form a fixed prefix, followed by the label mark, the offset and the rest.
    plain = (blank + "     ") if lineno_width else "    "
    is_jump = table.is_jump
    offset_text = _offset_texts("", offset_width, len(co_code))
    # Whole prefixes of instructions that start no line: unlabelled, labelled.
    plain_text = _offset_texts(plain + "   ", offset_width, len(co_code))
    label_text = _offset_texts(plain + ">> ", offset_width, len(co_code))
    # The text after the offset, for non-jump (op, arg) pairs (they repeat a
    # lot), keyed by ``arg * 256 + op``: per code object, and shared between
    # code objects when the text depends only on op and arg.
    memo: dict[int, str] = {}
    code_free, shared = _shared_tails(table)
    for offset, _start, op, arg in instrs:
        if offset in starts:
            line = starts[offset]
            if show_lineno and offset > 0:
                append("")
            if src.lines is not None:
                src(line)
            head = ("%*d     " % (lineno_width, line)) if lineno_width else plain
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
                argrepr = resolve(offset, op, arg)[1]
                tail = (
                    f"{padded[op]} {arg:>5} ({argrepr})" if argrepr else f"{padded[op]} {arg:>5}"
                )
                if code_free[op] and len(shared) < _SHARED_MAX:
                    shared[key] = tail
                else:
                    memo[key] = tail
        append(prefix + tail)
        if show_caches and caches[op]:
            base = deop[op]
            coff = offset
            for name, size in table.cache_format.get(names[base], ()):
                for i in range(size):
                    coff += 2
                    text = ""
                    if i == 0 and cache_repr == "each":
                        data = co_code[coff : coff + 2 * size]
                        text = f"{name}: {int.from_bytes(data, sys.byteorder)}"
                    cparts = [blank] if lineno_width else []
                    cparts += ["   ", "  ", repr(coff).rjust(offset_width),
                               "CACHE".ljust(_OPNAME_WIDTH), "0".rjust(_OPARG_WIDTH)]
                    if text:
                        cparts.append("(" + text + ")")
                    append(" ".join(cparts).rstrip())
    if entries:
        append("ExceptionTable:")
        for e in entries:
            lasti = " lasti" if e.lasti else ""
            append(f"  {e.start} to {e.end - 2} -> {e.target} [{e.depth}]{lasti}")


# --- Python 3.13+: Formatter with labels -----------------------------------------------


def _lineno_width(starts: dict[int, Optional[int]]) -> int:
    values = [v for v in starts.values() if v]
    if not values:
        return 0
    width = max(3, len(str(max(values))))
    if width < len(_NO_LINENO) and None in starts.values():
        width = len(_NO_LINENO)
    return width


def _positions_width(positions: list[lines.Position]) -> int:
    has_value = False
    width = 0
    for p in positions:
        has_value = has_value or any(isinstance(x, int) for x in p)
        w = sum(1 if x is None else len(str(x)) for x in p)
        if w > width:
            width = w
    if has_value:
        return 1 + max(len(_NO_LINENO), 3 + width)
    return 0


def _position_text(p: Optional[lines.Position]) -> str:
    if p is None or all(x is None for x in p):
        return _NO_LINENO
    a, b, c, d = ("?" if x is None else x for x in p)
    return f"{a}:{c}-{b}:{d}"


def _labels(
    code: Code,
    out: list[str],
    table: opcodes.OpTable,
    show_caches: bool,
    show_offsets: bool,
    show_positions: bool,
    src: _SourceNotes,
) -> None:
    co_code = bytes(code.co_code)
    instrs = unpack(co_code, table, code.version.wordcode)
    entries = exceptions.parse(bytes(code.co_exceptiontable or b""))
    label_set = set(find_labels(instrs, table, code.version.wordcode))
    for e in entries:
        label_set.update((e.start, e.end, e.target))
    labels_map = {off: i + 1 for i, off in enumerate(sorted(label_set))}
    starts = lines.linestarts(code, starts_variant(code, table))
    positions: list[lines.Position] = []
    if show_positions:
        positions = lines.co_positions(code)
        lineno_width = _positions_width(positions)
    else:
        lineno_width = _lineno_width(starts)
    label_width = 4 + len(str(len(labels_map)))
    offset_width = len(str(max(len(co_code) - 2, 9999))) if show_offsets else 0
    resolver = Resolver(code, table, _const_repr(code), labels_map)
    blank_line = " " * lineno_width
    blank_label = " " * label_width
    append = out.append

    def prefix(
        offset: int, start_line: bool, label: Optional[int], pos: Any,
        line_number: Optional[int] = None,
    ) -> list[str]:
        fields = []
        if lineno_width:
            if show_positions:
                fields.append(f"{_position_text(pos):{lineno_width}}")
            elif start_line:
                if line_number is None:
                    fields.append("%*s" % (lineno_width, _NO_LINENO))
                else:
                    fields.append("%*d" % (lineno_width, line_number))
            else:
                fields.append(blank_line)
        if label is not None:
            fields.append(f"{'L%d:' % label:>{label_width}}")
        else:
            fields.append(blank_label)
        if offset_width:
            fields.append(f"{offset!r:>{offset_width}}  ")
        fields.append("   ")
        return fields

    if not (show_positions or show_offsets or show_caches):
        _labels_fast(instrs, starts, labels_map, lineno_width, label_width, table,
                     resolver, out, src)
    else:
        _labels_general(instrs, starts, labels_map, lineno_width, prefix, table,
                        resolver, out, src, show_caches, show_positions, positions, co_code)
    if entries:
        append("ExceptionTable:")
        for e in entries:
            lasti = " lasti" if e.lasti else ""
            append(
                f"  L{labels_map[e.start]} to L{labels_map[e.end]} -> "
                f"L{labels_map[e.target]} [{e.depth}]{lasti}"
            )


def _labels_fast(
    instrs: list[Any], starts: dict[int, Optional[int]], labels_map: dict[int, int],
    lineno_width: int, label_width: int, table: opcodes.OpTable, resolver: Resolver,
    out: list[str], src: _SourceNotes,
) -> None:
    """The 3.13+ loop without options: one f-string per instruction."""
    names = table.names
    padded = table.padded
    is_jump = table.is_jump
    resolve = resolver.resolve
    append = out.append
    blank_label = " " * label_width
    label_text = {off: f"{'L%d:' % n:>{label_width}}" for off, n in labels_map.items()}
    lno_blank = " " * lineno_width + " " if lineno_width else ""
    # Texts after the label column, keyed by ``arg * 256 + op`` (see _classic).
    memo: dict[int, str] = {}
    code_free, shared = _shared_tails(table)
    lno = lno_blank
    for offset, _start, op, arg in instrs:
        if offset in starts:
            line = starts[offset]
            if lineno_width:
                if offset > 0:
                    append("")
                if line is None:
                    lno = "%*s " % (lineno_width, _NO_LINENO)
                else:
                    lno = "%*d " % (lineno_width, line)
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
        if code_free[op] and len(shared) < _SHARED_MAX:
            shared[key] = tail
        elif not is_jump[op]:
            memo[key] = tail
        append(head + tail)


def _labels_general(
    instrs: list[Any], starts: dict[int, Optional[int]], labels_map: dict[int, int],
    lineno_width: int, prefix: Any, table: opcodes.OpTable, resolver: Resolver,
    out: list[str], src: _SourceNotes, show_caches: bool, show_positions: bool,
    positions: list[Any], co_code: bytes,
) -> None:
    """The 3.13+ loop with --show-caches/--show-offsets/--show-positions."""
    names = table.names
    caches = table.caches
    deop = table.deop
    cache_repr = table.traits["cache_repr"]
    append = out.append
    line_number: Optional[int] = None
    for offset, _start, op, arg in instrs:
        start_line = offset in starts
        if start_line:
            line_number = starts[offset]
        if lineno_width and start_line and offset > 0:
            append("")
        if start_line:
            src(line_number)
        pos = positions[offset // 2] if show_positions and offset // 2 < len(positions) else None
        fields = prefix(offset, start_line, labels_map.get(offset), pos, line_number)
        opname = names[op]
        fields.append(opname.ljust(_OPNAME_WIDTH))
        if arg is not None:
            excess = max(0, len(opname) - _OPNAME_WIDTH)
            fields.append(repr(arg).rjust(_OPARG_WIDTH - excess))
            argrepr = resolver.resolve(offset, op, arg)[1]
            if argrepr:
                fields.append("(" + argrepr + ")")
        append(" ".join(fields).rstrip())
        if show_caches and caches[op]:
            base = deop[op]
            coff = offset
            data_off = offset
            for name, size in table.cache_format.get(names[base], ()):
                if cache_repr == "first_data":
                    data = co_code[offset + 2 : offset + 2 + 2 * size]
                else:
                    data = co_code[data_off + 2 : data_off + 2 + 2 * size]
                    data_off += 2 * size
                for i in range(size):
                    coff += 2
                    text = f"{name}: {int.from_bytes(data, sys.byteorder)}" if i == 0 else ""
                    cf = prefix(coff, False, None, pos)
                    cf.append("CACHE".ljust(_OPNAME_WIDTH))
                    cf.append("0".rjust(_OPARG_WIDTH))
                    if text:
                        cf.append("(" + text + ")")
                    append(" ".join(cf).rstrip())


# --- library entry point ---------------------------------------------------------------


def to_code(obj: Any) -> Code:
    """Return the :class:`Code` for a Code, a Pyc, a host function/method or code object.

    Raises ``TypeError`` for anything else.
    """
    import types

    if isinstance(obj, Code):
        return obj
    code = getattr(obj, "code", None)
    if isinstance(code, Code):
        return code
    for attr in ("__func__",):
        obj = getattr(obj, attr, obj)
    for attr in ("__code__", "gi_code", "ag_code", "cr_code"):
        if hasattr(obj, attr):
            obj = getattr(obj, attr)
            break
    if isinstance(obj, types.CodeType):
        return Code.from_host(obj)
    raise TypeError(f"don't know how to disassemble {type(obj).__name__} objects")


def dis(obj: Any, file: Optional[IO[str]] = None, **options: Any) -> None:
    """Print the native-identical disassembly of ``obj`` to ``file`` (default stdout).

    ``obj`` is a :class:`~bytescope.Code`, a :class:`~bytescope.Pyc`, a host
    function, method, generator or code object.  ``options``: ``show_caches``,
    ``show_offsets``, ``show_positions``, ``depth``, ``recurse``.  Options the
    version's dis lacks raise :class:`OptionUnsupported`; other arguments raise
    ``TypeError``.
    """
    code = to_code(obj)
    check_options(code, **{k: v for k, v in options.items() if k in OPTIONS})
    text = dis_text(code, **options)
    (file or sys.stdout).write(text)
