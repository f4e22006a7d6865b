"""What the engine changes in the host while a program runs, and puts back.

Host library code asks the host for the exception being handled
(``traceback.print_exc()``, ``logging.exception()`` call ``sys.exc_info()``);
while VM code handles an exception the host does not know it, so
``sys.exc_info`` and ``sys.exception`` answer from the engine's state first.

Host library code also looks at its caller's frame: ``collections.namedtuple``,
``enum`` and ``typing`` take the new class's ``__module__`` from it, ``doctest``
the module to test, ``logging`` the caller's file and line.  Called from VM code,
the host's own frame above them is the engine's, so ``sys._getframe`` (and 3.12's
``sys._getframemodulename``) answer with the VM frames instead once the walk
reaches the engine.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, Iterator, Optional

from .state import current_frame, thread_state

_HOST_EXC_INFO = sys.exc_info
_HOST_EXCEPTION = getattr(sys, "exception", None)
_HOST_GETFRAME = sys._getframe
_HOST_GETFRAMEMODULENAME = getattr(sys, "_getframemodulename", None)
#: host frames of code in this folder (the engine's modules, its fused blocks) stand for
#: the VM frames running now
_ENGINE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _vm_exception() -> Any:
    if current_frame() is None:
        return None
    return thread_state().exc_info.topmost()


def exc_info() -> Any:
    """``sys.exc_info()`` that also sees the exception VM code is handling."""
    found = _HOST_EXC_INFO()
    if found[0] is not None:
        return found
    exc = _vm_exception()
    if exc is None:
        return found
    return (type(exc), exc, exc.__traceback__)


def exception() -> Any:
    """``sys.exception()`` (3.11+) that also sees the exception VM code is handling."""
    assert _HOST_EXCEPTION is not None
    found = _HOST_EXCEPTION()
    if found is not None:
        return found
    return _vm_exception()


def _frame_at(start: Any, depth: int) -> Any:
    """The frame ``depth`` calls above host frame ``start``, VM frames standing in for
    the engine's host frames; ValueError (as ``sys._getframe``) past the outermost."""
    from .frameproxy import frame_proxy, frame_up

    f = start
    while f is not None:
        if f.f_code.co_filename.startswith(_ENGINE_DIR):
            vm = current_frame()
            if vm is None:
                break  # the engine is not running a VM frame in this thread
            vm = frame_up(vm, depth)
            if vm is None:
                raise ValueError("call stack is not deep enough")
            return frame_proxy(vm)
        if depth == 0:
            return f
        f = f.f_back
        depth -= 1
    if f is None:
        raise ValueError("call stack is not deep enough")
    return f


def getframe(depth: int = 0) -> Any:
    """``sys._getframe`` as host code called from VM code should see it."""
    return _frame_at(_HOST_GETFRAME(1), depth)


def getframemodulename(depth: int = 0) -> Optional[str]:
    """``sys._getframemodulename`` (3.12+) through the same frames."""
    try:
        f = _frame_at(_HOST_GETFRAME(1), depth)
    except ValueError:
        return None
    name = f.f_globals.get("__name__")
    return name if isinstance(name, str) else None


@contextlib.contextmanager
def patched(engine: Any) -> Iterator[None]:
    """Install the patches for the duration of a run."""
    sys.exc_info = exc_info
    if _HOST_EXCEPTION is not None:
        sys.exception = exception  # type: ignore[attr-defined]
    sys._getframe = getframe
    if _HOST_GETFRAMEMODULENAME is not None:
        sys._getframemodulename = getframemodulename  # type: ignore[attr-defined]
    try:
        yield
    finally:
        sys.exc_info = _HOST_EXC_INFO
        if _HOST_EXCEPTION is not None:
            sys.exception = _HOST_EXCEPTION  # type: ignore[attr-defined]
        sys._getframe = _HOST_GETFRAME
        if _HOST_GETFRAMEMODULENAME is not None:
            sys._getframemodulename = _HOST_GETFRAMEMODULENAME  # type: ignore[attr-defined]
