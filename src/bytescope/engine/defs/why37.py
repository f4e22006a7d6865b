"""3.6/3.7: loops and ``except`` have blocks of their own, and ``return``/``break``/
``continue`` unwind the block stack (running ``finally`` clauses) by "why" codes."""

from __future__ import annotations

from typing import Any

from .. import blockstack as B
from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("why37"))


@S.handler("SETUP_LOOP", "--", arg="jump", flow="branch")
def setup_loop(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Push a loop block (``break`` goes to ``oparg``)."""
    B.push_block(frame, B.LOOP, oparg, len(st))
    return pc + 1


@S.handler("SETUP_EXCEPT", "--", arg="jump", flow="branch",
           jump_effect="-- tb0 v0 t0 tb v t")
def setup_except(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Push an except block whose handler is ``oparg``."""
    B.push_block(frame, B.EXCEPT, oparg, len(st))
    return pc + 1


@S.handler("POP_BLOCK", "--", arg="none")
def pop_block(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Pop a block and the stack down to its level (3.6/3.7)."""
    _kind, _handler, level = B.pop_block(frame)
    del st[level:]
    return pc + 1


@S.handler("POP_EXCEPT", "a b c --", arg="none")
def pop_except(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Leave an except handler, dropping what is above its saved exception (3.6/3.7)."""
    B.pop_except(frame, unwind=True)
    return pc + 1


@S.handler("BREAK_LOOP", "--", arg="none", flow="exit")
def break_loop(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``break``: unwind to the loop block."""
    return B.block_end(frame, B.WHY_BREAK, None)


@S.handler("CONTINUE_LOOP", "--", arg="jump", flow="exit")
def continue_loop(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``continue`` inside ``try``: unwind to the loop block, then jump to ``oparg``."""
    return B.block_end(frame, B.WHY_CONTINUE, oparg)


@S.handler("RETURN_VALUE", "retval --", arg="none", flow="exit")
def return_value(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``return``: through the ``finally`` clauses of the blocks still open."""
    retval = st.pop()
    if frame.blocks:
        return B.block_end(frame, B.WHY_RETURN, retval)
    from ..runtime import do_return

    return do_return(frame, retval)


@S.handler("END_FINALLY", "status --", arg="none")
def end_finally(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """The end of a ``finally`` clause (or of an ``except`` that matched nothing)."""
    return B.end_finally_37(frame, pc)


@S.handler("WITH_CLEANUP_START", "exit_ none -- none2 exc res", arg="none")
def with_cleanup_start(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Call ``__exit__`` with what the ``finally`` entry left (3.6/3.7 forms)."""
    from ..objects import NULL

    exc = st[-1] if st else NULL
    val = tb = None
    if exc is None:
        st.pop()
        exit_func = st[-1]
        st[-1] = exc
    elif type(exc) is int:
        st.pop()
        if exc == B.WHY_RETURN or exc == B.WHY_CONTINUE:
            exit_func = st[-2]
            st[-2] = st[-1]
            st[-1] = exc
        else:
            exit_func = st[-1]
            st[-1] = exc
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
    """A true result of ``__exit__`` for an exception silences it (3.6/3.7)."""
    res = st.pop()
    exc = st.pop()
    if exc is not None and res:
        st.append(B.WHY_SILENCED)
    return pc + 1


S.inst("MAP_ADD", "dict_ unused[oparg - 1] value key -- dict_ unused[oparg - 1]",
       "dict_[key] = value")
