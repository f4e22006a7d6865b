"""The control-flow graph model: basic blocks joined by typed edges.

Nothing here decodes bytecode: :mod:`.cfg_build` fills these from the instruction
layer.  Blocks and edges are plain objects with ``__slots__`` (a large module
has tens of thousands of them).
"""

from __future__ import annotations

import bisect
from typing import Any, Optional

__all__ = ["Block", "CFG", "Edge", "Problem", "EDGE_KINDS"]

#: Edge kinds.  ``fallthrough``: on to the next instruction; ``jump``: an
#: unconditional jump (also ``BREAK_LOOP``, ``CONTINUE_LOOP``, ``CALL_FINALLY``);
#: ``true`` / ``false``: a conditional jump's two ways, named by the test's
#: result (see :attr:`Edge.test`); ``exhausted``: ``FOR_ITER``/``FOR_LOOP`` when
#: the iterator is exhausted, ``SEND`` when the sub-iterator returns;
#: ``resume``: where a ``yield`` resumes; ``exception``: to the handler that
#: catches an exception raised in the block; ``unwind``: a ``return``,
#: ``break`` or ``continue`` that runs a ``finally`` (or ``with`` exit) on its
#: way (up to 3.7): into that handler, and from the ``END_FINALLY`` that ends
#: it on to where the pending statement goes (the next such handler, the loop's
#: end or start); in 3.8, from the ``END_FINALLY`` of a finally called by
#: ``CALL_FINALLY`` back to after the call (see :attr:`Edge.why`).  Whether an
#: edge closes a loop is :attr:`Edge.back`, which any kind may have.
EDGE_KINDS = ("fallthrough", "jump", "true", "false", "exhausted", "resume", "exception",
              "unwind")


class Problem:
    """Something wrong with the bytecode, found while building the graph.

    ``code_name`` is the code object's qualified name, ``offset`` the
    instruction's byte offset; ``str()`` names both.
    """

    __slots__ = ("code_name", "offset", "message")

    def __init__(self, code_name: str, offset: int, message: str) -> None:
        self.code_name = code_name
        self.offset = offset
        self.message = message

    def __str__(self) -> str:
        return f"{self.code_name} at offset {self.offset}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class Edge:
    """A typed edge from one block to another.

    ``kind`` is one of :data:`EDGE_KINDS`; ``back`` is True when the edge
    closes a cycle (its target is an ancestor of its source in a depth-first
    walk from the entry: a loop's back edge).  ``test`` names what a
    ``true``/``false`` edge tests (``truth``, ``none``, ``exc_match``,
    ``debug``).

    Exception edges carry ``depth``, the stack level the interpreter cuts the
    value stack back to before it enters the handler (the 3.11+ exception
    table's depth; up to 3.10 the level the ``SETUP_*`` block recorded), and
    ``lasti`` (3.11+: the handler also gets the offset of the raising
    instruction; always False up to 3.10, which have no such thing), and
    ``entry_depth``, the depth the handler starts with: ``depth`` plus what
    entering it pushes (3.11+: the exception, and ``lasti``; up to 3.10: 3
    values in 1.x/2.x, 6 in 3.x).  Up to 3.10 they also carry ``setup`` (the
    offset of the ``SETUP_*`` that pushed the handler) and ``handler`` (its
    block kind: ``except``, ``finally``, ``with``, ``async_with``).  ``depth``
    and ``entry_depth`` are None where the version has no stack-effect data
    (1.x-2.6, 3.0-3.2, PyPy) or the walk could not reach the ``SETUP_*``.

    Unwind edges carry ``why``: ``return``, ``break`` or ``continue`` (up to
    3.7; into a finally handler they also carry its ``setup`` and
    ``handler``, on to a loop the loop's ``SETUP_LOOP``), or ``call_finally``
    (3.8: back to after the ``CALL_FINALLY``), and ``entry_depth``.
    ``BREAK_LOOP``'s and ``CONTINUE_LOOP``'s own ``jump`` edges carry the
    ``setup`` of the loop block they leave for.
    """

    __slots__ = ("source", "target", "kind", "back", "test", "depth", "lasti", "setup", "handler",
                 "why", "entry_depth")

    def __init__(
        self, source: int, target: int, kind: str, *, test: str = "",
        depth: Optional[int] = None, lasti: Optional[bool] = None,
        setup: Optional[int] = None, handler: str = "", why: str = "",
    ) -> None:
        self.source = source
        self.target = target
        self.kind = kind
        self.back = False
        self.test = test
        self.depth = depth
        self.lasti = lasti
        self.setup = setup
        self.handler = handler
        self.why = why
        self.entry_depth: Optional[int] = None

    @property
    def label(self) -> str:
        """Short text for drawings: ``T``/``F``, ``None``/``not None``, ``exhausted``..."""
        if self.kind in ("true", "false"):
            yes = self.kind == "true"
            return _TEST_LABELS.get(self.test, ("T", "F"))[0 if yes else 1]
        if self.kind == "exception":
            text = f"exc ({self.handler})" if self.handler else "exc"
            if self.depth is not None:
                text += f" d={self.depth}" + (" lasti" if self.lasti else "")
            return text
        if self.kind == "unwind":
            return self.why.replace("_", " ")
        if self.kind in ("fallthrough", "jump"):
            return ""
        return self.kind

    def to_dict(self) -> dict[str, Any]:
        """Return the edge as JSON-able data: ``source``, ``target`` (block indexes), ``kind``;
        ``back`` and ``test`` when set; exception edges always ``depth``, ``lasti`` and
        ``entry_depth`` (null where unknown); ``why`` of unwind edges; ``setup`` (and
        ``handler`` where it names one) of block-stack edges (up to 3.10); unwind edges'
        ``entry_depth``."""
        d: dict[str, Any] = {"source": self.source, "target": self.target, "kind": self.kind}
        if self.back:
            d["back"] = True
        if self.test:
            d["test"] = self.test
        if self.kind == "exception":
            d["depth"] = self.depth
            d["lasti"] = self.lasti
        if self.why:
            d["why"] = self.why
        if self.setup is not None:
            d["setup"] = self.setup
            if self.handler:
                d["handler"] = self.handler
        if self.kind in ("exception", "unwind"):
            d["entry_depth"] = self.entry_depth
        return d

    def __repr__(self) -> str:
        back = " back" if self.back else ""
        return f"Edge({self.source}->{self.target} {self.kind}{back})"


_TEST_LABELS = {
    "truth": ("T", "F"),
    "none": ("None", "not None"),
    "exc_match": ("match", "no match"),
    "debug": ("debug", "-O"),
}


class Block:
    """A basic block: instructions ``raw[first:last]`` of the listing, entered only at the top.

    ``start``/``end`` are byte offsets (``end`` past the last instruction and its
    caches); ``offsets`` the offsets of its instructions (``EXTENDED_ARG``
    prefixes included, caches not); ``lines`` the first and last source line
    of its instructions (None when none has a line).  ``entry``: the code's
    first block; ``exit``: ``"return"``, ``"raise"``, ``"reraise"`` (also set
    on blocks that may re-raise and otherwise go on), ``"falls off"`` (junk
    that runs past the end of the code) or None; ``reachable``: reached from
    the entry over any edge; ``handler``: an exception handler starts here.
    ``depth``: the value-stack depth the block starts with (the largest over
    its incoming edges, as CPython's compiler counts it: a finally handler
    entered with fewer values when nothing is pending gets the exception's
    count); None for unreachable blocks and versions without stack-effect data.
    ``succ``/``pred`` are the block's outgoing and incoming :class:`Edge`\\ s.
    """

    __slots__ = (
        "index", "first", "last", "start", "end", "offsets", "lines", "entry", "exit",
        "reachable", "handler", "depth", "succ", "pred", "problems",
    )

    def __init__(self, index: int, first: int, last: int, offsets: list[int], end: int) -> None:
        self.index = index
        self.first = first
        self.last = last
        self.offsets = offsets
        self.start = offsets[0]
        self.end = end
        self.lines: Optional[tuple[int, int]] = None
        self.entry = index == 0
        self.exit: Optional[str] = None
        self.reachable = False
        self.handler = False
        self.depth: Optional[int] = None
        self.succ: list[Edge] = []
        self.pred: list[Edge] = []
        self.problems: list[Problem] = []

    @property
    def last_offset(self) -> int:
        """The offset of the block's last instruction."""
        return self.offsets[-1]

    @property
    def name(self) -> str:
        """``B<index>``, the name the views give the block."""
        return f"B{self.index}"

    def __repr__(self) -> str:
        return f"Block({self.name} {self.start}..{self.end})"


class CFG:
    """The control-flow graph of one code object.

    ``code`` is the :class:`~bytescope.Code`, ``listing`` its instruction
    listing, ``blocks`` in offset order (``blocks[0]`` is the entry),
    ``edges`` every edge, ``problems`` what was wrong with the bytecode
    (jumps outside the code or into an instruction, unknown opcodes, a stack
    that underflows or differs between the ways into a block...).
    ``max_depth`` is the largest value-stack depth the code reaches (what
    CPython stores as ``co_stacksize``; None without stack-effect data).
    """

    def __init__(self, code: Any, listing: Any, blocks: list[Block], edges: list[Edge],
                 problems: list[Problem], depths: Optional[dict[int, int]] = None,
                 max_depth: Optional[int] = None) -> None:
        self.code = code
        self.listing = listing
        self.blocks = blocks
        self.edges = edges
        self.problems = problems
        self.max_depth = max_depth
        self._depths = depths or {}
        self._starts = [b.start for b in blocks]

    @property
    def entry(self) -> Optional[Block]:
        """The entry block (None for empty code)."""
        return self.blocks[0] if self.blocks else None

    @property
    def exits(self) -> list[Block]:
        """The blocks that may leave the code object (return, raise, reraise)."""
        return [b for b in self.blocks if b.exit]

    @property
    def dead(self) -> list[Block]:
        """The blocks no path from the entry reaches."""
        return [b for b in self.blocks if not b.reachable]

    def depth_at(self, offset: int) -> Optional[int]:
        """Return the value-stack depth before the instruction at ``offset`` (None where
        unknown: unreachable code, no stack-effect data, not an instruction's offset)."""
        return self._depths.get(offset)

    def block_at(self, offset: int) -> Optional[Block]:
        """Return the block holding the instruction at ``offset`` (None outside the code)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        b = self.blocks[i]
        return b if offset < b.end else None

    def __repr__(self) -> str:
        return f"CFG({len(self.blocks)} blocks, {len(self.edges)} edges)"
