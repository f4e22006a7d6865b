"""CPython 3.15's changes: iterators take two stack slots (the iterable and an index,
NULL for a real iterator) in ``GET_ITER``/``FOR_ITER``/``SEND``; ``GET_ITER`` says
what it iterates for (3: ``yield from``)."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("v315"))

S.inst("GET_ITER", "iterable -- iter_ index", """
    iter_ = iter(iterable)
    index = NULL
""", arg="vint")
S.inst("GET_ITER", "iterable -- iter_ index", """
    iter_ = get_yield_from_iter(frame, iterable)
    index = NULL
""", arg="vint", variant="3")
S.inst("POP_ITER", "iter_ index --", arg="none")
S.inst("END_SEND", "receiver index value -- value", arg="none")
S.inst("CLEANUP_THROW", "sub_iter index last_sent exc -- none index value", """
    value = cleanup_throw(frame, sub_iter, last_sent, exc)
    none: Any = None  # (annotated: mypyc refuses a local of type None)
""", arg="none")
S.inst("IMPORT_NAME", "level fromlist -- res", "res = import_name(frame, oparg, fromlist, level)",
       arg="import_name_lazy")
S.inst("IMPORT_NAME", "level fromlist -- res",
       "res = lazy_import_name(frame, oparg, fromlist, level)", arg="import_name_lazy",
       variant="lazy")

# a name bound to a lazy import is imported when first loaded (PEP 810)
S.inst("LOAD_GLOBAL", "-- v", """
    g = frame.globals
    if type(g) is dict:
        v = g.get(oparg, NULL)
        if v is NULL:
            v = load_builtin(frame, oparg)
        elif type(v) is LazyImport:
            v = reify(g, oparg, v)
    else:
        v = load_global(frame, oparg)
""", arg="global_null")
S.inst("LOAD_GLOBAL", "-- v null", """
    g = frame.globals
    if type(g) is dict:
        v = g.get(oparg, NULL)
        if v is NULL:
            v = load_builtin(frame, oparg)
        elif type(v) is LazyImport:
            v = reify(g, oparg, v)
    else:
        v = load_global(frame, oparg)
    null = NULL
""", arg="global_null", variant="null")
S.inst("LOAD_NAME", "-- value", """
    value = load_name(frame, oparg)
    if type(value) is LazyImport:
        value = reify(frame.locals if oparg in frame.locals else frame.globals, oparg, value)
""", arg="name")


S.inst("FOR_ITER", "iter_ index -- iter_ index next_", """
    if type(iter_) is Generator:
        if resume_in_vm(frame, iter_, None, pc, (oparg, 0, False, 0, None)):
            SWITCH()
    try:
        next_ = next(iter_)
    except StopIteration:
        JUMP_ALT(oparg)
""", arg="jump_skip1", jump_effect="iter_ index -- iter_ index")


S.inst("SEND", "receiver index value -- receiver index retval", """
    if is_vm_generator(receiver):
        if resume_in_vm(frame, receiver, value, pc, (oparg, 0, True, 0, None)):
            SWITCH()
    done, retval = send_to(frame, receiver, value, pc)
    if done:
        JUMP(oparg)
""", arg="jump")
