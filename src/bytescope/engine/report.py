"""The report of an uncaught exception, as the pyc's own CPython prints it.

The frames are the VM frames (and any host library frames the exception
passed), each with its file, line, function and source line; then the last
line, ``Type: message``.  Version differences (the "Did you mean" suggestions
of 3.10+, chained exceptions, notes, exception groups) follow the pyc's
version, not the host's.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any, Optional, TextIO

from ..versions import VersionInfo
from ..versions.engine import engine_traits
from .tracebacks import clean


def _clean_chain(exc: BaseException) -> None:
    """Cut the engine's own frames out of ``exc`` and every exception chained to it."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        try:
            e.__traceback__ = clean(e.__traceback__)
        except (TypeError, AttributeError):
            pass
        stack.append(e.__cause__)  # type: ignore[arg-type]
        stack.append(e.__context__)  # type: ignore[arg-type]
        for sub in getattr(e, "exceptions", ()) or ():
            if isinstance(sub, BaseException):
                stack.append(sub)


def format_uncaught(exc: BaseException, version: VersionInfo) -> str:
    """Return the text native CPython of ``version`` prints for uncaught ``exc``."""
    _clean_chain(exc)
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    traits = engine_traits(version.key)
    _fix_suggestions(te, exc, traits["suggestions"])
    return "".join(te.format())


def _fix_suggestions(te: Any, exc: BaseException, wanted: bool) -> None:
    """Make the "Did you mean" hints follow the pyc's version (walks the chain)."""
    from .suggest import suggestion_text

    seen: set[int] = set()
    stack = [(te, exc)]
    while stack:
        t, e = stack.pop()
        if t is None or e is None or id(t) in seen:
            continue
        seen.add(id(t))
        base = _safe_str(e)
        if hasattr(t, "_str"):
            extra = suggestion_text(e) if wanted else ""
            t._str = base + extra
        stack.append((getattr(t, "__cause__", None), e.__cause__))
        stack.append((getattr(t, "__context__", None), e.__context__))


def _safe_str(e: BaseException) -> str:
    try:
        return str(e)
    except Exception:
        return "<exception str() failed>"


def print_uncaught(exc: BaseException, version: VersionInfo, file: Optional[TextIO] = None) -> None:
    """Print the native report of uncaught ``exc`` (through ``sys.excepthook`` when the
    program replaced it)."""
    out = file or sys.stderr
    hook = sys.excepthook
    if hook is not sys.__excepthook__:
        try:
            hook(type(exc), exc, exc.__traceback__)
            return
        except Exception:
            pass
    try:
        out.write(format_uncaught(exc, version))
        out.flush()
    except Exception:  # a broken stream or exception: say what we can
        try:
            out.write(f"{type(exc).__name__}\n")
        except Exception:
            pass
