"""Control-flow graphs of code objects of every version (1.0-3.15, PyPy).

:func:`cfg` returns a :class:`CFG`: basic :class:`Block`\\ s joined by typed
:class:`Edge`\\ s (fallthrough, jump, true/false, exhausted, resume,
exception, unwind), with the entry, the exits and the unreachable blocks
marked, and the value-stack depth at every instruction, block and handler.  It
is an analysis: built on the instruction layer, the per-version flow facts
(:mod:`bytescope.versions.opcodes.flow`) and stack effects
(:mod:`bytescope.versions.stack_effects.depth`); the views draw it.
"""

from __future__ import annotations

from typing import Any

from ..bytecode.inputs import code_of
from ..bytecode.listing import listing
from ..errors import InputError
from .cfg_build import build_cfg
from .cfg_graph import CFG, EDGE_KINDS, Block, Edge, Problem

__all__ = ["CFG", "Block", "Edge", "Problem", "EDGE_KINDS", "cfg"]


def cfg(obj: Any) -> CFG:
    """Return the control-flow graph of ``obj``'s code object (not of nested ones).

    ``obj`` is a :class:`~bytescope.Code`, a :class:`~bytescope.Pyc` (its
    module code), or a host function, method, generator or code object.
    Malformed bytecode gives a graph with :attr:`CFG.problems`, never an
    exception; anything else than code raises
    :class:`~bytescope.errors.InputError`.
    """
    code = code_of(obj)
    if code is None:
        raise InputError(f"no code object in a {type(obj).__name__}")
    return build_cfg(listing(code))
