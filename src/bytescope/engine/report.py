"""The report of an uncaught exception, as the pyc's own CPython prints it.

The frames are the VM frames (and any host library frames the exception
passed), each with its file, line, function and source line; then the last
line, ``Type: message``.  What differs between versions is data
(:mod:`bytescope.versions.engine`): how the exception type is named
(``__main__.E`` before 3.11), the "Did you mean" suggestions of 3.10+, notes
(3.11+).  Exception groups are drawn by the host's ``traceback`` module.
"""

from __future__ import annotations

import linecache
import sys
import traceback
from typing import Any, Optional, TextIO

from ..versions import VersionInfo
from ..versions.engine import engine_traits
from .tracebacks import clean

_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"
_RECURSIVE_CUTOFF = 3


def _clean_chain(exc: BaseException) -> None:
    """Cut the engine's own frames out of ``exc`` and every exception chained to it."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        try:
            e.__traceback__ = clean(e.__traceback__)
        except (TypeError, AttributeError):
            pass
        stack.append(e.__cause__)
        stack.append(e.__context__)
        for sub in getattr(e, "exceptions", ()) or ():
            if isinstance(sub, BaseException):
                stack.append(sub)


def _chain(exc: BaseException) -> list[tuple[BaseException, str]]:
    """The exceptions to print, oldest first, each with the text that follows it."""
    out: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    e: Optional[BaseException] = exc
    link = ""
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        out.append((e, link))
        if e.__cause__ is not None:
            e, link = e.__cause__, _CAUSE
        elif e.__context__ is not None and not e.__suppress_context__:
            e, link = e.__context__, _CONTEXT
        else:
            e = None
    out.reverse()  # oldest first; each one's link text goes after it, before the newer one
    return out


def format_uncaught(exc: BaseException, version: VersionInfo) -> str:
    """Return the text native CPython of ``version`` prints for uncaught ``exc``."""
    _clean_chain(exc)
    traits = engine_traits(version.key)
    parts: list[str] = []
    for e, follow in _chain(exc) if traits["chains"] else [(exc, "")]:
        parts.append(_format_one(e, traits))
        parts.append(follow)
    return "".join(parts)


def _format_one(exc: BaseException, traits: dict[str, Any]) -> str:
    if _is_group(exc):
        te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
        te.__cause__ = te.__context__ = None
        return "".join(te.format(chain=False))
    lines: list[str] = []
    tb = exc.__traceback__
    if tb is not None:
        lines.append("Traceback (most recent call last):\n")
        lines.extend(_format_frames(tb))
    lines.extend(_format_last(exc, traits))
    return "".join(lines)


def _is_group(exc: BaseException) -> bool:
    group = getattr(__import__("builtins"), "BaseExceptionGroup", None)
    return group is not None and isinstance(exc, group)


def _format_frames(tb: Any) -> list[str]:
    out: list[str] = []
    last: Optional[tuple[str, Optional[int], str]] = None
    repeat = 0
    while tb is not None:
        frame = tb.tb_frame
        code = frame.f_code
        key = (code.co_filename, tb.tb_lineno, code.co_name)
        if key == last:
            repeat += 1
        else:
            if repeat > _RECURSIVE_CUTOFF:
                out.append(_repeated(repeat - _RECURSIVE_CUTOFF))
            last = key
            repeat = 1
        if repeat <= _RECURSIVE_CUTOFF:
            out.append(_frame_text(code.co_filename, tb.tb_lineno, code.co_name, frame.f_globals))
        tb = tb.tb_next
    if repeat > _RECURSIVE_CUTOFF:
        out.append(_repeated(repeat - _RECURSIVE_CUTOFF))
    return out


def _repeated(n: int) -> str:
    return f"  [Previous line repeated {n} more time{'s' if n > 1 else ''}]\n"


def _frame_text(filename: str, lineno: Optional[int], name: str, globals_: Any) -> str:
    text = f'  File "{filename}", line {lineno}, in {name}\n'
    if lineno is not None and lineno > 0:
        line = linecache.getline(filename, lineno, globals_ if isinstance(globals_, dict) else None)
        if line.strip():
            text += f"    {line.strip()}\n"
    return text


def _type_name(exc: BaseException, traits: dict[str, Any]) -> str:
    t = type(exc)
    module = getattr(t, "__module__", None)
    if traits["exc_name"] == "qualname":
        name = getattr(t, "__qualname__", t.__name__)
        skip: tuple[str, ...] = ("builtins", "__main__")
    else:
        name = t.__name__
        skip = ("builtins",)
    if not isinstance(module, str):
        return f"<unknown>.{name}"
    if module in skip:
        return name
    return f"{module}.{name}"


def _format_last(exc: BaseException, traits: dict[str, Any]) -> list[str]:
    if isinstance(exc, SyntaxError):
        te = traceback.TracebackException(type(exc), exc, None)
        lines = list(te.format_exception_only())
        host_name = f"{type(exc).__qualname__}:"
        lines[-1] = lines[-1].replace(host_name, _type_name(exc, traits) + ":", 1)
        return lines
    name = _type_name(exc, traits)
    try:
        if traits["exc_str"] == "py2":
            from .py2types import py2_str

            message = py2_str(exc)
        else:
            message = str(exc)
    except Exception:
        message = "<exception str() failed>"
    if traits["suggestions"]:
        from .suggest import suggestion_text

        try:
            message += suggestion_text(exc)
        except Exception:
            pass
    out = [f"{name}: {message}\n" if message else f"{name}\n"]
    notes = getattr(exc, "__notes__", None)
    if traits["notes"] and isinstance(notes, (list, tuple)):
        for note in notes:
            out.append(f"{note}\n" if isinstance(note, str) else f"{note!r}\n")
    return out


def print_uncaught(exc: BaseException, version: VersionInfo, file: Optional[TextIO] = None) -> None:
    """Print the native report of uncaught ``exc`` (through ``sys.excepthook`` when the
    program replaced it)."""
    out = file or sys.stderr
    hook = sys.excepthook
    if hook is not sys.__excepthook__:
        try:
            _clean_chain(exc)
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
