"""Tracebacks of exceptions that pass through VM frames.

Native CPython adds one traceback entry per frame an exception passes.  The
engine does the same with real host traceback objects, so the program (and
host code such as ``traceback.print_exc()``, ``logging`` or ``unittest``) sees
the VM frames: each VM frame is represented by a *synthetic* host frame, a
finished frame of a tiny host function whose code carries the VM code's file
name, function name and first line, and whose globals are the VM frame's
globals (so ``linecache`` finds the module's source).  The entry's line
number is the VM frame's.

The engine's own host frames (the loop, the handlers) never appear: they
are cut out of a traceback the first time it reaches the VM.
"""

from __future__ import annotations

import os
import types
from typing import Any, Optional

_ENGINE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
# the entries of modules compiled by mypyc (tools/build_accel.py) name their file
# relative to the build's source root: "bytescope/engine/loop.py"
_COMPILED_PREFIX = __name__.rpartition(".")[0].replace(".", "/") + "/"


def _template() -> Any:
    yield


# A synthetic frame is the frame of a suspended generator: a suspended generator's
# frame has no f_back, so it keeps no host frames (and their locals) alive.
_TEMPLATE = _template.__code__
#: host code objects of synthetic frames -> the VM code they stand for
_SYNTHETIC: dict[Any, Any] = {}


def synthetic_frame(code: Any, globals_: Any) -> Any:
    """Return a host frame object standing for VM ``code`` run with ``globals_``."""
    key = id(globals_)
    found = code.synthetic.get(key)
    if found is not None and found[0] is globals_:
        return found[1]
    changes: dict[str, Any] = dict(
        co_name=code.co_name, co_filename=code.co_filename,
        co_firstlineno=max(code.co_firstlineno, 1),
    )
    if hasattr(_TEMPLATE, "co_qualname"):
        changes["co_qualname"] = code.co_qualname
    host_code = _TEMPLATE.replace(**changes)
    g = globals_ if type(globals_) is dict else {}
    gen = types.FunctionType(host_code, g, code.co_name)()
    next(gen)
    frame = gen.gi_frame
    _SYNTHETIC[host_code] = code
    code.synthetic[key] = (globals_, frame, gen)
    return frame


def is_synthetic(tb: Any) -> bool:
    """True when a traceback entry stands for a VM frame."""
    return tb.tb_frame.f_code in _SYNTHETIC


def vm_code_of(tb: Any) -> Any:
    """The VM code a synthetic traceback entry stands for (None for a host frame)."""
    return _SYNTHETIC.get(tb.tb_frame.f_code)


def _is_engine(tb: Any) -> bool:
    name = tb.tb_frame.f_code.co_filename
    return name.startswith(_ENGINE_DIR) or name.replace(os.sep, "/").startswith(_COMPILED_PREFIX)


def clean(tb: Optional[types.TracebackType]) -> Optional[types.TracebackType]:
    """Return ``tb`` without the engine's own entries (up to the first VM entry, after
    which the chain is already clean)."""
    head: Optional[types.TracebackType] = None
    last: Optional[types.TracebackType] = None
    while tb is not None:
        if is_synthetic(tb):
            if last is None:
                return tb
            last.tb_next = tb
            return head
        nxt = tb.tb_next
        if not _is_engine(tb):
            if last is None:
                head = tb
            else:
                last.tb_next = tb
            last = tb
        tb = nxt
    if last is not None:
        last.tb_next = None
    return head


def add_entry(exc: BaseException, frame: Any, pc: int, clean_first: bool = False, *,
              clean: bool = False) -> None:
    """Put an entry for VM ``frame`` at instruction ``pc`` on top of ``exc``'s traceback."""
    tb = exc.__traceback__
    if clean or clean_first:
        tb = globals()["clean"](tb)
    code = frame.code
    line = code.line_of(pc)
    host = synthetic_frame(code, frame.globals)
    try:
        exc.__traceback__ = types.TracebackType(tb, host, -1, line if line is not None else -1)
    except TypeError:  # pragma: no cover - very old hosts
        pass


def vm_entries(tb: Optional[types.TracebackType]) -> list[tuple[Any, Optional[int], Any]]:
    """Return ``(VM code or None, line, host frame)`` for every entry of ``tb``, outermost first."""
    out: list[tuple[Any, Optional[int], Any]] = []
    while tb is not None:
        out.append((vm_code_of(tb), tb.tb_lineno, tb.tb_frame))
        tb = tb.tb_next
    return out
