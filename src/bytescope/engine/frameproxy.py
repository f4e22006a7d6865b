"""What ``sys._getframe()`` returns in VM code: a read-only view of a VM frame."""

from __future__ import annotations

from typing import Any, Optional


class FrameProxy:
    """A VM frame seen as a host frame object (``f_locals``, ``f_globals``, ``f_code``,
    ``f_lineno``, ``f_lasti``, ``f_back``, ``f_builtins``)."""

    __slots__ = ("_frame",)

    def __init__(self, frame: Any) -> None:
        self._frame = frame

    @property
    def f_locals(self) -> Any:
        from .builtins_ import frame_locals

        return frame_locals(self._frame)

    @property
    def f_globals(self) -> Any:
        return self._frame.globals

    @property
    def f_builtins(self) -> Any:
        return self._frame.builtins

    @property
    def f_code(self) -> Any:
        return self._frame.code

    @property
    def f_lineno(self) -> Optional[int]:
        return self._frame.lineno

    @property
    def f_lasti(self) -> int:
        return self._frame.offset

    @property
    def f_back(self) -> Optional[FrameProxy]:
        back = self._frame.back or caller_of_entry(self._frame)
        return frame_proxy(back) if back is not None else None

    @property
    def f_trace(self) -> Any:
        return None

    def clear(self) -> None:
        pass

    def __repr__(self) -> str:
        f = self._frame
        return (
            f"<frame at {hex(id(f))}, file '{f.code.co_filename}', line {f.lineno}, "
            f"code {f.code.co_name}>"
        )


def frame_proxy(frame: Any) -> FrameProxy:
    """Return the proxy of VM ``frame``."""
    return FrameProxy(frame)


def caller_of_entry(frame: Any) -> Any:
    """The VM frame that was running when the host entered ``frame``'s run (or None)."""
    return getattr(frame, "host_caller", None)


def frame_up(frame: Any, n: int) -> Any:
    """The VM frame ``n`` calls above ``frame`` (crossing host entries into VM code), or
    None past the outermost."""
    while n > 0 and frame is not None:
        frame = frame.back if frame.back is not None else caller_of_entry(frame)
        n -= 1
    return frame
