"""CPython 3.15's changes: iterators take two stack slots (the iterable and an index,
NULL for a real iterator) in ``GET_ITER``/``FOR_ITER``/``SEND``; ``GET_ITER`` says
what it iterates for (3: ``yield from``)."""

from __future__ import annotations

from typing import Any

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
    none = None
""", arg="none")
S.inst("IMPORT_NAME", "level fromlist -- res", "res = import_name(frame, oparg, fromlist, level)",
       arg="import_name")


@S.handler("FOR_ITER", "iter_ index -- iter_ index next_", arg="jump_skip1", flow="branch",
           jump_effect="iter_ index -- iter_ index")
def for_iter(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``FOR_ITER`` (3.15): the iterator sits under its index slot."""
    try:
        st.append(next(st[-2]))
    except StopIteration:
        return oparg  # type: ignore[no-any-return]
    return pc + 1


@S.handler("SEND", "receiver index value -- receiver index retval", arg="jump", flow="branch")
def send(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``SEND`` (3.15): the receiver sits under its index slot."""
    from ..generators import send_to

    value = st.pop()
    done, result = send_to(frame, st[-2], value, pc)
    st.append(result)
    if done:
        return oparg  # type: ignore[no-any-return]
    return pc + 1
