# ruff: noqa: UP031  (printf formats mirror the native dis source)
"""The behaviour behind ``dis_api(version)``: every function, for every version.

:class:`DisImpl` implements the union of what the ``dis`` modules of 2.7 and
3.6-3.15 do, with the differences read from the version's dis traits; the
module object built in :mod:`.module` gives each version exactly its own
names and signatures on top of it.  Text comes from the dis text view, and
every instruction from the instruction layer, so ``dis_api`` and ``bytescope
dis`` never disagree.
"""

from __future__ import annotations

import io
import sys
import types
from typing import IO, Any, Callable, Iterable, Iterator, Optional

from ..bytecode.checks import check_number
from ..bytecode.decode import find_labels, jump_target, unpack
from ..bytecode.exceptions import ExceptionEntry
from ..bytecode.inputs import host_code
from ..bytecode.instruction import Positions, build_instructions, instruction_type
from ..bytecode.listing import Listing, listing
from ..bytecode.resolve import BAD, UNKNOWN, Resolver
from ..bytecode.target_repr import repr_for
from ..code import Code
from ..errors import DisTypeError, NoTraceback
from ..versions import VersionInfo, opcodes
from ..views import code_info as code_info_view
from ..views.dis_formatter import Formatter as _BaseFormatter
from ..views.dis_formatter import lineno_width, positions_width
from ..views.dis_text import dis_text, raw_text_py2
from .inputs import code_of, host_matches, is_host_input, traceback_frame

#: a keyword the caller did not pass (``None`` is a value ``stack_effect`` checks)
_UNSET: Any = object()

#: options of the text functions, in the order the signatures list them
TEXT_OPTIONS = ("show_caches", "show_offsets", "show_positions")


class RawCode:
    """Bare bytecode given to ``dis`` (``dis.dis(b"...")``): no constants, names, lines
    (its listing's resolver is told the tables are absent)."""

    co_consts = ()
    co_names = None
    co_varnames = None
    co_cellvars = None
    co_freevars = None
    co_localsplusnames = None
    co_linetable = b""
    co_exceptiontable = b""
    co_firstlineno = 0
    co_name = "<raw>"
    co_filename = ""

    def __init__(self, data: bytes, version: VersionInfo) -> None:
        self.co_code = bytes(data)
        self.version = version


class RawListing(Listing):
    """The listing of bare bytecode: no line starts, no positions, tables absent."""

    __slots__ = ("_absent",)

    def __init__(self, raw: RawCode, absent: str) -> None:
        super().__init__(raw)  # type: ignore[arg-type]
        self._linestarts = {}
        self._absent = absent

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = self.resolver_with(
                self.label_numbers if self.table.traits["text"] == "labels" else {}
            )
        return self._resolver

    def resolver_with(self, numbers: dict[int, int]) -> Resolver:
        v = self.version
        return Resolver(self.table, v.wordcode, repr_for(v.key, v.is_py2), consts=None,
                        names=None, varnames=None, freenames=None, labels=numbers,
                        absent=self._absent)


class ExceptionTableEntry:
    """``dis._ExceptionTableEntry``: a named tuple whose labels 3.13+ sets later."""

    __slots__ = ("start", "end", "target", "depth", "lasti", "start_label", "end_label",
                 "target_label")

    def __init__(self, start: int, end: int, target: int, depth: int, lasti: bool) -> None:
        self.start, self.end, self.target, self.depth, self.lasti = start, end, target, depth, lasti

    def _fields(self) -> tuple[int, int, int, int, bool]:
        return (self.start, self.end, self.target, self.depth, self.lasti)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._fields())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExceptionTableEntry):
            return self._fields() == other._fields()
        if isinstance(other, tuple):
            return self._fields() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return ("_ExceptionTableEntry(start=%r, end=%r, target=%r, depth=%r, lasti=%r)"
                % self._fields())


def _entries(entries: Iterable[ExceptionEntry]) -> list[ExceptionTableEntry]:
    return [ExceptionTableEntry(*e) for e in entries]


class DisImpl:
    """Everything ``dis_api(version)`` does, for one version (see module docstring)."""

    def __init__(self, version: VersionInfo) -> None:
        self.version = version
        self.table = opcodes.table(version)
        self.traits = self.table.traits
        self.shape = self.traits["instruction"]
        self.Instruction = instruction_type(self.table)
        self.host = host_matches(version)
        self.raw_absent = "unknown" if self.shape != "3.4" else "index"

    # --- inputs ---------------------------------------------------------------

    def _try_compile(self, source: Any, name: str) -> Any:
        """Compile ``source`` as an expression, else as statements (host version only)."""
        try:
            return compile(source, name, "eval", dont_inherit=True)
        except SyntaxError:
            pass
        return compile(source, name, "exec", dont_inherit=True)

    def code(self, x: Any) -> Code:
        """Return the :class:`Code` for ``x`` (see :func:`.inputs.code_of`)."""
        return code_of(x, self.version,
                       (lambda s: self._try_compile(s, "<disassembly>")) if self.host else None)

    def _to_host(self, value: Any, memo: dict[int, Any]) -> Any:
        if isinstance(value, Code):
            found = memo.get(id(value))
            if found is None:
                found = memo[id(value)] = value.to_host()
            return found
        return value

    def _host_values(self, instrs: Iterable[Any], host: bool) -> Iterator[Any]:
        """Yield ``instrs``, code constants turned into host code objects when the
        caller gave a host object (native ``dis`` hands out host code objects)."""
        if not host:
            yield from instrs
            return
        memo: dict[int, Any] = {}
        for ins in instrs:
            if isinstance(ins.argval, Code):
                ins = ins._replace(argval=self._to_host(ins.argval, memo))
            yield ins

    def codeobj(self, x: Any, code: Code) -> Any:
        """Return what ``Bytecode(x).codeobj`` holds: ``code``, or for host input the
        host code object rebuilt from it."""
        return code.to_host() if self.host and is_host_input(x) else code

    # --- text -----------------------------------------------------------------------

    @staticmethod
    def _write(file: Optional[IO[str]], text: str) -> None:
        out = file if file is not None else sys.stdout
        if not callable(getattr(out, "write", None)):
            raise DisTypeError(f"file must have a write method, not be a {type(out).__name__}")
        out.write(text)

    def _options(self, options: dict[str, Any]) -> tuple[bool, bool, bool]:
        """Return (show_caches, show_offsets, show_positions), each False where the
        version's dis lacks it."""
        have = self.traits["options"]
        caches, offsets, positions = (bool(options.get(k)) and k in have for k in TEXT_OPTIONS)
        return caches, offsets, positions

    def dis(self, x: Any = None, *, file: Optional[IO[str]] = None, depth: Optional[int] = None,
            **options: Any) -> None:
        """``dis.dis``: print the disassembly of ``x`` (the last traceback when None)."""
        if x is None:
            self.distb(file=file, **options)
            return
        if isinstance(x, (Code,)) or hasattr(x, "code") and isinstance(x.code, Code):
            self._disassemble_recursive(self.code(x), file=file, depth=depth, **options)
            return
        x = host_code(x)
        if hasattr(x, "__dict__") and not isinstance(x, types.CodeType):
            for name, x1 in sorted(x.__dict__.items()):
                if isinstance(x1, _HAVE_CODE):
                    print("Disassembly of %s:" % name, file=file)
                    try:
                        self.dis(x1, file=file, depth=depth, **options)
                    except TypeError as msg:
                        print("Sorry:", msg, file=file)
                    print(file=file)
        elif isinstance(x, types.CodeType):
            self._disassemble_recursive(self.code(x), file=file, depth=depth, **options)
        elif isinstance(x, (bytes, bytearray)):
            self._disassemble_raw(bytes(x), file=file, **options)
        elif isinstance(x, str):
            self._disassemble_str(x, file=file, depth=depth, **options)
        else:
            raise DisTypeError("don't know how to disassemble %s objects" % type(x).__name__)

    def _disassemble_str(self, source: str, **kwargs: Any) -> None:
        """Compile ``source`` (host version only), then disassemble it."""
        self._disassemble_recursive(self.code(self._try_compile(source, "<dis>")), **kwargs)

    def _disassemble_recursive(self, co: Any, *, file: Optional[IO[str]] = None,
                               depth: Optional[int] = None, **options: Any) -> None:
        code = self.code(co)
        caches, offsets, positions = self._options(options)
        self._write(file, dis_text(code, recurse=self.traits["recurse"], depth=depth,
                                   show_caches=caches, show_offsets=offsets,
                                   show_positions=positions))

    def disassemble(self, co: Any, lasti: int = -1, *, file: Optional[IO[str]] = None,
                    **options: Any) -> None:
        """``dis.disassemble``: one code object, ``-->`` at ``lasti``."""
        code = self.code(co)
        caches, offsets, positions = self._options(options)
        self._write(file, dis_text(code, recurse=False, lasti=lasti, show_caches=caches,
                                   show_offsets=offsets, show_positions=positions))

    def distb(self, tb: Any = None, *, file: Optional[IO[str]] = None, **options: Any) -> None:
        """``dis.distb``: the innermost frame of traceback ``tb`` (default: the last)."""
        if tb is None:
            try:
                last = getattr(sys, "last_exc", None)
                tb = last.__traceback__ if last is not None else sys.last_traceback
            except AttributeError:
                raise NoTraceback("no last traceback to disassemble") from None
            while tb.tb_next:
                tb = tb.tb_next
        code, lasti = traceback_frame(tb)
        self.disassemble(code, lasti, file=file, **options)

    def _disassemble_raw(self, data: bytes, *, file: Optional[IO[str]] = None,
                         **options: Any) -> None:
        """``dis.dis(bytes)``: bare bytecode, with no tables to resolve arguments."""
        if self.traits["text"] == "py2":  # disassemble_string's print statements
            self._write(file, raw_text_py2(data, self.version))
            return
        lst = RawListing(RawCode(data, self.version), self.raw_absent)
        out: list[str] = []
        show_caches = bool(options.get("show_caches")) and "show_caches" in self.traits["options"]
        if self.traits["text"] == "labels":
            show_offsets = bool(options.get("show_offsets"))
            formatter = _BaseFormatter(
                offset_width=len(str(max(len(data) - 2, 9999))) if show_offsets else 0,
                label_width=4 + len(str(len(lst.jump_labels))), show_caches=show_caches,
                emit=out.append, cache_opcode=self.table.opmap.get("CACHE", 0))
            numbers = {off: i + 1 for i, off in enumerate(sorted(lst.jump_labels))}
            for ins in build_instructions(lst, labels=lst.jump_labels):
                formatter.print_instruction(ins._replace(label=numbers.get(ins.offset)))
        else:
            width = 4
            if self.traits["dynamic_widths"] and len(data) - 2 >= 10000:
                width = len(str(len(data) - 2))
            for ins in build_instructions(lst, 0, show_caches, lst.jump_labels):
                out.append(ins._disassemble(0, False, width) if self.traits["dynamic_widths"]
                           else ins._disassemble(0, False))
        self._write(file, "".join(line + "\n" for line in out))

    def disassemble_string(self, code: Any, lasti: int = -1, varnames: Any = None,
                           names: Any = None, constants: Any = None, *,
                           file: Optional[IO[str]] = None) -> None:
        """2.7's ``dis.disassemble_string``: print bare bytecode ``code``, its arguments
        explained from the tables given (no line numbers)."""
        self._write(file, raw_text_py2(self._code_bytes(code), self.version, lasti,
                                       varnames, names, constants))

    # --- code info -------------------------------------------------------------

    def pretty_flags(self, flags: int) -> str:
        """``dis.pretty_flags``: the names of ``flags``' bits (``DisTypeError`` for flags
        that are no int)."""
        if not isinstance(flags, int):
            raise DisTypeError(f"flags must be an int, not {type(flags).__name__}")
        return code_info_view.pretty_flags(flags, self.table.compiler_flag_names)

    def code_info(self, x: Any) -> str:
        """``dis.code_info``: the details of ``x``'s code object, as text."""
        return self._format_code_info(self.code(x))

    def _format_code_info(self, co: Any) -> str:
        return code_info_view.code_info(self.code(co))

    def show_code(self, co: Any, *, file: Optional[IO[str]] = None) -> None:
        """``dis.show_code``: print :meth:`code_info`."""
        print(self.code_info(co), file=file)

    # --- instructions -------------------------------------------------------------

    def get_instructions(self, x: Any, *, first_line: Optional[int] = None,
                         show_caches: Optional[bool] = False, adaptive: bool = False) -> Any:
        """``dis.get_instructions``: an iterator of ``Instruction`` (3.11+ labels and
        ``is_jump_target`` count jump targets only, as native's do)."""
        check_number("first_line", first_line, none_ok=True)
        code = self.code(x)
        lst = listing(code)
        offset = 0 if first_line is None else first_line - code.co_firstlineno
        caches = bool(show_caches) and self.shape == "3.11"
        labels = None if self.shape == "3.4" else lst.jump_labels
        return self._host_values(build_instructions(lst, offset, caches, labels),
                                 is_host_input(x))

    def findlinestarts(self, code: Any) -> Iterator[tuple[int, Optional[int]]]:
        """``dis.findlinestarts``: ``(offset, line)`` pairs."""
        return iter(list(listing(self.code(code)).linestarts.items()))

    def _code_bytes(self, code: Any) -> bytes:
        if isinstance(code, (bytes, bytearray, memoryview)):
            return bytes(code)
        return bytes(self.code(code).co_code)

    def findlabels(self, code: Any) -> list[int]:
        """``dis.findlabels``: jump targets of bytecode ``code``, in first-seen order."""
        data = self._code_bytes(code)
        instrs = unpack(data, self.table, self.version.wordcode)
        return find_labels(instrs, self.table, self.version.wordcode)

    def _unpack_opargs(self, code: Any) -> Iterator[tuple[Any, ...]]:
        """``dis._unpack_opargs``: ``(offset, op, arg)`` (3.13+: with the start offset)."""
        instrs = unpack(self._code_bytes(code), self.table, self.version.wordcode)
        if self.shape == "3.13":
            return iter(instrs)
        return iter([(o, op, arg) for o, _s, op, arg in instrs])

    def _parse_exception_table(self, code: Any) -> list[ExceptionTableEntry]:
        return _entries(listing(self.code(code)).exception_entries)

    def _find_imports(self, co: Any) -> Iterator[tuple[Any, Any, Any]]:
        """``dis._find_imports``: ``(name, level, fromlist)`` of each import."""
        code = self.code(co)
        table = self.table
        lst = listing(code)
        import_name = table.opmap.get("IMPORT_NAME", -1)
        ext = table.extended_arg
        consts = code.co_consts
        names = lst.resolver.names or ()
        ops = [(op, arg) for _o, _s, op, arg in lst.raw if op != ext]
        shift = 2 if self.traits["import_lazy"] else 0
        for i, (op, arg) in enumerate(ops):
            if op == import_name and i >= 2 and arg is not None:
                from_op, level_op = ops[i - 1], ops[i - 2]
                level = self._const_value(level_op, consts)
                fromlist = self._const_value(from_op, consts)
                if level is _NOT_CONST or fromlist is _NOT_CONST:
                    continue
                yield (_item(names, arg >> shift), level, fromlist)

    def _const_value(self, op_arg: tuple[int, Optional[int]], consts: Any) -> Any:
        op, arg = op_arg
        kind = self.table.kinds[self.table.deop[op]]
        if arg is None:
            return _NOT_CONST
        if kind == opcodes.K_CONST:
            return _item(consts, arg)
        if kind == opcodes.K_SMALL_INT:
            return arg
        if kind == opcodes.K_COMMON_CONST and self.traits["common_value"]:
            from ..bytecode.resolve import common_constant

            if 7 <= arg < len(self.table.common_constants):
                return common_constant(self.table.common_constants[arg])
            return UNKNOWN
        return _NOT_CONST

    def _find_store_names(self, co: Any) -> Iterator[Any]:
        """``dis._find_store_names``: names the code stores with STORE_NAME/STORE_GLOBAL."""
        code = self.code(co)
        lst = listing(code)
        stores = {self.table.opmap.get("STORE_NAME"), self.table.opmap.get("STORE_GLOBAL")}
        names = lst.resolver.names or ()
        for _o, _s, op, arg in lst.raw:
            if op in stores and arg is not None:
                yield _item(names, arg)

    def stack_effect(self, opcode: int, oparg: Optional[int] = None, *, jump: Any = _UNSET) -> int:
        """``dis.stack_effect``: the stack effect of ``opcode`` with ``oparg`` (raising what
        that version's raises)."""
        from ..versions import stack_effects

        if jump is _UNSET:
            jump = stack_effects.MISSING
        return stack_effects.stack_effect(self.version.key, opcode, oparg, jump)

    # --- 3.13+ pieces: ArgResolver, labels, _get_instructions_bytes ----------------

    def _make_labels_map(self, original_code: Any,
                         exception_entries: Iterable[Any] = ()) -> dict[int, int]:
        """``dis._make_labels_map``: ``{offset: label}`` of jump targets and exception
        ranges; sets each entry's ``start_label``/``end_label``/``target_label``."""
        labels = set(self.findlabels(original_code))
        entries = list(exception_entries)
        for e in entries:
            labels.update((e.start, e.end, e.target))
        numbers = {off: i + 1 for i, off in enumerate(sorted(labels))}
        for e in entries:
            e.start_label = numbers[e.start]
            e.end_label = numbers[e.end]
            e.target_label = numbers[e.target]
        return numbers

    def _get_instructions_bytes(
        self, code: Any, linestarts: Optional[dict[int, Any]] = None, line_offset: int = 0,
        co_positions: Any = None, original_code: Any = None, arg_resolver: Any = None,
    ) -> Iterator[Any]:
        """3.13+ ``dis._get_instructions_bytes``: instructions of bare bytecode, resolved
        by ``arg_resolver`` (else argval is the argument and argrepr its repr)."""
        data = self._code_bytes(code)
        original = self._code_bytes(original_code) if original_code is not None else data
        positions = iter(co_positions) if co_positions is not None else iter(())
        table = self.table
        local_line: Optional[int] = None
        line: Optional[int] = None
        starts_line = False
        for offset, start, op, arg in unpack(original, table, self.version.wordcode):
            if linestarts is not None:
                starts_line = offset in linestarts
                if starts_line:
                    local_line = linestarts[offset]
                line = None if local_line is None else local_line + line_offset
            pos = Positions(*next(positions, ()))
            op = data[offset] if offset < len(data) else op
            if arg_resolver is not None:
                argval, argrepr = arg_resolver.get_argval_argrepr(op, arg, offset)
            else:
                argval, argrepr = arg, repr(arg)
            caches = table.caches[op]
            for _ in range(caches):
                next(positions, ())
            cache_info = None
            if caches:
                cache_info = []
                at = offset
                for name, size in table.cache_format.get(table.names[table.deop[op]], ()):
                    cache_info.append((name, size, data[at + 2: at + 2 + 2 * size]))
                    if table.traits["cache_repr"] != "first_data":
                        at += 2 * size
            label = arg_resolver.get_label_for_offset(offset) if arg_resolver else None
            yield self.Instruction(table.names[op], op, arg, argval, argrepr, offset, start,
                                   starts_line, line, label, pos, cache_info)

    def _disassemble_bytes(self, code: Any, lasti: int = -1, linestarts: Any = None, *,
                           line_offset: int = 0, exception_entries: Iterable[Any] = (),
                           co_positions: Any = None, original_code: Any = None,
                           arg_resolver: Any = None, formatter: Any = None) -> None:
        """3.13+ ``dis._disassemble_bytes``: print bare bytecode through ``formatter``."""
        instrs = self._get_instructions_bytes(code, linestarts, line_offset, co_positions,
                                              original_code, arg_resolver)
        self.print_instructions(instrs, exception_entries, formatter, lasti=lasti)

    def print_instructions(self, instrs: Iterable[Any], exception_entries: Iterable[Any],
                           formatter: Any, lasti: int = -1) -> None:
        """3.13+ ``dis.print_instructions``."""
        caches = self.table.caches
        for ins in instrs:
            op = ins.opcode
            size = caches[op] if 0 <= op < 256 else 0
            formatter.print_instruction(ins, ins.offset <= lasti <= ins.offset + 2 * size)
        formatter.print_exception_table(exception_entries)

    def _get_jump_target(self, op: int, arg: int, offset: int) -> Optional[int]:
        return jump_target(self.table, offset, op, arg, self.version.wordcode)

    def lineno_width(self, linestarts: Any) -> int:
        return lineno_width(linestarts)

    def positions_width(self, code: Any) -> int:
        return positions_width(listing(self.code(code)).positions)

    # --- python -m dis ------------------------------------------------------------------

    def main(self, args: Optional[list[str]] = None) -> None:
        """``python -m dis``: compile a source file (or stdin) and disassemble it
        (host version only)."""
        import argparse

        parser = argparse.ArgumentParser()
        for flag, name, text in (("-C", "--show-caches", "show inline caches"),
                                 ("-O", "--show-offsets", "show instruction offsets"),
                                 ("-P", "--show-positions", "show instruction positions"),
                                 ("-S", "--specialized", "show specialized bytecode")):
            if name == "--specialized" or name[2:].replace("-", "_") in self.traits["options"]:
                parser.add_argument(flag, name, action="store_true", help=text)
        parser.add_argument("infile", nargs="?", default="-")
        ns = parser.parse_args(args=args)
        if ns.infile == "-":
            name, source = "<stdin>", sys.stdin.buffer.read()
        else:
            name = ns.infile
            with open(ns.infile, "rb") as f:
                source = f.read()
        self.dis(compile(source, name, "exec", dont_inherit=True),
                 show_caches=getattr(ns, "show_caches", False),
                 show_offsets=getattr(ns, "show_offsets", False),
                 show_positions=getattr(ns, "show_positions", False))


class _NotConst:
    pass


def _item(seq: Any, i: int) -> Any:
    """Return ``seq[i]``, or :data:`BAD` for an index past either end (hostile code;
    native ``dis`` raises IndexError there)."""
    return seq[i] if 0 <= i < len(seq) else BAD


_NOT_CONST = _NotConst()

_HAVE_CODE = (types.MethodType, types.FunctionType, types.CodeType, classmethod, staticmethod,
              type)


def text_of(write: Callable[[IO[str]], None]) -> str:
    """Return what ``write(file)`` writes, as a string."""
    buf = io.StringIO()
    write(buf)
    return buf.getvalue()
