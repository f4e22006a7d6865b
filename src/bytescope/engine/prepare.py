"""Make a code object dispatch-ready: one handler and one resolved argument per instruction.

Preparation runs once per :class:`~bytescope.engine.codeobj.VMCode`, on its
first run:

* the instruction layer (:class:`~bytescope.bytecode.listing.Listing`)
  decodes the bytecode (``EXTENDED_ARG`` folded, inline caches skipped);
* each instruction gets the handler of its definition in the release line's
  table, through the opcode table's ``deop`` (specialized and instrumented
  opcodes run as their base instruction), and its argument resolved as the
  definition asks (a constant, a name, a jump target as an instruction
  index, a local slot, a specialization such as ``BINARY_OP +``);
* the stack depth before every reachable instruction is computed from the
  definitions' stack effects, so no handler can pop an empty stack.

Nothing is refused up front: an instruction that breaks a rule (an unknown
opcode, an index outside its table, a jump out of the code, a stack
underflow) gets a handler that raises :class:`~bytescope.engine.errors.BadBytecode`
naming the code object and offset when it is reached, as native CPython only
fails when it gets there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional

from ..bytecode.listing import Listing
from .dsl import Definition
from .errors import BadBytecode
from .objects import NULL

if TYPE_CHECKING:
    from .codeobj import VMCode

_SWITCHED = -1


class _BadArg(Exception):
    """An argument that cannot be resolved (message says why)."""


def _switch_trap(frame: Any, st: Any, oparg: Any, pc: int) -> int:
    """The handler after the last instruction: reached only when execution runs past
    the end of the code (every real code object ends in a return, raise or jump)."""
    code = frame.code
    offset = code.offsets[-1] if code.offsets else None
    raise BadBytecode("execution ran past the end of the code", code=code, offset=offset)


def _first_run(frame: Any, st: Any, oparg: Any, pc: int) -> int:
    """The placeholder handler of an unprepared code object: prepare, then go on."""
    prepare(frame.code)
    return pc


def lazy_arrays(code: VMCode) -> tuple[list[Any], list[Any]]:
    """Return the placeholder ``(ops, args)`` of an unprepared code object."""
    return [_first_run, _switch_trap], [None, None]


def bad_instruction(frame: Any, st: Any, oparg: Any, pc: int) -> int:
    """Handler of an instruction that breaks a rule; ``oparg`` is the message."""
    code = frame.code
    offset = code.offsets[pc] if 0 <= pc < len(code.offsets) else None
    raise BadBytecode(str(oparg), code=code, offset=offset)


def stack_underflow(frame: Any, pc: int) -> BadBytecode:
    """Return the error for a handler that found fewer stack items than it needs."""
    code = frame.code
    offset = code.offsets[pc] if 0 <= pc < len(code.offsets) else None
    return BadBytecode("stack underflow", code=code, offset=offset)


# --- argument kinds ----------------------------------------------------------------------


class _Ctx:
    """What argument resolution needs about one code object."""

    def __init__(self, code: VMCode, listing: Listing, index: dict[int, int]) -> None:
        self.code = code
        self.listing = listing
        self.index = index
        self.table = code.table
        self.traits = code.table.traits
        self.localsplus = code.version.has_localsplus
        self.i = 0


Resolve = Callable[[_Ctx, int, int, Optional[int]], tuple[Optional[str], Any]]


def _need(arg: Optional[int]) -> int:
    if arg is None:
        raise _BadArg("missing argument")
    return arg


def _const(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    consts = ctx.code.consts
    if not 0 <= a < len(consts):
        raise _BadArg(f"constant index {a} out of range (co_consts has {len(consts)})")
    return None, consts[a]


def _name_at(ctx: _Ctx, a: int) -> str:
    names = ctx.code.names
    if not 0 <= a < len(names):
        raise _BadArg(f"name index {a} out of range (co_names has {len(names)})")
    return names[a]


def _name(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    return None, _name_at(ctx, _need(arg))


def _global_null(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return ("null" if a & 1 else None), _name_at(ctx, a >> 1)


def _attr_method(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return ("method" if a & 1 else None), _name_at(ctx, a >> 1)


def _super_attr(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return ("method" if a & 1 else None), (_name_at(ctx, a >> 2), a & 2)


def _jump(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    _need(arg)
    target = ctx.listing.jump_target(off)
    if target is None:
        raise _BadArg("jump without a target")
    i = ctx.index.get(target)
    if i is None:
        raise _BadArg(f"jump to offset {target}, where no instruction starts")
    return None, i


def _local(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    limit = ctx.code.nlocalsplus if ctx.localsplus else ctx.code.co_nlocals
    if not 0 <= a < limit:
        raise _BadArg(f"local variable index {a} out of range ({limit} slots)")
    return None, a


def _local_pair(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    first, second = a >> 4, a & 15
    for i in (first, second):
        _local(ctx, off, op, i)
    return None, (first, second)


def _deref(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    code = ctx.code
    slot = a if ctx.localsplus else code.co_nlocals + a
    if not 0 <= slot < code.nlocalsplus:
        raise _BadArg(f"cell or free variable index {a} out of range")
    return None, slot


def _pick(seq: tuple[str, ...], i: int, what: str) -> str:
    if not 0 <= i < len(seq):
        raise _BadArg(f"{what} {i} out of range")
    return seq[i]


def _compare(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    sym = _pick(ctx.table.cmp_op, a >> ctx.traits["cmp_shift"], "comparison")
    if ctx.traits["cmp_bool"] and a & 16:
        return sym + " bool", a
    return sym, a


def _binop(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return _pick(ctx.table.nb_ops, a, "binary operation"), a


def _flag(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return ("1" if a else "0"), a


def _intrinsic1_name(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    return None, _pick(ctx.table.intrinsic_1, _need(arg), "intrinsic function")


def _intrinsic2_name(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    return None, _pick(ctx.table.intrinsic_2, _need(arg), "intrinsic function")


def _intrinsic1(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return _pick(ctx.table.intrinsic_1, a, "intrinsic function"), a


def _intrinsic2(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return _pick(ctx.table.intrinsic_2, a, "intrinsic function"), a


def _common_const(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    from ..bytecode.resolve import UNKNOWN, common_constant

    name = _pick(ctx.table.common_constants, _need(arg), "common constant")
    value = common_constant(name)
    if value is UNKNOWN:
        raise _BadArg(f"common constant {name} has no host value")
    return None, value


def _special(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    return None, _pick(ctx.table.special_method_names, _need(arg), "special method")


def _import_name(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return None, _name_at(ctx, a >> 2)


def _import_name_lazy(ctx: _Ctx, off: int, op: int,
                      arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return ("lazy" if a & 1 else None), _name_at(ctx, a >> 2)


def _vint(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return str(a), a


def _bit0(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return ("1" if a & 1 else "0"), a


def _fmt(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    a = _need(arg)
    return ("spec" if a & 4 else None), a & 3


def _await_where(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    """Where a 3.6-3.10 ``GET_AWAITABLE`` awaits, from the instructions before it (the
    error message says ``__aenter__`` or ``__aexit__``), as those versions find out."""
    raw = ctx.listing.raw
    i = ctx.i
    names = ctx.table.names
    prev = names[ctx.table.deop[raw[i - 1][2]]] if i >= 1 else ""
    prev2 = names[ctx.table.deop[raw[i - 2][2]]] if i >= 2 else ""
    if prev == "BEFORE_ASYNC_WITH":
        return None, 1
    if prev in ("WITH_CLEANUP_START", "WITH_EXCEPT_START") or (
        prev == "CALL_FUNCTION" and prev2 == "DUP_TOP"
    ):
        return None, 2
    return None, 0


def _int(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    return None, arg


def _none(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    return None, None


def _jump_skip1(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    """A jump that lands one instruction past its target (3.12+ ``FOR_ITER`` skips
    ``END_FOR``)."""
    return None, _jump(ctx, off, op, arg)[1] + 1


def _jump_skip2(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    """A jump that lands two instructions past its target (3.13 ``FOR_ITER`` skips
    ``END_FOR`` and ``POP_TOP``)."""
    return None, _jump(ctx, off, op, arg)[1] + 2


def _raw_jump(ctx: _Ctx, off: int, op: int, arg: Optional[int]) -> tuple[Optional[str], Any]:
    """A jump target plus the raw argument (``(target index, arg)``)."""
    return None, (_jump(ctx, off, op, arg)[1], arg)


ARG_KINDS: dict[str, Resolve] = {
    "int": _int,
    "none": _none,
    "const": _const,
    "name": _name,
    "global_null": _global_null,
    "attr_method": _attr_method,
    "super_attr": _super_attr,
    "jump": _jump,
    "jump_skip1": _jump_skip1,
    "jump_skip2": _jump_skip2,
    "local": _local,
    "local_pair": _local_pair,
    "deref": _deref,
    "compare": _compare,
    "binop": _binop,
    "flag": _flag,
    "vint": _vint,
    "await_where": _await_where,
    "fmt": _fmt,
    "bit0": _bit0,
    "intrinsic1": _intrinsic1,
    "intrinsic1_name": _intrinsic1_name,
    "intrinsic2_name": _intrinsic2_name,
    "intrinsic2": _intrinsic2,
    "common_const": _common_const,
    "special": _special,
    "import_name": _import_name,
    "import_name_lazy": _import_name_lazy,
}


# --- preparation ---------------------------------------------------------------------------


def prepare(code: VMCode) -> None:
    """Fill ``code.ops``/``code.args`` (in place), ``offsets``, depths and handlers.

    Never raises for bad bytecode: bad instructions get :func:`bad_instruction`.
    """
    from . import tables

    listing = Listing(code.model)
    raw = listing.raw
    index = {ins[0]: i for i, ins in enumerate(raw)}
    ctx = _Ctx(code, listing, index)
    table = code.table
    defs = tables.definitions(code.version)
    handler_of = tables.handler_of
    n = len(raw)
    ops: list[Any] = [None] * n
    args: list[Any] = [None] * n
    chosen: list[Optional[Definition]] = [None] * n
    for i, (off, _start, op, arg) in enumerate(raw):
        base = table.deop[op]
        name = table.names[base]
        variants = defs.get(name)
        if variants is None:
            ops[i] = bad_instruction
            args[i] = f"unknown opcode {op} ({table.names[op]})"
            continue
        first = next(iter(variants.values()))
        ctx.i = i
        try:
            variant, value = ARG_KINDS[first.arg](ctx, off, op, arg)
        except _BadArg as exc:
            ops[i] = bad_instruction
            args[i] = f"{name}: {exc}"
            continue
        d = variants.get(variant) or variants.get(None)
        if d is None:
            ops[i] = bad_instruction
            args[i] = f"{name}: no handler for {variant!r}"
            continue
        ops[i] = handler_of(d)
        args[i] = value
        chosen[i] = d
    code.offsets = [ins[0] for ins in raw]
    code.handlers = _exception_handlers(code, listing, index)
    code.unwinder = _unwinder(code)
    code.depths = _verify(code, chosen, ops, args)
    code.definitions = chosen
    # in place: loops already running this code hold these very lists
    from . import tiering
    from .limits import stop_reason, stopped

    if stop_reason() is not None:  # a limit was reached while this code was not yet ready
        ops = [stopped] * len(ops)
    code.ops_a = ops + [_switch_trap]
    fast_ops = list(code.ops_a)
    tiering.arm(code, fast_ops, chosen, args)
    code.ops[:] = fast_ops
    code.args[:] = args + [None]
    if tiering.eager() and tiering.enabled():
        tiering.promote(code)


def _unwinder(code: VMCode) -> Callable[..., bool]:
    """The version's rule for finding an exception's handler in a frame."""
    from .tables import UNWINDERS

    special = UNWINDERS.get(code.version.key)
    if special is not None:
        import importlib

        module, name = special.split(":")
        found: Callable[..., bool] = getattr(importlib.import_module(f"bytescope.engine.{module}"),
                                             name)
        return found
    if code.version.has_exception_table:
        from .unwind import unwind_table

        return unwind_table
    from .blockstack import unwind_blocks

    return unwind_blocks


def _exception_handlers(code: VMCode, listing: Listing, index: dict[int, int]) -> list[Any]:
    """Return the 3.11+ exception table as ``(start, end, target, depth, lasti)`` in
    instruction indexes (``end`` exclusive); entries pointing nowhere are dropped."""
    out = []
    n = len(listing.raw)
    offsets = [ins[0] for ins in listing.raw]
    import bisect

    for e in listing.exception_entries:
        target = index.get(e.target)
        if target is None:
            continue
        start = bisect.bisect_left(offsets, e.start)
        end = bisect.bisect_left(offsets, e.end)
        if start >= n:
            continue
        out.append((start, end, target, e.depth, e.lasti))
    return out


def _verify(
    code: VMCode, chosen: list[Optional[Definition]], ops: list[Any], args: list[Any]
) -> list[int]:
    """Compute the stack depth before each instruction; make underflows bad instructions.

    Returns the depths (-1: not reached).  Where two paths meet with different
    depths the smaller is kept (only hostile code does that).
    """
    n = len(chosen)
    depth = [-1] * n
    # a generator frame may start with the first value sent on its stack (3.10's GEN_START)
    start = 1 if code.gen_kind is not None and code.traits["first_send_pushes"] else 0
    work: list[tuple[int, int]] = [(0, start)] if n else []
    for _s, _e, target, d, lasti in code.handlers:
        work.append((target, d + 1 + (1 if lasti else 0)))
    while work:
        i, d = work.pop()
        while 0 <= i < n:
            old = depth[i]
            if old != -1 and old <= d:
                break
            depth[i] = d
            dfn = chosen[i]
            if dfn is None:
                break
            try:
                taken, given = dfn.effect.sizes(args[i])
            except Exception:  # an argument the effect cannot size: hostile
                ops[i] = bad_instruction
                args[i] = f"{dfn.opname}: argument {args[i]!r} does not fit the instruction"
                chosen[i] = None
                break
            if taken > d:
                ops[i] = bad_instruction
                args[i] = (
                    f"{dfn.opname}: stack underflow (needs {taken} items, the stack holds {d})"
                )
                chosen[i] = None
                break
            flow = dfn.flow
            if flow in ("jump", "branch"):
                target = _target_of(args[i])
                eff = dfn.jump_effect or dfn.effect
                jt, jg = eff.sizes(args[i])
                if target is not None and jt <= d:
                    work.append((target, d - jt + jg))
            if flow in ("jump", "exit"):
                break
            d = d - taken + given
            i += 1
    return depth


def _target_of(arg: Any) -> Optional[int]:
    if type(arg) is int:
        return arg
    if type(arg) is tuple and arg and type(arg[0]) is int:
        return arg[0]
    return None


def line_table(code: VMCode) -> list[Optional[int]]:
    """Return the source line of every instruction index of ``code``."""
    listing = Listing(code.model)
    if not code.offsets:
        code.offsets = [ins[0] for ins in listing.raw]
    return [listing.line_at(off) for off in code.offsets]


__all__ = ["prepare", "lazy_arrays", "bad_instruction", "stack_underflow", "line_table", "NULL"]
