"""CPython 3.12's changes over 3.11: ``LOAD_ATTR`` with the method bit,
``LOAD_SUPER_ATTR``, intrinsics, ``RETURN_CONST``, ``FOR_ITER`` past ``END_FOR``,
inlined comprehensions (``LOAD_FAST_AND_CLEAR``), ``CLEANUP_THROW``."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("v312"))

S.inst("LOAD_ATTR", "owner -- res", "res = getattr(owner, oparg)", arg="attr_method")
S.inst("LOAD_ATTR", "owner -- meth self_or_attr", "meth, self_or_attr = load_method(owner, oparg)",
       arg="attr_method", variant="method")
S.inst("LOAD_SUPER_ATTR", "global_super cls self_ -- res",
       "res = load_super_attr(frame, global_super, cls, self_, oparg[0], oparg[1])",
       arg="super_attr")
S.inst("LOAD_SUPER_ATTR", "global_super cls self_ -- null res", """
    res = load_super_attr(frame, global_super, cls, self_, oparg[0], oparg[1])
    null = NULL
""", arg="super_attr", variant="method")
S.inst("POP_JUMP_IF_FALSE", "cond --", "if not cond:\n    JUMP(oparg)", arg="jump")
S.inst("POP_JUMP_IF_TRUE", "cond --", "if cond:\n    JUMP(oparg)", arg="jump")
S.inst("POP_JUMP_IF_NONE", "value --", "if value is None:\n    JUMP(oparg)", arg="jump")
S.inst("POP_JUMP_IF_NOT_NONE", "value --", "if value is not None:\n    JUMP(oparg)", arg="jump")
S.inst("RETURN_CONST", "--", """
    do_return(frame, oparg)
    SWITCH()
""", arg="const", flow="exit")
S.inst("LOAD_FAST_CHECK", "-- value", """
    value = fast[oparg]
    if value is NULL:
        raise unbound_local(frame, oparg)
""", arg="local")
S.inst("LOAD_FAST_AND_CLEAR", "-- value", """
    value = fast[oparg]
    fast[oparg] = NULL
""", arg="local")
S.inst("BINARY_SLICE", "container start stop -- res", "res = container[start:stop]", arg="none")
S.inst("STORE_SLICE", "v container start stop --", "container[start:stop] = v", arg="none")
S.inst("END_FOR", "second value --", arg="none")
S.inst("END_SEND", "receiver value -- value", arg="none")
S.inst("CLEANUP_THROW", "sub_iter last_sent exc -- none value", """
    value = cleanup_throw(frame, sub_iter, last_sent, exc)
    none: Any = None  # (annotated: mypyc refuses a local of type None)
""", arg="none")
S.inst("CALL_INTRINSIC_1", "value -- res", "res = call_intrinsic_1(frame, oparg, value)",
       arg="intrinsic1_name")
S.inst("CALL_INTRINSIC_2", "value2 value1 -- res",
       "res = call_intrinsic_2(frame, oparg, value2, value1)", arg="intrinsic2_name")
S.inst("LOAD_LOCALS", "-- locals_", "locals_ = load_locals(frame)", arg="none")
S.inst("LOAD_FROM_DICT_OR_GLOBALS", "mapping -- v",
       "v = load_from_dict_or_globals(frame, mapping, oparg)", arg="name")
S.inst("LOAD_FROM_DICT_OR_DEREF", "mapping -- v",
       "v = load_from_dict_or_deref(frame, mapping, oparg)", arg="deref")


S.inst("FOR_ITER", "iter_ -- iter_ next_", """
    if type(iter_) is Generator:
        if resume_in_vm(frame, iter_, None, pc, (oparg, 1, False, 0, None)):
            SWITCH()
    try:
        next_ = next(iter_)
    except StopIteration:
        JUMP_ALT(oparg)
""", arg="jump_skip1", jump_effect="iter_ --")


S.inst("SEND", "receiver value -- receiver retval", """
    if is_vm_generator(receiver):
        if resume_in_vm(frame, receiver, value, pc, (oparg, 0, True, 0, None)):
            SWITCH()
    done, retval = send_to(frame, receiver, value, pc)
    if done:
        JUMP(oparg)
""", arg="jump")
