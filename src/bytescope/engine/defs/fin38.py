"""3.8: ``finally`` clauses are called like subroutines (``BEGIN_FINALLY``,
``CALL_FINALLY``, ``POP_FINALLY``, ``END_FINALLY``)."""

from __future__ import annotations

from typing import Any

from .. import blockstack as B
from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("fin38"))

S.inst("BEGIN_FINALLY", "-- null", "null = NULL", arg="none")


@S.handler("CALL_FINALLY", "--", arg="jump", flow="branch", jump_effect="-- ret")
def call_finally(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Run the finally clause at ``oparg``, coming back to the next instruction."""
    st.append(pc + 1)
    return oparg


@S.handler("POP_FINALLY", "--", arg="int")
def pop_finally(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Leave a finally clause early, keeping the top value when ``oparg`` says so."""
    B.pop_finally(frame, oparg)
    return pc + 1


@S.handler("END_FINALLY", "status --", arg="none")
def end_finally(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """The end of a finally clause: nothing, return to the caller, or re-raise."""
    return B.end_finally_38(frame, pc)


@S.handler("WITH_CLEANUP_START", "exit_ null -- null2 exc res", arg="none")
def with_cleanup_start(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Call ``__exit__`` (3.8): with the exception if one is on the stack, else Nones."""
    from ..objects import NULL

    exc = st[-1] if st else NULL
    val = tb = None
    if exc is NULL:
        st.pop()
        exit_func = st[-1]
        st[-1] = NULL
        exc = None
    else:
        if len(st) < 7:
            raise B._bad(frame, "WITH_CLEANUP_START without the exception on the stack")
        val = st[-2]
        tb = st[-3]
        exit_func = st[-7]
        st[-7], st[-6], st[-5] = st[-6], st[-5], st[-4]
        st[-4] = NULL
        kind, handler, level = frame.blocks[-1]
        frame.blocks[-1] = (kind, handler, level - 1)
    res = exit_func(exc, val, tb)
    st.append(exc)
    st.append(res)
    return pc + 1


@S.handler("WITH_CLEANUP_FINISH", "exc res --", arg="none")
def with_cleanup_finish(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """A true result of ``__exit__`` for an exception silences it (3.8)."""
    from ..objects import NULL

    res = st.pop()
    exc = st.pop()
    if exc is not None and res:
        kind, _handler, level = B.pop_block(frame)
        if kind != B.EXCEPT_HANDLER:
            raise B._bad(frame, "silenced exception without its except handler block")
        B.unwind_except_handler(frame, level)
        st.append(NULL)
    return pc + 1
