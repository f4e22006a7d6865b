"""Read code objects out of a running CPython process or a core file, no debugger.

Entry points: :func:`attach` (a live PID) and :func:`open_core` (an ELF core
file), both returning a :class:`Target` with ``find(name)``, ``code_at(addr)``,
``functions()`` and ``stacks()``.
"""

from __future__ import annotations

from .target import FunctionInfo, Target, attach, open_core

__all__ = ["FunctionInfo", "Target", "attach", "open_core"]
