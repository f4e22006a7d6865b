"""``bytescope cfg --format dot``: the graph in Graphviz's language, and ``dot`` itself.

:func:`cfg_dot` writes the graph; :func:`dot_svg` asks Graphviz's ``dot``
(when it is on PATH) to lay it out as SVG.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Optional

from ..analysis.cfg import CFG
from .cfg_common import EDGE_STYLE, block_title, code_title, instruction_text

#: instruction lines shown per block before "... N more"
MAX_LINES = 30
_MAX_CHARS = 72


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def clip(text: str, limit: int = _MAX_CHARS) -> str:
    """Return ``text`` cut to ``limit`` characters (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def block_lines(g: CFG, index: int, max_lines: int = MAX_LINES) -> list[str]:
    """Return the instruction lines drawn inside block ``index``."""
    offsets = g.blocks[index].offsets
    shown = offsets if len(offsets) <= max_lines else offsets[: max_lines - 1]
    lines = [clip(instruction_text(g, off)) for off in shown]
    if len(shown) < len(offsets):
        lines.append(f"… {len(offsets) - len(shown)} more")
    return lines


def cfg_dot(g: CFG, *, name: str = "cfg") -> str:
    """Return a Graphviz ``digraph`` of ``g`` (node ids ``b<index>``, edges coloured by kind)."""
    out = [
        f'digraph "{_esc(name)}" {{',
        f'  label="{_esc(code_title(g.code))}"; labelloc=t;',
        '  node [shape=box, fontname="monospace", fontsize=10];',
        '  edge [fontname="sans-serif", fontsize=9];',
    ]
    for b in g.blocks:
        label = "\\l".join(_esc(s) for s in [block_title(b)] + block_lines(g, b.index)) + "\\l"
        attrs = [f'id="b{b.index}"', f'label="{label}"']
        if b.entry:
            attrs.append("penwidth=2.5")
        if not b.reachable:
            attrs.append('style="dashed,filled", fillcolor="#eeeeee", fontcolor="#777777"')
        elif b.exit:
            attrs.append('style=filled, fillcolor="#f3f0ff"')
        if b.problems:
            attrs.append('color="#c0392b"')
        out.append(f"  b{b.index} [{', '.join(attrs)}];")
    for e in g.edges:
        colour, dashed = EDGE_STYLE[e.kind]
        attrs = [f'color="{colour}"', f'fontcolor="{colour}"']
        if dashed:
            attrs.append("style=dashed")
        if e.back:
            attrs.append("penwidth=2")
        if e.label:
            attrs.append(f'label="{_esc(e.label)}"')
        if e.kind in ("exception", "unwind"):
            attrs.append("constraint=false")
        out.append(f"  b{e.source} -> b{e.target} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def dot_available() -> bool:
    """True when Graphviz's ``dot`` is on PATH."""
    return shutil.which("dot") is not None


def dot_svg(dot_text: str, timeout: float = 120) -> Optional[str]:
    """Return the SVG ``dot -Tsvg`` makes of ``dot_text``, or None if dot is absent or fails."""
    exe = shutil.which("dot")
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe, "-Tsvg"], input=dot_text, capture_output=True,
                              text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout
