"""CPython 3.11's instructions: exception tables, ``PUSH_NULL``/``PRECALL``/``KW_NAMES``
calls, ``BINARY_OP``, ``RETURN_GENERATOR``; the base later lines override."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register
from .common import GLOBAL_LOOKUP

S = register(DefinitionSet("v311"))

S.inst("RESUME", "--")
S.inst("PUSH_NULL", "-- null", "null = NULL", arg="none")
S.inst("LOAD_GLOBAL", "-- v", GLOBAL_LOOKUP, arg="global_null")
S.inst("LOAD_GLOBAL", "-- null v", GLOBAL_LOOKUP + "    null = NULL\n",
       arg="global_null", variant="null")
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
    elif type(callable_) is MethodType and type(callable_.__func__) is Function:
        args.insert(0, callable_.__self__)
        res = push_plain(frame, callable_.__func__, args, pc)
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

S.inst("COPY", "bottom unused[oparg - 1] -- bottom unused[oparg - 1] top", "top = bottom")
S.inst("SWAP", "bottom mid[oparg - 2] top -- top mid[oparg - 2] bottom")

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


S.inst("FOR_ITER", "iter_ -- iter_ next_", """
    if type(iter_) is Generator:
        if resume_in_vm(frame, iter_, None, pc, (oparg, 1, False, 0, None)):
            SWITCH()
    try:
        next_ = next(iter_)
    except StopIteration:
        JUMP_ALT(oparg)
""", arg="jump", jump_effect="iter_ --")


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


S.inst("SEND", "receiver value -- receiver retval", """
    if is_vm_generator(receiver):
        if resume_in_vm(frame, receiver, value, pc, (oparg, 1, True, 0, None)):
            SWITCH()
    done, retval = send_to(frame, receiver, value, pc)
    if done:
        JUMP_ALT(oparg)
""", arg="jump", jump_effect="receiver value -- retval")


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
