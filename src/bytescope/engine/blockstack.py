"""The block stack of 3.6-3.10 code: where exceptions, ``break``, ``continue`` and
``return`` go when the code has no exception table.

``SETUP_*`` instructions push blocks ``(kind, handler, level)`` on the frame's
``blocks``; ``POP_BLOCK`` pops one.  An exception pops blocks until a
``SETUP_FINALLY``/``SETUP_EXCEPT`` one, whose handler then runs with six
values pushed: the exception being handled before (traceback, value, type)
and the new one (traceback, value, type), under an ``EXCEPT_HANDLER`` block
that ``POP_EXCEPT`` unwinds.  In 3.6/3.7 ``return``, ``break`` and
``continue`` also unwind blocks (the "why" codes), running ``finally``
clauses on the way.
"""

from __future__ import annotations

from typing import Any

from .errors import BadBytecode
from .objects import NULL

LOOP, EXCEPT, FINALLY, EXCEPT_HANDLER = 0, 1, 2, 3

# the "why" codes 3.6/3.7 push on the stack for a finally clause (CPython's values)
WHY_NOT = 0x0001
WHY_EXCEPTION = 0x0002
WHY_RETURN = 0x0008
WHY_BREAK = 0x0010
WHY_CONTINUE = 0x0020
WHY_SILENCED = 0x0080


def _bad(frame: Any, message: str) -> BadBytecode:
    return BadBytecode(message, code=frame.code, offset=frame.offset)


def push_block(frame: Any, kind: int, handler: int, level: int) -> None:
    """Push a block; refuse runaway nesting as CPython does (CO_MAXBLOCKS is 20)."""
    blocks = frame.blocks
    if len(blocks) >= 20:
        raise SystemError("XXX block stack overflow")
    blocks.append((kind, handler, level))


def pop_block(frame: Any) -> tuple[int, int, int]:
    """Pop the top block (``POP_BLOCK``)."""
    blocks = frame.blocks
    if not blocks:
        raise SystemError("XXX block stack underflow")
    return blocks.pop()


def exc_triple(exc: Any) -> list[Any]:
    """The three values CPython pushes for an exception: traceback, value, type (type on top)."""
    if exc is None:
        return [None, None, None]
    return [exc.__traceback__, exc, type(exc)]


def unwind_except_handler(frame: Any, level: int) -> None:
    """Leave an ``EXCEPT_HANDLER`` block: drop what is above its three saved values, then
    restore the exception being handled from them."""
    st = frame.stack
    if len(st) < level + 3:
        raise _bad(frame, "except handler block without its saved exception")
    del st[level + 3 :]
    _type = st.pop()
    value = st.pop()
    st.pop()
    frame.ts.exc_info.value = value if value is not NULL else None


def unwind_blocks(frame: Any, pc: int, exc: BaseException) -> bool:
    """The exception unwinder of 3.6-3.10 code; True when a handler in ``frame`` takes ``exc``."""
    blocks = frame.blocks
    st = frame.stack
    while blocks:
        kind, handler, level = blocks.pop()
        if kind == EXCEPT_HANDLER:
            unwind_except_handler(frame, level)
            continue
        del st[level:]
        if kind == EXCEPT or kind == FINALLY:
            item = frame.ts.exc_info
            blocks.append((EXCEPT_HANDLER, pc, len(st)))
            st.extend(exc_triple(item.value))
            item.value = exc
            st.extend(exc_triple(exc))
            frame.pc = handler
            return True
    return False


def block_end(frame: Any, why: int, retval: Any) -> int:
    """3.6/3.7: unwind blocks for a ``return``/``break``/``continue``; return the next pc,
    or -1 when the frame returned."""
    from .runtime import do_return

    blocks = frame.blocks
    st = frame.stack
    while blocks:
        kind, handler, level = blocks[-1]
        if kind == LOOP and why == WHY_CONTINUE:
            return retval
        blocks.pop()
        if kind == EXCEPT_HANDLER:
            unwind_except_handler(frame, level)
            continue
        del st[level:]
        if kind == LOOP and why == WHY_BREAK:
            return handler
        if kind == FINALLY:
            if why == WHY_RETURN or why == WHY_CONTINUE:
                st.append(retval)
            st.append(why)
            return handler
    if why == WHY_RETURN:
        return do_return(frame, retval)
    raise _bad(frame, "'break' or 'continue' outside a loop")


def end_finally_37(frame: Any, pc: int) -> int:
    """``END_FINALLY`` of 3.6/3.7: go on after a ``finally`` clause, by what its entry pushed."""
    from .runtime import reraise

    st = frame.stack
    if not st:
        raise _bad(frame, "END_FINALLY on an empty stack")
    status = st.pop()
    if type(status) is int:
        why = status
        retval = None
        if why == WHY_RETURN or why == WHY_CONTINUE:
            if not st:
                raise _bad(frame, "END_FINALLY without the return value")
            retval = st.pop()
        if why == WHY_SILENCED:
            kind, _handler, level = pop_block(frame)
            if kind != EXCEPT_HANDLER:
                raise _bad(frame, "a silenced exception without its except handler block")
            unwind_except_handler(frame, level)
            return pc + 1
        return block_end(frame, why, retval)
    if isinstance(status, type) and issubclass(status, BaseException):
        if len(st) < 2:
            raise _bad(frame, "END_FINALLY without the exception it re-raises")
        exc = st.pop()
        st.pop()
        reraise(frame, exc)
    if status is not None:
        raise SystemError("'finally' pops bad exception")
    return pc + 1


def end_finally_38(frame: Any, pc: int) -> int:
    """``END_FINALLY`` of 3.8: NULL (nothing to do), a return address, or an exception."""
    from .runtime import reraise

    st = frame.stack
    if not st:
        raise _bad(frame, "END_FINALLY on an empty stack")
    exc = st.pop()
    if exc is NULL:
        return pc + 1
    if type(exc) is int:
        return exc  # a CALL_FINALLY return address (an instruction index here)
    if len(st) < 2:
        raise _bad(frame, "END_FINALLY without the exception it re-raises")
    value = st.pop()
    st.pop()
    reraise(frame, value)
    return -1  # unreachable


def pop_finally(frame: Any, preserve_tos: int) -> None:
    """``POP_FINALLY`` (3.8): leave a finally clause early (``return``/``break`` in it)."""
    st = frame.stack
    res = st.pop() if preserve_tos else None
    exc = st.pop()
    if exc is not NULL and type(exc) is not int:
        st.pop()
        st.pop()
        kind, _handler, level = pop_block(frame)
        if kind != EXCEPT_HANDLER:
            raise _bad(frame, "popped block is not an except handler")
        if len(st) != level + 3:
            raise _bad(frame, "POP_FINALLY with a stack out of step with its block")
        st.pop()  # type of the exception handled before
        value = st.pop()
        st.pop()
        frame.ts.exc_info.value = value if value is not NULL else None
    if preserve_tos:
        st.append(res)


def pop_except(frame: Any, unwind: bool) -> None:
    """``POP_EXCEPT``: leave an except handler.  3.6/3.7 (``unwind``) first drop what is
    above the saved exception; 3.8-3.10 pop the three top values (a return value may
    sit under them)."""
    kind, _handler, level = pop_block(frame)
    if kind != EXCEPT_HANDLER:
        raise SystemError("popped block is not an except handler")
    if unwind:
        unwind_except_handler(frame, level)
        return
    st = frame.stack
    if len(st) < 3:
        raise _bad(frame, "POP_EXCEPT without the saved exception")
    st.pop()
    value = st.pop()
    st.pop()
    frame.ts.exc_info.value = value if value is not NULL else None
