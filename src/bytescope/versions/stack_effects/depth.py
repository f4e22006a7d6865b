"""Stack effects for a stack-depth walk: each way out of an instruction, per line, as data.

CPython's compiler sizes the value stack (``co_stacksize``) by walking the
control-flow graph with ``stack_effect(opcode, oparg, jump)``: the effect on
the jump path (``jump=True``) and on the path that goes on (``jump=False``).
From 3.8 ``dis.stack_effect`` takes ``jump`` and our data (fitted to each
interpreter) holds both forms.  ``dis.stack_effect`` of 3.4-3.7 gives one
number (the larger), 2.7 and 3.3 have none; for these lines :data:`BRANCHES`
gives the two forms of the opcodes whose paths differ, as 3.7's ``compile.c``
introduced them and as each line's ``ceval.c`` moves the stack:

* ``FOR_ITER``: +1 per item (the next value), -1 when exhausted (the iterator
  is popped);
* ``JUMP_IF_TRUE_OR_POP`` / ``JUMP_IF_FALSE_OR_POP``: 0 when jumping (the
  value stays), -1 going on;
* ``SETUP_EXCEPT`` / ``SETUP_FINALLY``: 0 going on; ``SETUP_WITH``: +1 going on
  (``__exit__`` replaces the manager, the ``__enter__`` result is pushed);
  ``SETUP_ASYNC_WITH``: 0.  Their jump forms are the handler's start: the
  block's level plus what an exception pushes (3 values in 2.x, 6 in 3.x;
  the flow facts, :mod:`bytescope.versions.opcodes.flow`, say both, and a
  test checks that they agree with these forms and with 3.8-3.10's data).

:data:`CORRECTIONS` replaces numbers that 3.3-3.6's own ``compile.c`` got
wrong: those compilers counted ``SETUP_EXCEPT``/``SETUP_FINALLY`` as +6 (and
``SETUP_WITH`` as +7) on every path and then compensated loosely (``POP_EXCEPT``
0, ``END_FINALLY`` -1, ``WITH_CLEANUP_START`` +1, ``WITH_CLEANUP_FINISH``
-1), which over-estimates their ``co_stacksize`` (3.7 fixed it, bpo-24340).
Their interpreters move the stack as 3.7's does for these opcodes, so 3.7's
numbers apply: the walk then gives every block one depth, as CPython 3.7+
requires of its own walk.  ``EXTENDED_ARG`` prefixes move nothing (3.6 and 3.7's
``dis.stack_effect`` refuse them).

A finally handler is entered with 1 to 6 values depending on why it runs
(nothing pending, a return, an exception); like CPython's walk, the handler's
block gets the largest (the exception's), and the effects of ``END_FINALLY``
and the ``with`` cleanup opcodes are those of that case, which leaves the
stack where the other cases leave it too.

:data:`GENERATOR_START`: 3.10-3.12's compilers start the walk of a generator,
coroutine or async generator at depth 1 (the value its first resumption
pushes, which 3.10's ``GEN_START`` and 3.11/3.12's ``POP_TOP`` after
``RETURN_GENERATOR`` pop); 3.13+ count that value as ``RETURN_GENERATOR``'s.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Optional, Union

from ..opcodes import table
from . import _LINE_MODULE, StackEffects, effects_table

__all__ = [
    "BRANCHES", "CORRECTIONS", "DepthEffects", "FINALLY_ENTRY", "GENERATOR_START", "depth_effects",
]

#: ``(going on, jumping)`` effects of the opcodes whose paths differ, for lines whose
#: ``dis.stack_effect`` has no ``jump``
_BRANCHES_3X = {
    "FOR_ITER": (1, -1),
    "JUMP_IF_TRUE_OR_POP": (-1, 0),
    "JUMP_IF_FALSE_OR_POP": (-1, 0),
    "SETUP_EXCEPT": (0, 6),
    "SETUP_FINALLY": (0, 6),
    "SETUP_WITH": (1, 6),
    "SETUP_ASYNC_WITH": (0, 5),
}
BRANCHES: dict[str, dict[str, tuple[int, int]]] = {
    "2.7": {
        "FOR_ITER": (1, -1),
        "JUMP_IF_TRUE_OR_POP": (-1, 0),
        "JUMP_IF_FALSE_OR_POP": (-1, 0),
        "SETUP_EXCEPT": (0, 3),
        "SETUP_FINALLY": (0, 3),
        "SETUP_WITH": (1, 3),
    },
    "3.3": _BRANCHES_3X, "3.4": _BRANCHES_3X, "3.5": _BRANCHES_3X, "3.6": _BRANCHES_3X,
    "3.7": _BRANCHES_3X,
}

#: effects that replace a line's own (over-estimating) compiler numbers, by opcode name
_CORRECTIONS_3X = {"END_FINALLY": -6, "POP_EXCEPT": -3}
_CORRECTIONS_35 = dict(_CORRECTIONS_3X, WITH_CLEANUP_START=2, WITH_CLEANUP_FINISH=-3)
CORRECTIONS: dict[str, dict[str, int]] = {
    "3.3": _CORRECTIONS_3X, "3.4": _CORRECTIONS_3X, "3.5": _CORRECTIONS_35,
    "3.6": _CORRECTIONS_35,
}

#: the values the walk counts for a finally clause entered with nothing pending: the
#: ``None`` pushed before it, or 3.8's ``BEGIN_FINALLY``, which compile.c counts as 6
#: (it pushes one NULL) to balance ``END_FINALLY``
FINALLY_ENTRY = {"3.8": 6}
#: lines whose compiler starts the walk of generator-like code at depth 1
GENERATOR_START = frozenset(("3.10", "3.11", "3.12"))
#: CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR
_GENERATOR_FLAGS = 0x20 | 0x80 | 0x200


class DepthEffects:
    """The effects a stack-depth walk of one line's code uses (see the module docstring).

    ``key`` is the line.  Build one with :func:`depth_effects`.
    """

    def __init__(self, key: str, effects: StackEffects, optable: Any) -> None:
        self.key = key
        self._effects = effects
        self._jump_aware = effects.has_jump
        self._deop = optable.deop
        self._extended_arg = optable.extended_arg
        self._fixed: dict[int, tuple[int, int]] = {}
        opmap = optable.opmap
        for name, pair in BRANCHES.get(key, {}).items():
            if name in opmap:
                self._fixed[opmap[name]] = pair
        for name, value in CORRECTIONS.get(key, {}).items():
            if name in opmap:
                self._fixed[opmap[name]] = (value, value)
        #: per opcode, ``(going on, jumping)`` where neither depends on the oparg (the
        #: usual case: one lookup instead of a formula per instruction)
        self._constant: list[Optional[tuple[int, int]]] = [
            self._fixed.get(op) or _constant(effects, op, self._jump_aware) for op in range(256)
        ]
        if 0 <= self._extended_arg < 256:
            self._constant[self._extended_arg] = (0, 0)
        self._generator_start = 1 if key in GENERATOR_START else 0
        #: see :data:`FINALLY_ENTRY`
        self.finally_entry = FINALLY_ENTRY.get(key, 1)

    def effect(self, opcode: int, oparg: Optional[int], jump: bool) -> Optional[int]:
        """Return the effect of ``opcode`` (``oparg`` None: it has none) on the way
        ``jump`` (True: to its jump target), or None where the data has no effect
        for it (an unknown opcode, a refused oparg).  Never raises."""
        constant = self._constant[opcode] if 0 <= opcode < 256 else None
        if constant is not None:
            return constant[1] if jump else constant[0]
        arg = oparg or 0
        way = jump if self._jump_aware else None
        value = self._effects.effect_of(opcode, arg, way)
        if value is None and self._deop[opcode] != opcode:
            # a specialised or instrumented form moves the stack as its base does
            value = self._effects.effect_of(self._deop[opcode], arg, way)
        return value

    def start_depth(self, flags: int) -> int:
        """Return the depth the walk of a code object with ``co_flags`` = ``flags`` starts at."""
        return self._generator_start if flags & _GENERATOR_FLAGS else 0


def _constant(effects: StackEffects, op: int, jump_aware: bool) -> Optional[tuple[int, int]]:
    """``(going on, jumping)`` effects of ``op`` when its data does not use the oparg."""
    form = effects.forms.get(op)
    if form is None:
        return None
    texts = list(form.values()) if isinstance(form, dict) else [form]
    if not all(isinstance(t, str) and "oparg" not in t for t in texts):
        return None
    fall = effects.effect_of(op, 0, False if jump_aware else None)
    jump = effects.effect_of(op, 0, True if jump_aware else None)
    return None if fall is None or jump is None else (fall, jump)


@cache
def _depth_effects(key: str) -> Optional[DepthEffects]:
    if key not in _LINE_MODULE:
        return None
    return DepthEffects(key, effects_table(key), table(key))


def depth_effects(version: Union[str, Any]) -> Optional[DepthEffects]:
    """Return the :class:`DepthEffects` of a VersionInfo or line key, or None for a line
    without stack-effect data (1.x-2.6, 3.0-3.2, PyPy).  Never raises."""
    key = version if isinstance(version, str) else version.key
    return _depth_effects(key)
