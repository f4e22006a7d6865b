"""The execution engine: run the bytecode of any supported version on the host.

See :mod:`bytescope.engine.program` for running whole programs and
:mod:`bytescope.engine.loop` for the dispatch loop.
"""

from __future__ import annotations

from .errors import BadBytecode, EngineError, InstructionLimit, LimitReached, TimeLimit

__all__ = ["BadBytecode", "EngineError", "InstructionLimit", "LimitReached", "TimeLimit"]
