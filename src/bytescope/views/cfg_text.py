"""``bytescope cfg --format text``: a terse block listing for the terminal."""

from __future__ import annotations

from ..analysis.cfg import CFG
from .cfg_common import block_title, code_title, edge_summary, instruction_text


def cfg_text(g: CFG, *, instructions: bool = True) -> str:
    """Return the blocks of ``g``: title, instructions (unless ``instructions=False``), edges."""
    out = [f"{code_title(g.code)}: {len(g.blocks)} blocks, {len(g.edges)} edges"]
    for block in g.blocks:
        out.append(block_title(block))
        if instructions:
            out.extend("    " + instruction_text(g, off) for off in block.offsets)
        out.append("    " + edge_summary(g, block))
        out.extend(f"    !! {p.message} (offset {p.offset})" for p in block.problems)
    return "\n".join(out) + "\n"
