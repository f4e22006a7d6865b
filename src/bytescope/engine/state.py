"""Per-thread engine state and the engine's configuration.

Every host thread that runs VM code has one :class:`ThreadState`: the frame
running now, the VM call depth (for ``RecursionError`` at the program's own
limit), the handled-exception chain (``sys.exc_info()``) and the
instruction budget.  :class:`Engine` holds what a run is configured with:
limits, the tracing hooks, the program's module search path.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any, Optional

from .objects import ExcItem


class Engine:
    """The configuration shared by every thread of one run.

    ``max_instructions`` (None: no limit) and ``deadline`` (a
    ``time.monotonic()`` value, or None) stop a runaway program; ``hooks``
    (None, or an object with the methods of :class:`~bytescope.engine.hooks.Hooks`)
    sees every instruction, call and return; ``recursion_limit`` is what the
    program sees as ``sys.getrecursionlimit()``; ``tier`` says when code is
    compiled into fused blocks (``"auto"``, ``"a"``: never, ``"eager"``: always).
    """

    def __init__(
        self,
        *,
        max_instructions: Optional[int] = None,
        timeout: Optional[float] = None,
        hooks: Any = None,
        recursion_limit: Optional[int] = None,
        tier_b: bool = True,
        tier: Optional[str] = None,
    ) -> None:
        import time

        self.max_instructions = max_instructions
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.hooks = hooks
        self.recursion_limit = recursion_limit or sys.getrecursionlimit()
        #: "auto" (hot code goes to fused blocks), "a" (never), "eager" (every code object
        #: at once: how the tests check tier B against tier A); default $BYTESCOPE_TIER
        self.tier = tier or os.environ.get("BYTESCOPE_TIER") or "auto"
        self.tier_b = (
            tier_b and self.tier != "a" and hooks is None and max_instructions is None
        )
        self.executed = 0
        self.stop_reason: Optional[BaseException] = None
        #: what a run's options say beyond the above (e.g. "python": the interpreter
        #: compiling sources; "python2": the Python 2 compiling 2.7 source strings)
        self.settings: dict[str, Any] = {}

    @property
    def slow(self) -> bool:
        """True when every instruction must be seen (hooks or an instruction limit)."""
        return self.hooks is not None or self.max_instructions is not None


class ThreadState:
    """The engine state of one host thread."""

    __slots__ = (
        "engine", "frame", "depth", "exc_info", "exiting", "result", "base_exc", "gen_exit",
        "raising", "reraising", "reraise_index", "entries", "fault_frame", "py2_saved",
        "__weakref__",
    )

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.frame: Any = None
        self.depth = 0
        self.base_exc = ExcItem()
        self.exc_info = self.base_exc
        self.exiting = False
        self.result: Any = None
        self.gen_exit: Any = None
        self.raising: Any = None  # the exception RAISE_VARARGS just raised (context already set)
        self.reraising: Any = None  # the exception a re-raise sent (no traceback entry, no context)
        self.reraise_index: Any = None
        self.entries = 0  # nested runs of the loop (the host calling back into VM code)
        self.fault_frame: Any = None  # the frame an exception belongs to, when not the running one
        self.py2_saved: Any = None  # 2.7: {frame: exc_info before its except clauses}


_local = threading.local()
_engine: Optional[Engine] = None


def engine() -> Engine:
    """Return the engine configuration in force (a default one if none was set)."""
    global _engine
    if _engine is None:
        _engine = Engine()
    return _engine


def set_engine(e: Optional[Engine]) -> Optional[Engine]:
    """Make ``e`` the engine in force; return the previous one. Thread states are reset."""
    global _engine
    old = _engine
    _engine = e
    _local.__dict__.clear()
    return old


def engine_settings() -> dict[str, Any]:
    """The settings of the engine in force (see :attr:`Engine.settings`)."""
    return engine().settings


def thread_state() -> ThreadState:
    """Return this host thread's :class:`ThreadState` (created on first use)."""
    try:
        ts: ThreadState = _local.ts
        if ts.engine is _engine:
            return ts
    except AttributeError:
        pass
    ts = _local.ts = ThreadState(engine())
    return ts


def current_frame() -> Any:
    """Return the VM frame running in this thread, or None."""
    try:
        return _local.ts.frame
    except AttributeError:
        return None
