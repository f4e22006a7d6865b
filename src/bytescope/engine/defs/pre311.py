"""Instructions of 3.6-3.10: the ``CALL_FUNCTION`` family, one opcode per operator, the
stack shuffles (``ROT_*``, ``DUP_TOP``), the block stack, ``YIELD_FROM``."""

from __future__ import annotations

from typing import Any

from .. import blockstack as B
from ..dsl import DefinitionSet
from ..objects import NULL
from . import register
from .common import GLOBAL_LOOKUP

S = register(DefinitionSet("pre311"))
S.merge("COMPARE_OP")

# --- names ---------------------------------------------------------------------------------------

S.inst("LOAD_GLOBAL", "-- v", GLOBAL_LOOKUP, arg="name")
S.inst("LOAD_ATTR", "owner -- res", "res = getattr(owner, oparg)", arg="name")
S.inst("LOAD_METHOD", "owner -- meth self_or_attr",
       "meth, self_or_attr = load_method(owner, oparg)", arg="name")
S.inst("LOAD_CLASSDEREF", "-- value", "value = load_classderef(frame, oparg)", arg="deref")
S.inst("STORE_ANNOTATION", "ann --", "frame.locals['__annotations__'][oparg] = ann", arg="name")

# --- operators: one opcode each ------------------------------------------------------------------

_OPS = {
    "ADD": "+", "SUBTRACT": "-", "MULTIPLY": "*", "TRUE_DIVIDE": "/", "FLOOR_DIVIDE": "//",
    "MODULO": "%", "POWER": "**", "LSHIFT": "<<", "RSHIFT": ">>", "AND": "&", "OR": "|",
    "XOR": "^", "MATRIX_MULTIPLY": "@",
}
for _name, _sym in _OPS.items():
    S.inst(f"BINARY_{_name}", "lhs rhs -- res", f"res = lhs {_sym} rhs", arg="none")
    S.inst(f"INPLACE_{_name}", "lhs rhs -- res", f"lhs {_sym}= rhs\nres = lhs", arg="none")

for _sym, _body in (("in", "res = left in right"), ("not in", "res = left not in right"),
                    ("is", "res = left is right"), ("is not", "res = left is not right"),
                    ("exception match", "res = exception_matches(left, right)")):
    S.inst("COMPARE_OP", "left right -- res", _body, variant=_sym, arg="compare")

# --- stack shuffles ------------------------------------------------------------------------------

S.inst("ROT_TWO", "a b -- b a", arg="none")
S.inst("ROT_THREE", "a b c -- c a b", arg="none")
S.inst("ROT_FOUR", "a b c d -- d a b c", arg="none")
S.inst("DUP_TOP", "a -- a a2", "a2 = a", arg="none")
S.inst("DUP_TOP_TWO", "a b -- a b a2 b2", "a2 = a\nb2 = b", arg="none")

# --- calls ---------------------------------------------------------------------------------------

S.inst("CALL_FUNCTION", "func args[oparg] -- res", """
    if type(func) is Function:
        res = push_plain(frame, func, args, pc)
    elif type(func) is MethodType and type(func.__func__) is Function:
        args.insert(0, func.__self__)
        res = push_plain(frame, func.__func__, args, pc)
    else:
        res = call_any(frame, func, args, None, pc)
    if res is PUSHED:
        SWITCH()
""")
S.inst("CALL_FUNCTION_KW", "func args[oparg] kwnames -- res", """
    res = call_any(frame, func, args, kwnames, pc)
    if res is PUSHED:
        SWITCH()
""")
S.inst("CALL_FUNCTION_EX", "func callargs -- res", """
    res = call_ex(frame, func, callargs, None, pc)
    if res is PUSHED:
        SWITCH()
""", arg="bit0", variant="0")
S.inst("CALL_FUNCTION_EX", "func callargs kwargs -- res", """
    res = call_ex(frame, func, callargs, kwargs, pc)
    if res is PUSHED:
        SWITCH()
""", arg="bit0", variant="1")
S.inst("CALL_METHOD", "meth_or_null callable_or_self args[oparg] -- res", """
    if meth_or_null is NULL:
        callable_ = callable_or_self
    else:
        callable_ = meth_or_null
        args.insert(0, callable_or_self)
    if type(callable_) is Function:
        res = push_plain(frame, callable_, args, pc)
    elif type(callable_) is MethodType and type(callable_.__func__) is Function:
        args.insert(0, callable_.__self__)
        res = push_plain(frame, callable_.__func__, args, pc)
    else:
        res = call_any(frame, callable_, args, None, pc)
    if res is PUSHED:
        SWITCH()
""")
S.inst("MAKE_FUNCTION", "extras[bin(oparg).count('1')] codeobj qualname -- func",
       "func = make_function(frame, codeobj, extras, oparg, qualname)")

# --- the unpacking builders of 3.6-3.8 -----------------------------------------------------------

S.inst("BUILD_TUPLE_UNPACK", "values[oparg] -- res", "res = tuple(unpack_join(frame, values))")
S.inst("BUILD_LIST_UNPACK", "values[oparg] -- res", "res = unpack_join(frame, values)")
S.inst("BUILD_SET_UNPACK", "values[oparg] -- res", "res = set(unpack_join(frame, values))")
S.inst("BUILD_MAP_UNPACK", "values[oparg] -- res", "res = map_join(frame, values)")
S.inst("BUILD_TUPLE_UNPACK_WITH_CALL", "func unused values[oparg] -- func unused res",
       "res = tuple(unpack_join(frame, values, func))")
S.inst("BUILD_MAP_UNPACK_WITH_CALL", "func unused values[oparg] -- func unused res",
       "res = map_join(frame, values, func)")
S.inst("MAP_ADD", "dict_ unused[oparg - 1] key value -- dict_ unused[oparg - 1]",
       "dict_[key] = value")

# --- jumps ---------------------------------------------------------------------------------------

S.inst("JUMP_ABSOLUTE", "--", "JUMP(oparg)", arg="jump")
S.inst("POP_JUMP_IF_FALSE", "cond --", "if not cond:\n    JUMP(oparg)", arg="jump")
S.inst("POP_JUMP_IF_TRUE", "cond --", "if cond:\n    JUMP(oparg)", arg="jump")


S.inst("FOR_ITER", "iter_ -- iter_ next_", """
    if type(iter_) is Generator:
        if resume_in_vm(frame, iter_, None, pc, (oparg, 1, False, 0, None)):
            SWITCH()
    try:
        next_ = next(iter_)
    except StopIteration:
        JUMP_ALT(oparg)
""", arg="jump", jump_effect="iter_ --")


# --- generators ----------------------------------------------------------------------------------

S.inst("YIELD_VALUE", "value -- sent", """
    do_yield(frame, value, pc)
    SWITCH()
""", arg="none")


@S.handler("YIELD_FROM", "receiver value -- result", arg="none")
def yield_from(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``YIELD_FROM``: send into the sub-iterator; yield what it yields (this instruction
    runs again on resumption), or replace it by its return value."""
    from ..generators import do_yield, send_to

    value = st.pop()
    done, result = send_to(frame, st[-1], value, pc)
    if done:
        st[-1] = result
        return pc + 1
    do_yield(frame, result, pc, again=True)
    return -1


S.inst("GET_AWAITABLE", "iterable -- iter_", "iter_ = get_awaitable(frame, iterable, oparg)",
       arg="await_where")
S.inst("BEFORE_ASYNC_WITH", "mgr -- exit_ res",
       "exit_, res = before_with(frame, mgr, '__aenter__', '__aexit__')", arg="none")
S.inst("GET_AITER", "obj -- aiter", "aiter = get_aiter(obj)", arg="none")
S.inst("GET_ANEXT", "aiter -- aiter awaitable", "awaitable = get_anext(aiter)", arg="none")

# --- the block stack -----------------------------------------------------------------------------


@S.handler("SETUP_FINALLY", "--", arg="jump", flow="branch",
           jump_effect="-- tb0 v0 t0 tb v t")
def setup_finally(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Push a finally/except block whose handler is ``oparg``."""
    B.push_block(frame, B.FINALLY, oparg, len(st))
    return pc + 1


@S.handler("POP_BLOCK", "--", arg="none")
def pop_block(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Pop a block (the stack itself is left as it is, as 3.8+ does)."""
    B.pop_block(frame)
    return pc + 1


@S.handler("POP_EXCEPT", "a b c --", arg="none")
def pop_except(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Leave an except handler: restore the exception handled before it."""
    B.pop_except(frame, unwind=False)
    return pc + 1


@S.handler("SETUP_WITH", "mgr -- exit_ res", arg="jump", flow="branch",
           jump_effect="mgr -- exit_ tb0 v0 t0 tb v t")
def setup_with(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``with``: call ``__enter__``, push a finally block, then its result."""
    from ..runtime import before_with

    exit_, res = before_with(frame, st[-1], "__enter__", "__exit__")
    st[-1] = exit_
    B.push_block(frame, B.FINALLY, oparg, len(st))
    st.append(res)
    return pc + 1


@S.handler("SETUP_ASYNC_WITH", "res -- res", arg="jump", flow="branch",
           jump_effect="res -- tb0 v0 t0 tb v t")
def setup_async_with(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``async with``: push a finally block below the awaited ``__aenter__`` result."""
    res = st.pop()
    B.push_block(frame, B.FINALLY, oparg, len(st))
    st.append(res)
    return pc + 1


@S.handler("END_ASYNC_FOR", "aiter a b c tb val exc --", arg="none")
def end_async_for(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """3.8-3.10: a ``StopAsyncIteration`` ends the loop; anything else is re-raised."""
    from ..runtime import reraise

    exc_type = st.pop()
    if isinstance(exc_type, type) and issubclass(exc_type, StopAsyncIteration):
        kind, _handler, level = B.pop_block(frame)
        if kind != B.EXCEPT_HANDLER:
            raise B._bad(frame, "END_ASYNC_FOR without its except handler block")
        B.unwind_except_handler(frame, level)
        st.pop()
        return pc + 1
    value = st.pop()
    st.pop()
    reraise(frame, value)
    return -1


_ = NULL  # NULL is part of these definitions' vocabulary (the generated code imports it)
