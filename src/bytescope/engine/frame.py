"""VM frames: one per running (or suspended) call of VM code.

A frame's local slots (``fast``) follow CPython 3.11's "localsplus" layout for
every version: the code's local variables, then its cell variables, then its
free variables.  For 3.6-3.10 code the preparation step renumbers the cell
and free indexes of ``LOAD_DEREF`` and friends into that layout, so one set
of handlers serves every version.
"""

from __future__ import annotations

from typing import Any, Optional


class Frame:
    """The state of one activation of a :class:`~bytescope.engine.codeobj.VMCode`.

    ``pc`` is the index (not the byte offset) of the next instruction to run;
    ``back`` the VM frame to return to inside the same run of the loop (None
    for a frame the host entered); ``locals`` the namespace dict of module and
    class bodies (None for optimized function frames); ``blocks`` the block
    stack of 3.6-3.10 code; ``gen`` the generator object owning the frame.
    """

    __slots__ = (
        "code", "fast", "stack", "pc", "globals", "builtins", "locals", "back", "func",
        "ts", "blocks", "gen", "kwnames", "lasti", "entry", "locals_dict", "on_return",
        "host_caller", "__weakref__",
    )

    def __init__(
        self,
        code: Any,
        fast: list[Any],
        globals_: dict[str, Any],
        builtins: Any,
        locals_: Optional[Any] = None,
        func: Any = None,
    ) -> None:
        self.code = code
        self.fast = fast
        self.stack: list[Any] = []
        self.pc = 0
        self.globals = globals_
        self.builtins = builtins
        self.locals = locals_
        self.back: Optional[Frame] = None
        self.func = func
        self.ts: Any = None
        self.blocks: Optional[list[Any]] = [] if code.uses_blocks else None
        self.gen: Any = None
        self.kwnames: Any = None
        self.lasti = -1
        self.entry = False
        self.locals_dict: Optional[dict[str, Any]] = None
        self.on_return: Any = None
        self.host_caller: Optional[Frame] = None

    # --- what views and introspection ask -----------------------------------------------

    @property
    def offset(self) -> int:
        """Byte offset of the instruction running (or last run) in this frame."""
        code = self.code
        i = self.lasti if self.lasti >= 0 else self.pc
        offsets = code.offsets
        if 0 <= i < len(offsets):
            return int(offsets[i])
        return -1

    @property
    def lineno(self) -> Optional[int]:
        """The source line of the instruction running (or last run) in this frame."""
        i = self.lasti if self.lasti >= 0 else self.pc
        return self.code.line_of(i)

    def __repr__(self) -> str:
        return f"<VM frame of {self.code.co_qualname_text} at offset {self.offset}>"
