"""What the engine tells an observer (the tracer, the stepper) while a program runs.

Give :class:`bytescope.engine.state.Engine` (``hooks=``) an object with these
methods; the engine then runs every instruction in the slow loop (never the
fused blocks) and calls them.  :class:`Hooks` is a base class doing nothing.
"""

from __future__ import annotations

from typing import Any


class Hooks:
    """Observer of a run.  ``frame`` is a :class:`~bytescope.engine.frame.Frame`;
    ``index`` an instruction index (``frame.code.offsets[index]`` its byte offset)."""

    def instruction(self, frame: Any, index: int) -> None:
        """Instruction ``index`` of ``frame`` is about to run."""

    def executed(self, frame: Any, index: int, ts: Any) -> None:
        """Instruction ``index`` of ``frame`` ran.  When it switched frames,
        ``ts.frame`` is the frame running now (a callee, a caller, a generator's
        consumer) and ``frame.pc`` is -2 if ``frame`` returned."""

    def host_call(self, frame: Any, func: Any, args: list[Any], kwargs: Any) -> None:
        """VM code in ``frame`` is calling host callable ``func``."""

    def exception(self, frame: Any, index: int, exc: BaseException) -> None:
        """Instruction ``index`` of ``frame`` raised ``exc``."""

    def close(self) -> None:
        """The run is over (flush what is buffered)."""


def install(hooks: Any) -> None:
    """Make the call paths report host calls to ``hooks`` (None: stop)."""
    from . import calls

    calls.HOST_CALL_HOOK = hooks


class StopRun(BaseException):
    """Raised by an observer to end the run (the stepper's quit, a trace reader gone).

    A BaseException, so the program's ``except Exception`` does not swallow it; the
    engine does not report it as the program's uncaught exception but lets it out of
    :func:`bytescope.run` to the observer's owner."""
