"""CPython 3.11's instructions: exception tables, ``PUSH_NULL``/``PRECALL``/``KW_NAMES``
calls, ``BINARY_OP``, ``RETURN_GENERATOR``; the base later lines override."""

from __future__ import annotations

from typing import Any

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("v311"))

S.inst("RESUME", "--")
S.inst("PUSH_NULL", "-- null", "null = NULL", arg="none")
S.inst("LOAD_GLOBAL", "-- v", "v = load_global(frame, oparg)", arg="global_null")
S.inst("LOAD_GLOBAL", "-- null v", """
    v = load_global(frame, oparg)
    null = NULL
""", arg="global_null", variant="null")
S.inst("LOAD_ATTR", "owner -- res", "res = getattr(owner, oparg)", arg="name")
S.inst("LOAD_METHOD", "owner -- meth self_or_attr",
       "meth, self_or_attr = load_method(owner, oparg)", arg="name")
S.inst("PRECALL", "--")
S.inst("KW_NAMES", "--", "frame.kwnames = oparg", arg="const")
S.inst("CALL", "meth_or_null callable_or_self args[oparg] -- res", """
    if meth_or_null is NULL:
        callable_ = callable_or_self
    else:
        callable_ = meth_or_null
        args.insert(0, callable_or_self)
    kwnames = frame.kwnames
    if kwnames is not None:
        frame.kwnames = None
        res = call_any(frame, callable_, args, kwnames, pc)
    elif type(callable_) is Function:
        res = push_plain(frame, callable_, args, pc)
    else:
        res = call_any(frame, callable_, args, None, pc)
    if res is PUSHED:
        SWITCH()
""")
S.inst("CALL_FUNCTION_EX", "null func callargs -- res", """
    res = call_ex(frame, func, callargs, None, pc)
    if res is PUSHED:
        SWITCH()
""", arg="bit0", variant="0")
S.inst("CALL_FUNCTION_EX", "null func callargs kwargs -- res", """
    res = call_ex(frame, func, callargs, kwargs, pc)
    if res is PUSHED:
        SWITCH()
""", arg="bit0", variant="1")
S.inst("MAKE_FUNCTION", "extras[bin(oparg).count('1')] codeobj -- func",
       "func = make_function(frame, codeobj, extras, oparg)")

# --- exceptions: the table finds the handler; these run in it ------------------------------------

S.inst("PUSH_EXC_INFO", "new_exc -- prev new_exc", "prev = push_exc_info(frame, new_exc)",
       arg="none")
S.inst("POP_EXCEPT", "prev --", "pop_except(frame, prev)", arg="none")
S.inst("RERAISE", "exc --", "reraise(frame, exc, st[-oparg] if oparg else None)", flow="exit")
S.inst("CHECK_EXC_MATCH", "left right -- left b", "b = exception_matches(left, right)",
       arg="none")
S.inst("CHECK_EG_MATCH", "exc match_type -- rest match", """
    rest, match = check_eg_match(exc, match_type)
    if match is not None:
        push_exc_info(frame, match)
""", arg="none")
S.inst("PREP_RERAISE_STAR", "orig excs -- res", "res = prep_reraise_star(orig, excs)",
       arg="none")

# --- stack ---------------------------------------------------------------------------------------

S.inst("COPY", "unused[oparg] -- unused[oparg] top", "top = st[-oparg]")
S.inst("SWAP", "unused[oparg] -- unused[oparg]", "st[-1], st[-oparg] = st[-oparg], st[-1]")

# --- operators -----------------------------------------------------------------------------------

_BINARY = {
    "+": "res = lhs + rhs", "&": "res = lhs & rhs", "//": "res = lhs // rhs",
    "<<": "res = lhs << rhs", "@": "res = lhs @ rhs", "*": "res = lhs * rhs",
    "%": "res = lhs % rhs", "|": "res = lhs | rhs", "**": "res = lhs ** rhs",
    ">>": "res = lhs >> rhs", "-": "res = lhs - rhs", "/": "res = lhs / rhs",
    "^": "res = lhs ^ rhs", "[]": "res = lhs[rhs]",
}
for _sym, _body in _BINARY.items():
    S.inst("BINARY_OP", "lhs rhs -- res", _body, variant=_sym, arg="binop")
    if _sym != "[]":
        S.inst("BINARY_OP", "lhs rhs -- res", f"lhs {_sym}= rhs\nres = lhs", variant=_sym + "=",
               arg="binop")

S.inst("MATCH_CLASS", "subject type_ names -- attrs",
       "attrs = match_class(subject, type_, oparg, names)")
S.inst("MATCH_KEYS", "subject keys -- subject keys values",
       "values = match_keys(subject, keys)", arg="none")

# --- jumps ---------------------------------------------------------------------------------------

S.inst("JUMP_BACKWARD", "--", "JUMP(oparg)", arg="jump")
S.inst("JUMP_BACKWARD_NO_INTERRUPT", "--", "JUMP(oparg)", arg="jump")
for _dir in ("FORWARD", "BACKWARD"):
    S.inst(f"POP_JUMP_{_dir}_IF_FALSE", "cond --", "if not cond:\n    JUMP(oparg)", arg="jump")
    S.inst(f"POP_JUMP_{_dir}_IF_TRUE", "cond --", "if cond:\n    JUMP(oparg)", arg="jump")
    S.inst(f"POP_JUMP_{_dir}_IF_NONE", "value --", "if value is None:\n    JUMP(oparg)",
           arg="jump")
    S.inst(f"POP_JUMP_{_dir}_IF_NOT_NONE", "value --", "if value is not None:\n    JUMP(oparg)",
           arg="jump")


@S.handler("FOR_ITER", "iter_ -- iter_ next_", arg="jump", flow="branch",
           jump_effect="iter_ --")
def for_iter(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``FOR_ITER`` (3.11): the next item, or pop the iterator and jump when it ends."""
    try:
        st.append(next(st[-1]))
    except StopIteration:
        st.pop()
        return oparg  # type: ignore[no-any-return]
    return pc + 1


# --- cells ---------------------------------------------------------------------------------------

S.inst("MAKE_CELL", "--", "fast[oparg] = new_cell(fast[oparg])", arg="deref")
S.inst("COPY_FREE_VARS", "--", "copy_free_vars(frame, oparg)")
S.inst("LOAD_CLASSDEREF", "-- value", "value = load_classderef(frame, oparg)", arg="deref")

# --- generators and coroutines -------------------------------------------------------------------

S.inst("RETURN_GENERATOR", "-- sent", """
    gen_start(frame, pc)
    SWITCH()
""", arg="none")
S.inst("YIELD_VALUE", "value -- sent", """
    do_yield(frame, value, pc)
    SWITCH()
""", arg="none")


@S.handler("SEND", "receiver value -- receiver retval", arg="jump", flow="branch",
           jump_effect="receiver value -- retval")
def send(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``SEND`` (3.11): send into the sub-iterator; its return value ends the loop."""
    from ..generators import send_to

    value = st.pop()
    done, result = send_to(frame, st[-1], value, pc)
    if done is None:
        return -1  # a VM generator was resumed in place: its yield or return comes back here
    if done:
        st[-1] = result
        return oparg  # type: ignore[no-any-return]
    st.append(result)
    return pc + 1


S.inst("GET_AWAITABLE", "iterable -- iter_", "iter_ = get_awaitable(frame, iterable, oparg)")
S.inst("GET_AITER", "obj -- aiter", "aiter = get_aiter(obj)", arg="none")
S.inst("GET_ANEXT", "aiter -- aiter awaitable", "awaitable = get_anext(aiter)", arg="none")
S.inst("END_ASYNC_FOR", "aiter exc --", "end_async_for(frame, exc)", arg="none")
S.inst("BEFORE_ASYNC_WITH", "mgr -- exit_ res",
       "exit_, res = before_with(frame, mgr, '__aenter__', '__aexit__')", arg="none")
S.inst("BEFORE_WITH", "mgr -- exit_ res",
       "exit_, res = before_with(frame, mgr, '__enter__', '__exit__')", arg="none")
S.inst("WITH_EXCEPT_START", "exit_ lasti prev val -- exit_ lasti prev val res",
       "res = exit_call(exit_, val)", arg="none")
S.inst("ASYNC_GEN_WRAP", "v -- wrapped", "wrapped = async_gen_wrap(v)", arg="none")
