"""CPython 3.13's changes: the callable below ``self_or_null`` (``CALL``, ``CALL_KW``),
``TO_BOOL``, ``SET_FUNCTION_ATTRIBUTE``, ``CONVERT_VALUE``/``FORMAT_*``, the
``LOAD_FAST_LOAD_FAST`` family."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register
from .common import GLOBAL_LOOKUP

S = register(DefinitionSet("v313"))
S.merge("LOAD_ATTR", "LOAD_SUPER_ATTR", "COMPARE_OP")

S.inst("LOAD_GLOBAL", "-- v", GLOBAL_LOOKUP, arg="global_null")
S.inst("LOAD_GLOBAL", "-- v null", GLOBAL_LOOKUP + "    null = NULL\n",
       arg="global_null", variant="null")
S.inst("LOAD_ATTR", "owner -- attr self_or_null", """
    attr = getattr(owner, oparg)
    self_or_null = NULL
""", arg="attr_method", variant="method")
S.inst("LOAD_SUPER_ATTR", "global_super cls self_ -- res null", """
    res = load_super_attr(frame, global_super, cls, self_, oparg[0], oparg[1])
    null = NULL
""", arg="super_attr", variant="method")
S.inst("CALL", "callable_ self_or_null args[oparg] -- res", """
    if self_or_null is not NULL:
        args.insert(0, self_or_null)
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
S.inst("CALL_KW", "callable_ self_or_null args[oparg] kwnames -- res", """
    if self_or_null is not NULL:
        args.insert(0, self_or_null)
    res = call_any(frame, callable_, args, kwnames, pc)
    if res is PUSHED:
        SWITCH()
""")
S.inst("CALL_FUNCTION_EX", "func null callargs -- res", """
    res = call_ex(frame, func, callargs, None, pc)
    if res is PUSHED:
        SWITCH()
""", arg="bit0", variant="0")
S.inst("CALL_FUNCTION_EX", "func null callargs kwargs -- res", """
    res = call_ex(frame, func, callargs, kwargs, pc)
    if res is PUSHED:
        SWITCH()
""", arg="bit0", variant="1")
S.inst("DICT_MERGE", "func self_or_null callargs dict_ unused[oparg - 1] update -- "
       "func self_or_null callargs dict_ unused[oparg - 1]",
       "dict_merge(frame, func, dict_, update)")
S.inst("MAKE_FUNCTION", "codeobj -- func", "func = make_function(frame, codeobj, [], 0)",
       arg="none")
S.inst("SET_FUNCTION_ATTRIBUTE", "attr func -- func", "set_function_attribute(func, oparg, attr)")
S.inst("TO_BOOL", "value -- res", "res = bool(value)", arg="none")
S.inst("CONVERT_VALUE", "value -- res", "res = convert_value(value, oparg)")
S.inst("FORMAT_SIMPLE", "value -- res", "res = format_simple(value)", arg="none")
S.inst("FORMAT_WITH_SPEC", "value spec -- res", "res = format(value, spec)", arg="none")
S.inst("LOAD_FAST_LOAD_FAST", "-- value1 value2", """
    value1 = fast[oparg[0]]
    value2 = fast[oparg[1]]
    if value1 is NULL:
        raise unbound_local(frame, oparg[0])
    if value2 is NULL:
        raise unbound_local(frame, oparg[1])
""", arg="local_pair")
S.inst("STORE_FAST_LOAD_FAST", "value1 -- value2", """
    fast[oparg[0]] = value1
    value2 = fast[oparg[1]]
    if value2 is NULL:
        raise unbound_local(frame, oparg[1])
""", arg="local_pair")
S.inst("STORE_FAST_STORE_FAST", "value2 value1 --", """
    fast[oparg[0]] = value1
    fast[oparg[1]] = value2
""", arg="local_pair")
S.inst("END_FOR", "value --", arg="none")
S.inst("EXIT_INIT_CHECK", "should_be_none --", "exit_init_check(should_be_none)", arg="none")
for _sym in ("<", "<=", "==", "!=", ">", ">="):
    S.inst("COMPARE_OP", "left right -- res", f"res = bool(left {_sym} right)",
           variant=_sym + " bool", arg="compare")


S.inst("FOR_ITER", "iter_ -- iter_ next_", """
    if type(iter_) is Generator:
        if resume_in_vm(frame, iter_, None, pc, (oparg, 1, False, 0, None)):
            SWITCH()
    try:
        next_ = next(iter_)
    except StopIteration:
        JUMP_ALT(oparg)
""", arg="jump_skip2", jump_effect="iter_ --")
