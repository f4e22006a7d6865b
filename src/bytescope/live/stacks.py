"""Each thread's Python frames: interpreter -> thread states -> frame chain.

Offsets come from the ``stack`` part of the layout table (measured by
``tools/gen_layouts.py``): before 3.11 frames are ``PyFrameObject`` chained by
``f_back``; from 3.11 they are ``_PyInterpreterFrame`` chained by ``previous``
and reached from the thread state directly or through a ``_PyCFrame``.
Every chain is bounded, so a corrupted or racing heap cannot make this loop.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from ..bytecode.lines import co_lines
from .errors import BadPointer, UnsupportedTarget

if TYPE_CHECKING:  # pragma: no cover
    from .target import Target

#: Code objects of C-stack entry frames the interpreter pushes, not user code.
_SHIMS = frozenset({"<interpreter trampoline>", "<shim>"})

MAX_THREADS = 10_000
MAX_FRAMES = 100_000

_Q = struct.Struct("<Q")
_i = struct.Struct("<i")


@dataclass
class Frame:
    """One Python frame: its code object's address, names, and where it is."""

    code_address: int
    name: str
    filename: str
    lineno: Optional[int]
    offset: int
    """Byte offset of the instruction being executed (``f_lasti``)."""
    code: Any = field(default=None, repr=False)


@dataclass
class ThreadStack:
    """A thread (its ``threading.get_ident()`` value) and its frames, innermost first."""

    thread_id: int
    frames: List[Frame]


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def line_for(code: Any, offset: int) -> Optional[int]:
    """Return the source line of the instruction at byte ``offset`` of ``code``."""
    for start, end, line in co_lines(code):
        if start <= offset < end:
            return line
    return None




def read_stacks(target: Target) -> List[ThreadStack]:
    """Return the frames of every thread of the main interpreter of ``target``.

    Raises :class:`UnsupportedTarget` without a stack layout, and
    :class:`BadPointer` when a thread or frame pointer leads nowhere.
    """
    s: Optional[Dict[str, Any]] = target.layout.get("stack")
    if not s or "tstate_frame" not in s and "tstate_cframe" not in s:
        raise UnsupportedTarget(f"--stack is not supported for CPython {target.key}")
    word = target._word
    image = target.image
    if "runtime_interp_head" in s:
        interp = word(image.require("_PyRuntime") + s["runtime_interp_head"])
    else:
        interp = word(image.require(s["interp_head_symbol"]))
    tstate = word(interp + s["interp_threads_head"])
    out: List[ThreadStack] = []
    seen = set()
    while tstate and tstate not in seen and len(out) < MAX_THREADS:
        seen.add(tstate)
        tid = word(tstate + s["tstate_thread_id"])
        out.append(ThreadStack(tid, _frames(target, s, tstate)))
        tstate = word(tstate + s["tstate_next"])
    return out


def _frames(target: Target, s: Dict[str, Any], tstate: int) -> List[Frame]:
    word = target._word
    iframes = "iframe_code" in s
    if "tstate_cframe" in s:
        cframe = word(tstate + s["tstate_cframe"])
        frame = word(cframe + s["cframe_current"]) if cframe else 0
    else:
        frame = word(tstate + s["tstate_frame"])
    adaptive_off = target.layout["code"].get("code_adaptive")
    frames: List[Frame] = []
    seen = set()
    cache: Dict[int, Any] = {}
    while frame and frame not in seen and len(frames) < MAX_FRAMES:
        seen.add(frame)
        if iframes:
            code_addr = word(frame + s["iframe_code"]) & ~7
            instr = word(frame + s["iframe_instr"])
            offset = instr - (code_addr + (adaptive_off or 0)) - s.get("iframe_instr_delta", 0)
            nxt = word(frame + s["iframe_previous"])
        else:
            code_addr = word(frame + s["frame_code"])
            raw = target.mem.read(frame + s["frame_lasti"], 4)
            offset = _i.unpack(raw)[0] * s.get("frame_lasti_scale", 1)
            nxt = word(frame + s["frame_back"])
        try:
            is_code = code_addr and target.reader.kind(code_addr) == "code"
        except BadPointer:
            is_code = False
        if is_code:
            code = cache.get(code_addr)
            if code is None:
                code = cache[code_addr] = target.reader.value(code_addr)
            name = _text(code.co_qualname if code.co_qualname is not None else code.co_name)
            if name not in _SHIMS:
                frames.append(Frame(code_addr, name, _text(code.co_filename),
                                    line_for(code, offset) if offset >= 0 else None,
                                    offset, code))
        frame = nxt
    return frames
