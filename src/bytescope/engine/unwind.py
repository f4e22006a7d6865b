"""Exception unwinding: find the handler of an exception, frame by frame.

Where the handler is differs by version: 3.11+ code has an exception table
(ranges of instructions, each with a handler and a stack depth); 3.6-3.10
code pushes blocks at run time (:mod:`bytescope.engine.blockstack`).  The
code object's ``unwinder`` is the version's rule; this module walks the
frames, records each in the traceback, and sets ``__context__`` as raising
natively does.
"""

from __future__ import annotations

from typing import Any

from .errors import EngineError
from .runtime import set_context
from .state import ThreadState
from .tracebacks import add_entry, clean

DONE = -2


def unwind(ts: ThreadState, frame: Any, pc: int, exc: BaseException, thrown: bool = False) -> None:
    """Route ``exc``, raised at instruction ``pc`` of ``frame``, to its handler.

    Returns with ``ts.frame`` set to the frame whose handler runs next;
    raises ``exc`` when it leaves the entry frame of the current run.
    ``thrown``: the exception came from ``generator.throw()`` (no context).
    """
    if isinstance(exc, EngineError):
        _abandon(ts, frame)
        raise exc
    if ts.reraising is exc:
        ts.reraising = None
        exc.__traceback__ = clean(exc.__traceback__)  # the host frames of the re-raise
        index = ts.reraise_index
        ts.reraise_index = None
        if type(index) is int:
            # 3.11+ RERAISE restores the frame's last instruction (its line for
            # f_lineno); the handler search still starts from the RERAISE itself
            frame.lasti = index
    else:
        if ts.raising is exc:
            ts.raising = None
        elif not thrown and exc.__context__ is None:
            set_context(frame, exc)
        add_entry(exc, frame, pc, clean=True)
    while True:
        if frame.code.unwinder(frame, pc, exc):
            ts.frame = frame
            return
        frame.pc = DONE
        ts.depth -= 1
        if frame.entry:
            raise exc
        back = frame.back
        if frame.gen is not None:  # a generator the consumer frame resumed itself
            from .generators import vm_generator_raised

            exc = vm_generator_raised(frame, exc)
        ts.frame = back
        frame = back
        pc = back.lasti
        add_entry(exc, frame, pc, clean=False)


def _abandon(ts: ThreadState, frame: Any) -> None:
    """An engine error stops the run: drop the frames of this run without handlers."""
    while frame is not None:
        frame.pc = DONE
        ts.depth -= 1
        if frame.entry:
            break
        frame = frame.back


def unwind_table(frame: Any, pc: int, exc: BaseException) -> bool:
    """3.11+: find ``pc`` in the exception table; set up the handler if there is one."""
    for start, end, target, depth, lasti in frame.code.handlers:
        if start <= pc < end:
            st = frame.stack
            if len(st) < depth:
                from .errors import BadBytecode

                raise BadBytecode(
                    f"exception handler needs a stack depth of {depth} but the stack holds "
                    f"{len(st)}", code=frame.code, offset=frame.code.offsets[pc],
                )
            del st[depth:]
            if lasti:
                st.append(pc)
            st.append(exc)
            frame.pc = target
            return True
    return False
