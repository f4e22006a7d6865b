"""The dispatch loop: run VM frames until the entry frame returns or yields.

VM-to-VM calls never recurse on the host: a call handler pushes the callee's
frame (``ts.frame``), records where the caller resumes, and returns -1; the
loop then reloads the current frame and goes on.  Only the host entering VM
code (a VM function called by host code, a VM generator resumed by host
code) starts a new :func:`execute`.

Two loops share the handlers:

* the fast loop: ``pc = ops[pc](frame, stack, args[pc], pc)`` and a test for a
  frame switch (a handler returning -1); hot code runs whole basic blocks per
  dispatch (:mod:`bytescope.engine.blocks`), so the test is paid per block;
* the slow loop (tracing, stepping, ``--max-instructions``): the same, with
  the hooks called around every instruction; it always runs the
  per-instruction handlers, never fused blocks.
"""

from __future__ import annotations

from typing import Any

from .blocks import fault_index
from .errors import EngineError, InstructionLimit
from .state import ThreadState

DONE = -2
"""``frame.pc`` of a frame that returned (or raised out)."""

#: How deeply the host may re-enter the loop (VM code calling host code calling VM
#: code ...).  Each re-entry nests C frames of the host; past this, RecursionError
#: (as CPython 3.12+ raises for C recursion), so the host's C stack never overflows.
ENTRY_LIMIT = int(__import__("os").environ.get("BYTESCOPE_ENTRY_LIMIT", "400"))


def execute(ts: ThreadState, frame: Any) -> Any:
    """Run ``frame`` until it returns or yields; return the value.

    The frame is the entry frame of this run: when it returns its value is
    the result; an exception escaping it propagates to the host caller.
    Raises whatever the program raises, or an :class:`EngineError`.
    """
    if ts.entries >= ENTRY_LIMIT:
        raise RecursionError("maximum recursion depth exceeded")
    saved = ts.frame
    frame.entry = True
    frame.back = None
    frame.ts = ts
    frame.host_caller = saved
    ts.frame = frame
    ts.entries += 1
    try:
        if ts.engine.slow:
            return _slow(ts)
        return _fast(ts)
    finally:
        ts.frame = saved
        ts.entries -= 1


def execute_throw(ts: ThreadState, frame: Any, exc: BaseException) -> Any:
    """Resume suspended ``frame`` by raising ``exc`` where it stopped (``generator.throw``)."""
    from .unwind import unwind

    if ts.entries >= ENTRY_LIMIT:
        raise RecursionError("maximum recursion depth exceeded")
    saved = ts.frame
    frame.entry = True
    frame.back = None
    frame.ts = ts
    frame.host_caller = saved
    ts.frame = frame
    ts.entries += 1
    try:
        unwind(ts, frame, frame.lasti, exc, thrown=True)
        if ts.engine.slow:
            return _slow(ts)
        return _fast(ts)
    finally:
        ts.frame = saved
        ts.entries -= 1


def _fast(ts: ThreadState) -> Any:
    while True:
        frame = ts.frame
        code = frame.code
        ops = code.ops
        args = code.args
        st = frame.stack
        pc = frame.pc
        try:
            while True:
                pc = ops[pc](frame, st, args[pc], pc)
                if pc < 0:  # a frame switch
                    break
        except BaseException as exc:
            if ts.fault_frame is not None:  # raised for another frame (a generator's consumer)
                frame = ts.fault_frame
                ts.fault_frame = None
                pc = frame.lasti
            elif pc < 0:  # raised by a handler after it switched frames
                pc = frame.lasti
            else:
                lines = getattr(ops[pc], "block_lines", None)
                if lines is not None:  # a fused block: which of its instructions raised
                    pc = fault_index(ops[pc], exc, pc)
            _raised(ts, frame, pc, exc)
            continue
        if ts.exiting:
            ts.exiting = False
            result = ts.result
            ts.result = None
            return result


def _slow(ts: ThreadState) -> Any:
    """The loop with every instruction seen: hooks, the instruction budget."""
    engine = ts.engine
    hooks = engine.hooks
    limit = engine.max_instructions
    while True:
        frame = ts.frame
        code = frame.code
        if code.ops_a is None:  # not prepared yet
            code.ops[0](frame, frame.stack, None, 0)
        ops = code.ops_a
        args = code.args
        st = frame.stack
        pc = frame.pc
        try:
            while True:
                if limit is not None:
                    engine.executed += 1
                    if engine.executed > limit:
                        raise InstructionLimit(
                            f"stopped after {limit} instructions (--max-instructions)",
                            code=code, offset=code.offsets[pc] if pc < len(code.offsets) else None,
                        )
                if hooks is not None:
                    hooks.instruction(frame, pc)
                frame.lasti = pc
                here = pc
                pc = ops[pc](frame, st, args[pc], pc)
                if hooks is not None:
                    hooks.executed(frame, here, ts)
                if pc < 0:
                    break
        except BaseException as exc:
            if ts.fault_frame is not None:
                frame = ts.fault_frame
                ts.fault_frame = None
                pc = frame.lasti
            elif pc < 0:
                pc = frame.lasti
            if hooks is not None and not isinstance(exc, EngineError):
                hooks.exception(frame, pc, exc)
            _raised(ts, frame, pc, exc)
            continue
        if ts.exiting:
            ts.exiting = False
            result = ts.result
            ts.result = None
            return result


def _raised(ts: ThreadState, frame: Any, pc: int, exc: BaseException) -> None:
    """Handle ``exc`` raised at instruction ``pc`` of ``frame``.

    Returns when a handler in this run took it (``ts.frame`` is set to go on);
    re-raises it when it leaves the entry frame.
    """
    from .unwind import unwind

    unwind(ts, frame, pc, exc)
