"""``VMCode``: a code object made ready to run, and what programs see as ``f.__code__``.

A :class:`VMCode` wraps one :class:`~bytescope.code.Code` of any version.
Building it is cheap (names, locals layout, converted constants); the
instruction arrays the loop dispatches on (``ops``: one handler per
instruction, ``args``: each argument resolved) are filled on the first run by
:mod:`bytescope.engine.prepare`, in place, so a loop already holding the
lists sees the prepared ones.
"""

from __future__ import annotations

from typing import Any, Optional

from ..code import CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL, Code
from ..versions import VersionInfo
from ..versions import opcodes as _opcodes
from ..versions.engine import engine_traits
from .objects import NULL

# co_flags bits (the same in every version this engine runs)
CO_OPTIMIZED = 0x1
CO_NEWLOCALS = 0x2
CO_VARARGS = 0x4
CO_VARKEYWORDS = 0x8
CO_NESTED = 0x10
CO_GENERATOR = 0x20
CO_COROUTINE = 0x80
CO_ITERABLE_COROUTINE = 0x100
CO_ASYNC_GENERATOR = 0x200


def gen_kind(flags: int) -> Optional[str]:
    """Return the kind of object calling code with these flags makes, or None (a plain call)."""
    if flags & CO_ASYNC_GENERATOR:
        return "async_generator"
    if flags & CO_COROUTINE:
        return "coroutine"
    if flags & CO_GENERATOR:
        return "iterable_coroutine" if flags & CO_ITERABLE_COROUTINE else "generator"
    return None


def text(value: Any) -> str:
    """A name as host text (Python 2 pycs store names as bytes)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


class VMCode:
    """A code object of any version, ready for the engine.

    Attributes the loop uses: ``ops``, ``args`` (filled on first run),
    ``offsets`` (byte offset of each instruction index), ``nlocalsplus``,
    ``consts``, ``names``.  The ``co_*`` attributes mirror a host code
    object's for programs that inspect ``f.__code__``.
    """

    def __init__(self, model: Code, converter: Any = None) -> None:
        self.model = model
        self.version: VersionInfo = model.version
        self.table = _opcodes.table(model.version)
        self.co_name = text(model.co_name)
        qual = model.co_qualname
        self.co_qualname = text(qual) if qual else self.co_name
        self.co_filename = text(model.co_filename)
        self.co_firstlineno = int(model.co_firstlineno)
        self.co_flags = int(model.co_flags)
        self.co_argcount = int(model.co_argcount)
        self.co_posonlyargcount = int(model.co_posonlyargcount)
        self.co_kwonlyargcount = int(model.co_kwonlyargcount)
        self.co_stacksize = int(model.co_stacksize)
        # 3.14+ flag the docstring (CO_HAS_DOCSTRING); before, a str first constant is one
        doc_bit = next((b for b, n in self.version.flag_names.items() if n == "HAS_DOCSTRING"), 0)
        self.has_docstring = bool(self.co_flags & doc_bit) if doc_bit else True
        self.traits = engine_traits(self.version.key)
        self._layout(model)
        self.names: tuple[str, ...] = tuple(text(n) for n in (model.co_names or ()))
        if converter is None and self.version.strings == "py2":
            from .py2runtime import convert_const27

            converter = convert_const27
        convert = converter or convert_const
        self.consts: tuple[Any, ...] = tuple(convert(c, self) for c in (model.co_consts or ()))
        # filled by prepare.prepare() on first run (placeholders that prepare on call)
        from .prepare import lazy_arrays

        self.ops, self.args = lazy_arrays(self)
        self.offsets: list[int] = []
        self.lines: Optional[list[Optional[int]]] = None
        self.handlers: Any = None  # 3.11+ exception table, in instruction indexes
        self.unwinder: Any = None
        self.tier_b: Any = None  # {block start: block function} once compiled
        self.heat = 0
        self.ops_a: Optional[list[Any]] = None  # per-instruction handlers (never fused blocks)
        self.depths: Optional[list[int]] = None
        self.definitions: Any = None
        self.calls = 0
        self.synthetic: dict[int, Any] = {}
        from .limits import CODES

        CODES.add(self)

    # --- locals layout ------------------------------------------------------------------

    def _layout(self, model: Code) -> None:
        """Compute the localsplus layout: locals, then cells, then frees."""
        if model.version.has_localsplus:
            names = tuple(text(n) for n in (model.co_localsplusnames or ()))
            kinds = bytes(model.co_localspluskinds or b"")
            self.localsplus = names
            self.kinds = kinds
            self.varnames = tuple(n for n, k in zip(names, kinds) if k & CO_FAST_LOCAL)
            self.cellvars = tuple(n for n, k in zip(names, kinds) if k & CO_FAST_CELL)
            self.freevars = tuple(n for n, k in zip(names, kinds) if k & CO_FAST_FREE)
            self.cell_init: tuple[tuple[int, int], ...] = ()
            self.nfree = len(self.freevars)
        else:
            varnames = tuple(text(n) for n in (model.co_varnames or ()))
            cellvars = tuple(text(n) for n in (model.co_cellvars or ()))
            freevars = tuple(text(n) for n in (model.co_freevars or ()))
            self.varnames, self.cellvars, self.freevars = varnames, cellvars, freevars
            self.localsplus = varnames + cellvars + freevars
            self.kinds = bytes(
                [CO_FAST_LOCAL] * len(varnames)
                + [CO_FAST_CELL] * len(cellvars)
                + [CO_FAST_FREE] * len(freevars)
            )
            nargs = self.total_args
            # 3.6-3.10 make every cell at frame start; a cell named like an argument
            # starts with the argument's value (CPython's cell2arg)
            init = []
            for i, name in enumerate(cellvars):
                arg = varnames.index(name) if name in varnames[:nargs] else -1
                init.append((len(varnames) + i, arg))
            self.cell_init = tuple(init)
            self.nfree = len(freevars)
        self.nlocalsplus = len(self.localsplus)
        self.co_nlocals = len(self.varnames)
        self.empty_tail_cache: dict[int, list[Any]] = {}
        flags = self.co_flags
        self.plain_args = not flags & (CO_VARARGS | CO_VARKEYWORDS) and not self.co_kwonlyargcount
        # before 3.11 the frame gets its closure's cells on entry (3.11+: COPY_FREE_VARS)
        self.copy_frees = not model.version.has_localsplus and self.nfree > 0
        self.gen_kind = gen_kind(flags) if engine_traits(self.version.key)["gen_at_call"] else None
        # a positional call with exactly this many arguments needs no binding work
        # code without CO_OPTIMIZED (2.7 class bodies) runs with a namespace dict
        self.new_locals = not flags & CO_OPTIMIZED
        plain = (self.plain_args and not self.cell_init and not self.copy_frees
                 and not self.gen_kind and not self.new_locals)
        self.simple_argc = self.co_argcount if plain else -1
        self.tail = self.empty_slots(self.co_argcount)
        self.uses_blocks = not model.version.has_exception_table
        self.wrap_async_yields = bool(
            flags & CO_ASYNC_GENERATOR and engine_traits(self.version.key)["async_yield_wraps"]
        )

    @property
    def total_args(self) -> int:
        """Positional + keyword-only parameters, plus ``*args`` and ``**kwargs`` slots."""
        flags = self.co_flags
        return (
            self.co_argcount
            + self.co_kwonlyargcount
            + bool(flags & CO_VARARGS)
            + bool(flags & CO_VARKEYWORDS)
        )

    def empty_slots(self, given: int) -> list[Any]:
        """Return ``[NULL] * (nlocalsplus - given)`` (the unset part of a new frame)."""
        tail = self.empty_tail_cache.get(given)
        if tail is None:
            tail = self.empty_tail_cache[given] = [NULL] * max(0, self.nlocalsplus - given)
        return tail

    # --- lines --------------------------------------------------------------------------

    def line_of(self, index: int) -> Optional[int]:
        """Return the source line of instruction ``index`` (None: no line)."""
        lines = self.lines
        if lines is None:
            from .prepare import line_table

            lines = self.lines = line_table(self)
        if 0 <= index < len(lines):
            return lines[index]
        return None

    # --- generators suspended in a delegation (yield from / await) ----------------------

    def delegating_at(self, pc: int) -> bool:
        """True when a generator suspended to resume at ``pc`` is inside a
        ``yield from``/``await`` (its sub-iterator on top of the stack)."""
        defs = self.definitions
        if defs is None or not 0 <= pc < len(defs) or defs[pc] is None:
            return False
        name = defs[pc].opname
        if self.traits["throw_delegate"] == "yield_from":
            return name == "YIELD_FROM"
        return name == "RESUME" and (self.args[pc] or 0) & 3 >= 2

    def after_delegation(self, pc: int) -> int:
        """Where a generator goes on when ``throw()`` made its sub-iterator return."""
        if self.traits["throw_delegate"] == "yield_from":
            return pc + 1
        send = pc - 2
        defs = self.definitions
        if defs is not None and 0 <= send < len(defs) and defs[send] is not None and (
            defs[send].opname == "SEND"
        ):
            target: int = self.args[send]
            return target
        return pc

    @property
    def co_qualname_text(self) -> str:
        """The qualified name (the plain name before 3.11, which has no co_qualname)."""
        return self.co_qualname

    # --- what programs see -------------------------------------------------------------

    @property
    def co_varnames(self) -> tuple[str, ...]:
        return self.varnames

    @property
    def co_cellvars(self) -> tuple[str, ...]:
        return self.cellvars

    @property
    def co_freevars(self) -> tuple[str, ...]:
        return self.freevars

    @property
    def co_names(self) -> tuple[str, ...]:
        return self.names

    @property
    def co_consts(self) -> tuple[Any, ...]:
        return self.consts

    @property
    def co_code(self) -> bytes:
        return bytes(self.model.co_code)

    @property
    def co_linetable(self) -> bytes:
        return bytes(self.model.co_linetable)

    @property
    def co_lnotab(self) -> Optional[bytes]:
        return self.model.co_lnotab

    @property
    def co_exceptiontable(self) -> bytes:
        return bytes(self.model.co_exceptiontable or b"")

    def co_lines(self) -> Any:
        """Yield ``(start, end, line)`` ranges, as ``code.co_lines()``."""
        from ..bytecode.listing import listing

        return iter(listing(self.model).line_ranges)

    def co_positions(self) -> Any:
        """Yield one ``(line, end_line, col, end_col)`` per code unit, as ``co_positions()``."""
        from ..bytecode.listing import listing

        return iter(listing(self.model).positions)

    def __repr__(self) -> str:
        return (
            f'<code object {self.co_name} at {hex(id(self))}, file "{self.co_filename}", '
            f"line {self.co_firstlineno}>"
        )

    def __hash__(self) -> int:
        return id(self) >> 4

    def __eq__(self, other: object) -> bool:
        return self is other


VMCode.__name__ = VMCode.__qualname__ = "code"  # type(f.__code__).__name__ as on the host


def convert_const(value: Any, owner: Optional[VMCode] = None) -> Any:
    """Return the host value a constant stands for (nested code objects become VMCode).

    Marshal's order-keeping and text-keeping types become the plain host
    types a program expects (``type(x) is float``).
    """
    from ..values import (
        FrozenDict,
        OrderedFrozenset,
        OrderedSet,
        Py2Long,
        TextComplex,
        TextFloat,
    )

    t = type(value)
    if t is Code:
        return VMCode(value)
    if t is tuple:
        if not value:
            return value
        converted = tuple(convert_const(v, owner) for v in value)
        if all(a is b for a, b in zip(converted, value)):
            return value
        return converted
    if t is TextFloat:
        return float(value)
    if t is TextComplex:
        return complex(value)
    if t is Py2Long:
        return int(value)
    if t is OrderedFrozenset:
        return frozenset(convert_const(v, owner) for v in value.order)
    if t is OrderedSet:
        return set(convert_const(v, owner) for v in value.order)
    if t is FrozenDict:
        return _frozendict({convert_const(k): convert_const(v) for k, v in value.items()})
    return value


def _frozendict(items: dict[Any, Any]) -> Any:
    import builtins

    host = getattr(builtins, "frozendict", None)
    if host is not None:
        return host(items)
    import types

    return types.MappingProxyType(items)
