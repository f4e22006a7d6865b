"""CPython 3.14's changes: ``LOAD_SPECIAL`` for ``with``, ``POP_ITER``, ``NOT_TAKEN``,
``LOAD_SMALL_INT``, ``LOAD_COMMON_CONSTANT``, template strings, ``BINARY_OP []``."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("v314"))

S.inst("LOAD_SMALL_INT", "-- value", "value = oparg")
S.inst("LOAD_FAST_BORROW", "-- value", """
    value = fast[oparg]
    if value is NULL:
        raise unbound_local(frame, oparg)
""", arg="local")
S.inst("LOAD_FAST_BORROW_LOAD_FAST_BORROW", "-- value1 value2", """
    value1 = fast[oparg[0]]
    value2 = fast[oparg[1]]
    if value1 is NULL:
        raise unbound_local(frame, oparg[0])
    if value2 is NULL:
        raise unbound_local(frame, oparg[1])
""", arg="local_pair")
S.inst("LOAD_COMMON_CONSTANT", "-- value", "value = oparg", arg="common_const")
S.inst("LOAD_SPECIAL", "owner -- attr self_or_null",
       "attr, self_or_null = load_special(owner, oparg)", arg="special")
S.inst("NOT_TAKEN", "--", arg="none")
S.inst("POP_ITER", "iter_ --", arg="none")
S.inst("END_ASYNC_FOR", "aiter exc --", "end_async_for(frame, exc)")
S.inst("WITH_EXCEPT_START",
       "exit_func exit_self lasti prev val -- exit_func exit_self lasti prev val res", """
    if exit_self is NULL:
        res = exit_func(type(val), val, val.__traceback__)
    else:
        res = exit_func(exit_self, type(val), val, val.__traceback__)
""", arg="none")
S.inst("CALL_FUNCTION_EX", "func null callargs kwargs -- res", """
    res = call_ex(frame, func, callargs, None if kwargs is NULL else kwargs, pc)
    if res is PUSHED:
        SWITCH()
""")
S.inst("BUILD_TEMPLATE", "strings interpolations -- template",
       "template = build_template(strings, interpolations)", arg="none")
S.inst("BUILD_INTERPOLATION", "value expr -- interp",
       "interp = build_interpolation(value, expr, oparg, None)", arg="bit0", variant="0")
S.inst("BUILD_INTERPOLATION", "value expr spec -- interp",
       "interp = build_interpolation(value, expr, oparg, spec)", arg="bit0", variant="1")


S.inst("FOR_ITER", "iter_ -- iter_ next_", """
    if type(iter_) is Generator:
        if resume_in_vm(frame, iter_, None, pc, (oparg, 0, False, 0, None)):
            SWITCH()
    try:
        next_ = next(iter_)
    except StopIteration:
        JUMP_ALT(oparg)
""", arg="jump_skip1", jump_effect="iter_ -- iter_")
