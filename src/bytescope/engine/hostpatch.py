"""What the engine changes in the host while a program runs, and puts back.

Host library code asks the host for the exception being handled
(``traceback.print_exc()``, ``logging.exception()`` call ``sys.exc_info()``);
while VM code handles an exception the host does not know it, so
``sys.exc_info`` and ``sys.exception`` answer from the engine's state first.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any, Iterator

from .state import current_frame, thread_state

_HOST_EXC_INFO = sys.exc_info
_HOST_EXCEPTION = getattr(sys, "exception", None)


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


@contextlib.contextmanager
def patched(engine: Any) -> Iterator[None]:
    """Install the patches for the duration of a run."""
    sys.exc_info = exc_info
    if _HOST_EXCEPTION is not None:
        sys.exception = exception  # type: ignore[attr-defined]
    try:
        yield
    finally:
        sys.exc_info = _HOST_EXC_INFO
        if _HOST_EXCEPTION is not None:
            sys.exception = _HOST_EXCEPTION  # type: ignore[attr-defined]
