"""What the control-flow graph views share: block titles, instruction texts, edge styles."""

from __future__ import annotations

import re
from typing import Any

from ..analysis.cfg import CFG, Block

#: per edge kind: (colour, dashed) -- the same in SVG, dot and the HTML report
EDGE_STYLE: dict[str, tuple[str, bool]] = {
    "fallthrough": ("#555555", False),
    "jump": ("#1f5fbf", False),
    "true": ("#1a8a3a", False),
    "false": ("#c0392b", False),
    "exhausted": ("#7d3c98", False),
    "resume": ("#138d90", False),
    "exception": ("#d35400", True),
    "unwind": ("#b7950b", True),
}


def code_title(code: Any) -> str:
    """Return ``qualname (line N)`` naming a code object in headings."""
    name = getattr(code, "co_qualname", None) or code.co_name
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return f"{name} (line {code.co_firstlineno})"


def block_title(block: Block) -> str:
    """Return the block's one-line title: name, offsets, lines, stack depth at entry, marks."""
    parts = [block.name, f"@{block.start}"]
    if block.lines:
        a, b = block.lines
        parts.append(f"line {a}" if a == b else f"lines {a}-{b}")
    if block.depth is not None:
        parts.append(f"depth {block.depth}")
    parts.extend(block_marks(block))
    return "  ".join(parts)


def block_marks(block: Block) -> list[str]:
    """Return the block's marks: entry, handler, exit kind, dead, problems."""
    marks = []
    if block.entry:
        marks.append("entry")
    if block.handler:
        marks.append("handler")
    if block.exit:
        marks.append(block.exit)
    if not block.reachable:
        marks.append("dead")
    if block.problems:
        marks.append(f"{len(block.problems)} problem(s)")
    return marks


def instruction_text(g: CFG, offset: int) -> str:
    """Return ``OFFSET OPNAME ARG (argrepr)``: the instruction layer's dis text of the
    instruction at ``offset``, with the column padding squeezed out."""
    return f"{offset} " + _PADDING.sub(r"\1 ", g.listing.text_of(offset), count=1)


#: the run of spaces dis pads the opcode name column with
_PADDING = re.compile(r"^(\S+) +")


def edge_summary(g: CFG, block: Block) -> str:
    """Return ``-> B1 (true), B2 (false, back)``: the block's successors in words."""
    parts = []
    for e in block.succ:
        bits = [e.kind]
        if e.test and e.test != "truth":
            bits.append(e.test)
        if e.back:
            bits.append("back")
        if e.why:
            bits.append(e.why.replace("_", " "))
        if e.setup is not None:
            bits.append(f"{e.handler or 'loop'} from {e.setup}")
        if e.depth is not None:
            bits.append(f"depth {e.depth}" + (", lasti" if e.lasti else ""))
        if e.entry_depth is not None:
            bits.append(f"enters with {e.entry_depth}")
        parts.append(f"{g.blocks[e.target].name} ({', '.join(bits)})")
    return "-> " + ", ".join(parts) if parts else "-> (none)"
