"""How each opcode moves control, per release line, as data.

The control-flow graph (:mod:`bytescope.analysis.cfg`) asks this table, never a version
number.  Each line maps opcode names to a :class:`Flow`; names a line does not
list are plain (they fall through to the next instruction).  The facts come
from each version's ``Python/ceval.c`` (or ``bytecodes.c``) and ``Lib/dis.py``:

* ``JUMP_IF_FALSE``/``JUMP_IF_TRUE`` (1.x-2.6, 3.0) test without popping;
  2.7/3.1 brought ``POP_JUMP_IF_*`` and ``JUMP_IF_*_OR_POP``; 3.11 split them
  into ``FORWARD``/``BACKWARD`` forms and added the ``NONE`` tests, which 3.12
  folded back into ``POP_JUMP_IF_*``;
* ``FOR_LOOP`` (<= 2.2) and ``FOR_ITER`` jump when the iterator is exhausted,
  ``SEND`` (3.11+) when the sub-iterator returns;
* up to 3.10 (and in PyPy) handlers come from a block stack: ``SETUP_*`` push a
  block, ``POP_BLOCK`` pops it, and from 3.0 entering a handler pushes an
  ``EXCEPT_HANDLER`` block that ``POP_EXCEPT`` (and ``END_FINALLY`` up to 3.8,
  3.8's ``POP_FINALLY``, 3.8-3.10's ``END_ASYNC_FOR``) pops; ``BREAK_LOOP`` and
  ``CONTINUE_LOOP`` (<= 3.7) leave for the innermost loop block's target or
  start;
* up to 3.7 ``return``, ``break`` and ``continue`` are pseudo-exceptions
  (``WHY_RETURN``, ``WHY_BREAK``, ``WHY_CONTINUE``): they unwind the block
  stack, run every ``finally`` (and ``with`` exit) on the way, pushing the
  return value and the reason there, and the ``END_FINALLY`` closing that
  handler resumes them; in 3.8 the compiler calls such a ``finally`` as a
  subroutine (``CALL_FINALLY`` pushes the return address, ``END_FINALLY``
  jumps back to it);
* an exception entering a handler of the block stack pushes 3 values (1.x,
  2.x: traceback, value, type) or 6 (3.0-3.10: the previous exception too)
  on top of the block's level; ``SETUP_ASYNC_WITH`` records a level one
  below the stack it sees (it pops the awaited ``__aenter__`` result first);
* ``END_FINALLY`` (<= 3.8), ``END_ASYNC_FOR`` and 3.12's ``CLEANUP_THROW``
  either re-raise or go on with the next instruction.  3.14's ``END_ASYNC_FOR``
  carries a jump argument ``dis`` shows (``from L1``) that is no control edge.

Targets are the instruction layer's (what the version's ``dis`` shows): 3.12 and
3.13's ``FOR_ITER`` shows the ``END_FOR`` after the loop, which the interpreter
skips when the iterator is exhausted; the ``exhausted`` edge goes to that block.

:func:`flow_table` resolves a line's names to a 256-entry tuple for the
:class:`~bytescope.versions.opcodes.OpTable` of that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Optional, Union

__all__ = ["Flow", "FlowTable", "FLOW", "flow_table", "ROLES"]

# Roles: what an instruction does to the flow of control.
PLAIN = "plain"  #: goes on with the next instruction
UNKNOWN = "unknown"  #: opcode this line does not define (goes on, flagged)
JUMP = "jump"  #: always goes to its target
COND = "cond"  #: goes to its target or the next instruction, on a test
ITER = "iter"  #: next instruction per item, target when exhausted (FOR_ITER)
SEND = "send"  #: next instruction when the sub-iterator yields, target when it returns
YIELD = "yield"  #: suspends the frame; resumes with the next instruction
RETURN = "return"  #: leaves the frame
RAISE = "raise"  #: raises (leaves unless a handler catches)
RERAISE = "reraise"  #: re-raises the exception being handled
MAY_RERAISE = "may_reraise"  #: re-raises, or goes on with the next instruction
SETUP = "setup"  #: pushes a handler/loop block (<= 3.10), goes on
POP_BLOCK = "pop_block"  #: pops the innermost block, goes on
POP_EXCEPT = "pop_except"  #: pops the innermost EXCEPT_HANDLER block, goes on
BREAK = "break"  #: goes to the innermost loop block's target (BREAK_LOOP)
CALL_FINALLY = "call_finally"  #: runs the finally block at its target, then comes back (3.8)
#: goes to its target (the loop's start) through the blocks above the innermost loop
#: block, running any finally on the way (CONTINUE_LOOP, 2.1-3.7)
CONTINUE = "continue"

ROLES = (
    PLAIN, UNKNOWN, JUMP, COND, ITER, SEND, YIELD, RETURN, RAISE, RERAISE, MAY_RERAISE,
    SETUP, POP_BLOCK, POP_EXCEPT, BREAK, CALL_FINALLY, CONTINUE,
)
#: roles after which the next instruction starts a new block
ENDS_BLOCK = frozenset(
    (JUMP, COND, ITER, SEND, YIELD, RETURN, RAISE, RERAISE, MAY_RERAISE, SETUP, POP_BLOCK,
     BREAK, CALL_FINALLY, CONTINUE)
)
#: roles whose jump argument is a control edge (to the instruction layer's jump target)
JUMPS_TO_TARGET = frozenset((JUMP, COND, ITER, SEND, CALL_FINALLY))
#: roles whose jump argument starts a block without being a plain edge: the handler or
#: loop end of a SETUP, the loop start of a CONTINUE_LOOP (their edges come from the
#: block stack)
TARGET_VIA_BLOCKS = frozenset((SETUP, CONTINUE))
#: roles that never go on with the next instruction
NO_FALLTHROUGH = frozenset((JUMP, RETURN, RAISE, RERAISE, BREAK, CONTINUE))
#: the kinds of block whose handler runs on an exception (a "loop" block only ends loops)
HANDLER_BLOCKS = frozenset(("except", "finally", "with", "async_with"))
#: the kinds of block whose handler also runs on a return, break or continue (<= 3.7)
FINALLY_BLOCKS = frozenset(("finally", "with", "async_with"))
#: values at a block's level that its handler consumes: a ``with`` block's level
#: holds the ``__exit__`` its clean-up calls and drops
HELD_AT_LEVEL = {"with": 1, "async_with": 1}


@dataclass(frozen=True)
class Flow:
    """What one opcode does to control flow.

    ``role`` is one of :data:`ROLES`.  For ``cond``: ``test`` names what is
    tested (``"truth"``, ``"none"``: is None, ``"exc_match"``: the exception
    matches, ``"debug"``: PyPy's ``__debug__``), ``jump_when`` the result for
    which it jumps, and ``pops`` whether the tested value is gone on both
    paths (False: kept on the jump path, or on both for the pre-2.7 forms).
    For ``setup``: ``block`` is the kind of block pushed (``except``,
    ``finally``, ``with``, ``async_with``, ``loop``) and ``level`` how the
    stack level the block records differs from the depth before the
    instruction.  ``pops_handler``: the opcode also pops an ``EXCEPT_HANDLER``
    block (or the pending return, break or continue of a finally) left on top
    (``END_FINALLY``, ``POP_FINALLY``); ``resumes``: it ends a finally clause
    and resumes what was pending there (``END_FINALLY``, see the module
    docstring).
    """

    role: str
    test: str = ""
    jump_when: bool = True
    pops: bool = True
    block: str = ""
    level: int = 0
    pops_handler: bool = False
    resumes: bool = False


_PLAIN = Flow(PLAIN)
_UNKNOWN = Flow(UNKNOWN)
_J = Flow(JUMP)


def _cond(test: str, jump_when: bool, pops: bool = True) -> Flow:
    return Flow(COND, test=test, jump_when=jump_when, pops=pops)


def _setup(block: str, level: int = 0) -> Flow:
    return Flow(SETUP, block=block, level=level)


Ops = dict[str, Flow]


@dataclass(frozen=True)
class FlowLine:
    """The flow facts of one release line.

    ``ops``: opcode name -> :class:`Flow` (unlisted names are plain);
    ``handler_block``: entering a handler pushes an ``EXCEPT_HANDLER`` block
    (3.0-3.10), which ``POP_EXCEPT`` pops; ``exception_pushes``: the values
    an exception pushes on top of the block's level when it enters a handler
    of the block stack (None for 3.11+, whose exception table says it: the
    exception, and ``lasti`` where flagged); ``unwinds``: ``return``,
    ``break`` and ``continue`` run the pending finally handlers (1.0-3.7), on
    entering which they push :data:`WHY_PUSHES` values.
    """

    ops: Ops
    handler_block: bool
    exception_pushes: Optional[int]
    unwinds: bool


#: values a return, break or continue pushes on top of the block's level when it
#: enters a finally handler (<= 3.7): the return value (return, and continue's
#: target) and the reason (``WHY_*``)
WHY_PUSHES = {"return": 2, "break": 1, "continue": 2}


_V10: Ops = {
    "JUMP_FORWARD": _J,
    "JUMP_ABSOLUTE": _J,
    "JUMP_IF_FALSE": _cond("truth", False, pops=False),
    "JUMP_IF_TRUE": _cond("truth", True, pops=False),
    "FOR_LOOP": Flow(ITER),
    "RETURN_VALUE": Flow(RETURN),
    "RAISE_EXCEPTION": Flow(RAISE),
    "RAISE_VARARGS": Flow(RAISE),
    "END_FINALLY": Flow(MAY_RERAISE, pops_handler=True, resumes=True),
    "SETUP_LOOP": _setup("loop"),
    "SETUP_EXCEPT": _setup("except"),
    "SETUP_FINALLY": _setup("finally"),
    "POP_BLOCK": Flow(POP_BLOCK),
    "BREAK_LOOP": Flow(BREAK),
}


def _without(ops: Ops, *names: str) -> Ops:
    return {k: v for k, v in ops.items() if k not in names}


_V15 = _without(_V10, "RAISE_EXCEPTION")
# CONTINUE_LOOP (2.1-3.7) goes to the loop start, unwinding blocks on the way.
_V21 = dict(_V15, CONTINUE_LOOP=Flow(CONTINUE))
_V22 = dict(_V21, FOR_ITER=Flow(ITER), YIELD_VALUE=Flow(YIELD))
_V23 = _without(_V22, "FOR_LOOP")
_POP_JUMPS: Ops = {
    "POP_JUMP_IF_FALSE": _cond("truth", False),
    "POP_JUMP_IF_TRUE": _cond("truth", True),
    "JUMP_IF_FALSE_OR_POP": _cond("truth", False, pops=False),
    "JUMP_IF_TRUE_OR_POP": _cond("truth", True, pops=False),
}
_V27 = dict(_without(_V23, "JUMP_IF_FALSE", "JUMP_IF_TRUE"), **_POP_JUMPS,
            SETUP_WITH=_setup("with"))
_V30 = dict(_V23, POP_EXCEPT=Flow(POP_EXCEPT))
_V31 = dict(_without(_V30, "JUMP_IF_FALSE", "JUMP_IF_TRUE"), **_POP_JUMPS)
_V32 = dict(_V31, SETUP_WITH=_setup("with"))
_V33 = dict(_V32, YIELD_FROM=Flow(YIELD))
_V35 = dict(_V33, SETUP_ASYNC_WITH=_setup("async_with", level=-1))
# 3.8-3.10's END_ASYNC_FOR pops the EXCEPT_HANDLER block when it ends the loop;
# 3.8's POP_FINALLY drops what a finally clause was entered with (a pending
# exception's EXCEPT_HANDLER block, or CALL_FINALLY's return address).
_V38 = dict(
    _without(_V35, "BREAK_LOOP", "CONTINUE_LOOP", "SETUP_EXCEPT", "SETUP_LOOP"),
    CALL_FINALLY=Flow(CALL_FINALLY),
    END_ASYNC_FOR=Flow(MAY_RERAISE, pops_handler=True),
    POP_FINALLY=Flow(PLAIN, pops_handler=True),
)
_V39 = dict(
    _without(_V38, "END_FINALLY", "CALL_FINALLY", "POP_FINALLY"),
    RERAISE=Flow(RERAISE),
    JUMP_IF_NOT_EXC_MATCH=_cond("exc_match", False),
)
_V311 = dict(
    _without(
        _V39, "JUMP_ABSOLUTE", "JUMP_IF_NOT_EXC_MATCH", "POP_BLOCK", "POP_EXCEPT",
        "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "SETUP_ASYNC_WITH", "SETUP_FINALLY",
        "SETUP_WITH", "YIELD_FROM",
    ),
    JUMP_BACKWARD=_J,
    JUMP_BACKWARD_NO_INTERRUPT=_J,
    POP_JUMP_FORWARD_IF_FALSE=_cond("truth", False),
    POP_JUMP_FORWARD_IF_TRUE=_cond("truth", True),
    POP_JUMP_BACKWARD_IF_FALSE=_cond("truth", False),
    POP_JUMP_BACKWARD_IF_TRUE=_cond("truth", True),
    POP_JUMP_FORWARD_IF_NONE=_cond("none", True),
    POP_JUMP_FORWARD_IF_NOT_NONE=_cond("none", False),
    POP_JUMP_BACKWARD_IF_NONE=_cond("none", True),
    POP_JUMP_BACKWARD_IF_NOT_NONE=_cond("none", False),
    SEND=Flow(SEND),
)
# 3.11 has POP_EXCEPT too, but without a block stack it is plain.
_POP_JUMPS_312: Ops = {
    "POP_JUMP_IF_FALSE": _cond("truth", False),
    "POP_JUMP_IF_TRUE": _cond("truth", True),
    "POP_JUMP_IF_NONE": _cond("none", True),
    "POP_JUMP_IF_NOT_NONE": _cond("none", False),
}
# The INSTRUMENTED_* forms only exist in a running interpreter, never in a
# pyc, but a live capture or hostile file may hold them: they move control
# like the opcodes they instrument.
_INSTRUMENTED_312: Ops = {
    "INSTRUMENTED_" + k: v for k, v in _POP_JUMPS_312.items()
}
_INSTRUMENTED_312.update(
    INSTRUMENTED_JUMP_FORWARD=_J,
    INSTRUMENTED_JUMP_BACKWARD=_J,
    INSTRUMENTED_FOR_ITER=Flow(ITER),
    INSTRUMENTED_RETURN_VALUE=Flow(RETURN),
    INSTRUMENTED_RETURN_CONST=Flow(RETURN),
    INSTRUMENTED_YIELD_VALUE=Flow(YIELD),
)
_V312 = dict(
    _without(
        _V311, "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP",
        *[k for k in _V311 if k.startswith(("POP_JUMP_FORWARD", "POP_JUMP_BACKWARD"))],
    ),
    **_POP_JUMPS_312,
    **_INSTRUMENTED_312,
    RETURN_CONST=Flow(RETURN),
    CLEANUP_THROW=Flow(MAY_RERAISE),
    INTERPRETER_EXIT=Flow(RETURN),
)
_V313 = _V312
_V314 = dict(
    _without(_V313, "RETURN_CONST", "INSTRUMENTED_RETURN_CONST"),
    INSTRUMENTED_END_ASYNC_FOR=Flow(MAY_RERAISE),
)

#: release line (as the opcode tables key them) -> its flow facts
FLOW: dict[str, FlowLine] = {
    "1.0": FlowLine(_V10, False, 3, True), "1.1": FlowLine(_V10, False, 3, True),
    "1.3": FlowLine(_V10, False, 3, True), "1.4": FlowLine(_V10, False, 3, True),
    "1.5": FlowLine(_V15, False, 3, True), "1.6": FlowLine(_V15, False, 3, True),
    "2.0": FlowLine(_V15, False, 3, True), "2.1": FlowLine(_V21, False, 3, True),
    "2.2": FlowLine(_V22, False, 3, True), "2.3": FlowLine(_V23, False, 3, True),
    "2.4": FlowLine(_V23, False, 3, True), "2.5": FlowLine(_V23, False, 3, True),
    "2.6": FlowLine(_V23, False, 3, True), "2.7": FlowLine(_V27, False, 3, True),
    "3.0": FlowLine(_V30, True, 6, True), "3.1": FlowLine(_V31, True, 6, True),
    "3.2": FlowLine(_V32, True, 6, True), "3.3": FlowLine(_V33, True, 6, True),
    "3.4": FlowLine(_V33, True, 6, True), "3.5": FlowLine(_V35, True, 6, True),
    "3.6": FlowLine(_V35, True, 6, True), "3.7": FlowLine(_V35, True, 6, True),
    "3.8": FlowLine(_V38, True, 6, False), "3.9": FlowLine(_V39, True, 6, False),
    "3.10": FlowLine(_V39, True, 6, False), "3.11": FlowLine(_V311, False, None, False),
    "3.12": FlowLine(_V312, False, None, False), "3.13": FlowLine(_V313, False, None, False),
    "3.14": FlowLine(_V314, False, None, False), "3.15": FlowLine(_V314, False, None, False),
}

#: What PyPy adds to the CPython line its opcode table derives from (where
#: that table has the opcode): ``JUMP_IF_NOT_DEBUG`` skips ``assert``s under
#: -O, and PyPy 3.8+ kept ``SETUP_EXCEPT``.
PYPY_EXTRA: Ops = {
    "JUMP_IF_NOT_DEBUG": _cond("debug", False, pops=False),
    "SETUP_EXCEPT": _setup("except"),
    "POP_EXCEPT": Flow(POP_EXCEPT),
}


class FlowTable:
    """The flow facts of one line as 256-entry tuples, indexed by opcode.

    ``flow[op]``: the :class:`Flow` of opcode ``op`` (by its base opcode:
    specialised forms move control like their base); ``handler_block``: see
    :class:`FlowLine`, as are ``exception_pushes`` and ``unwinds``.
    """

    def __init__(self, key: str, optable: Any) -> None:
        self.key = key
        line = FLOW[_base_key(key)]
        ops = dict(line.ops)
        if key.startswith("pypy"):
            ops.update(PYPY_EXTRA)
        names = optable.names
        deop = optable.deop
        by_name = {}
        for name, flow in ops.items():
            if name in optable.opmap:
                by_name[name] = flow
        flows = []
        for op in range(256):
            name = names[deop[op]]
            if name.startswith("<"):
                flows.append(_UNKNOWN)
            else:
                flows.append(by_name.get(name, _PLAIN))
        self.flow: tuple[Flow, ...] = tuple(flows)
        self.handler_block = line.handler_block
        self.exception_pushes = line.exception_pushes
        self.unwinds = line.unwinds


def _base_key(key: str) -> str:
    """Return the CPython line whose flow facts ``key`` uses: itself, or for a
    PyPy line the CPython line its opcode table derives from."""
    if not key.startswith("pypy"):
        return key
    from . import _LINE_MODULE, module_for

    module, _traits = module_for(key)
    return next(line for line, (m, _t) in _LINE_MODULE.items() if m == module)


@cache
def _flow_table(key: str) -> FlowTable:
    from . import table

    return FlowTable(key, table(key))


def flow_table(version: Union[str, Any]) -> FlowTable:
    """Return the :class:`FlowTable` for a VersionInfo or a line key (``"3.12"``, ``"pypy3.9"``).

    Raises :class:`~bytescope.errors.UnsupportedVersion` for a line with no opcode table.
    """
    key = version if isinstance(version, str) else version.key
    return _flow_table(key)
