"""``bytescope cfg --format svg``: the graph drawn, by Graphviz or by the built-in layout.

:func:`cfg_svg` draws with the layered layout of :mod:`.graph_layout` (pure
Python, always available; the HTML report uses it) or, with
``engine="dot"``/``"auto"``, Graphviz's ``dot`` when it is on PATH.  Every
block is a ``<g class="blk" data-block="N">`` and every instruction line a
``<text data-offset="OFF">``, so a page can link them to the listing.
"""

from __future__ import annotations

from html import escape
from typing import Optional

from ..analysis.cfg import CFG
from .cfg_common import EDGE_STYLE, block_title
from .cfg_dot import block_lines, cfg_dot, clip, dot_svg
from .graph_layout import bends, layout

CHAR_W = 6.6  # width of one monospace character at FONT_SIZE (px)
LINE_H = 14.0
FONT_SIZE = 11
_PAD = 6.0
_MARGIN = 12.0


def cfg_svg(g: CFG, *, engine: str = "builtin", id_prefix: str = "") -> tuple[str, str]:
    """Return ``(svg, note)``: the drawing of ``g`` and a note on how it was made.

    ``engine``: ``"builtin"`` (the layered layout), ``"dot"`` (Graphviz; falls
    back to the built-in layout, saying so, when ``dot`` is absent or fails)
    or ``"auto"`` (Graphviz when on PATH, silently the built-in layout
    otherwise).  ``id_prefix`` keeps element ids unique when several drawings
    share one page.
    """
    note = ""
    if engine in ("dot", "auto"):
        svg = dot_svg(cfg_dot(g))
        if svg is not None:
            return svg, "laid out by Graphviz dot"
        if engine == "dot":
            note = "Graphviz dot not found or failed: built-in layout used"
    svg, layout_note = builtin_svg(g, id_prefix=id_prefix)
    return svg, "; ".join(n for n in (note, layout_note) if n)


def builtin_svg(g: CFG, *, id_prefix: str = "") -> tuple[str, str]:
    """Return ``(svg, note)`` drawn with the built-in layered layout."""
    texts: list[list[str]] = []
    sizes = []
    for b in g.blocks:
        lines = [block_title(b)] + block_lines(g, b.index)
        texts.append(lines)
        width = max(len(s) for s in lines) * CHAR_W + 2 * _PAD
        sizes.append((width, len(lines) * LINE_H + 2 * _PAD))
    edges = [(e.source, e.target, e.back) for e in g.edges]
    lay = layout(sizes, edges)
    p = escape(id_prefix, quote=True)
    width = lay.width + 2 * _MARGIN + 90  # room for edge labels
    height = lay.height + 2 * _MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cfg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="{-_MARGIN:.0f} {-_MARGIN:.0f} {width:.0f} '
        f'{height:.0f}" font-family="monospace" font-size="{FONT_SIZE}">',
        "<defs>",
    ]
    for kind, (colour, _dashed) in EDGE_STYLE.items():
        out.append(
            f'<marker id="{p}arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append('<g class="edges" fill="none">')
    for e, pts in zip(g.edges, lay.edges):
        d = bends(pts)
        if d is None:
            continue
        colour, dashed = EDGE_STYLE[e.kind]
        cls = f"edge e-{e.kind}" + (" back" if e.back else "")
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        wide = 2.2 if e.back else 1.3
        out.append(
            f'<path class="{cls}" data-source="{e.source}" data-target="{e.target}" d="{d}" '
            f'stroke="{colour}" stroke-width="{wide}"{dash} '
            f'marker-end="url(#{p}arrow-{e.kind})"/>'
        )
        label = e.label + (" ↺" if e.back else "")
        if label.strip():
            mx, my = _label_point(pts)
            out.append(
                f'<text class="elabel" x="{mx + 3:.1f}" y="{my - 3:.1f}" fill="{colour}" '
                f'font-family="sans-serif" font-size="9">{escape(label)}</text>'
            )
    out.append("</g>")
    out.append('<g class="blocks">')
    for b, lines, (x, y, w, h) in zip(g.blocks, texts, lay.nodes):
        out.append(_block_svg(g, b.index, lines, x, y, w, h, p))
    out.append("</g>")
    if lay.note:
        out.append(f'<text x="0" y="{height - _MARGIN - 2:.0f}" fill="#c0392b">'
                   f"{escape(lay.note)}</text>")
    out.append("</svg>")
    return "\n".join(out), lay.note


def _label_point(pts: list[tuple[float, float]]) -> tuple[float, float]:
    if len(pts) == 2:
        (ax, ay), (bx, by) = pts
        return ((ax + bx) / 2, (ay + by) / 2)
    return pts[len(pts) // 2]


def _block_svg(g: CFG, index: int, lines: list[str], x: float, y: float, w: float, h: float,
               prefix: str) -> str:
    b = g.blocks[index]
    cls = ["blk"]
    fill, stroke, width = "#ffffff", "#444444", 1.0
    if b.entry:
        cls.append("entry")
        width = 2.5
    if b.exit:
        cls.append("exit")
        fill = "#f3f0ff"
    if b.handler:
        cls.append("handler")
    if not b.reachable:
        cls.append("dead")
        fill, stroke = "#eeeeee", "#999999"
    if b.problems:
        cls.append("problem")
        stroke = "#c0392b"
    dash = ' stroke-dasharray="4,3"' if not b.reachable else ""
    parts = [
        f'<g class="{" ".join(cls)}" id="{prefix}b{index}" data-block="{index}">',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"{dash}/>',
    ]
    header = "#fde7d7" if b.handler else ("#e8eef8" if b.reachable else "#e0e0e0")
    parts.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{w - 2:.1f}" '
                 f'height="{LINE_H + _PAD - 2:.1f}" fill="{header}"/>')
    ty = y + _PAD + LINE_H - 3
    parts.append(f'<text x="{x + _PAD:.1f}" y="{ty:.1f}" font-weight="bold">'
                 f"{escape(lines[0])}</text>")
    offsets = b.offsets
    for k, line in enumerate(lines[1:]):
        ty += LINE_H
        data = f' data-offset="{offsets[k]}"' if k < len(offsets) and not line.startswith("… ") \
            else ""
        parts.append(f'<text class="ins" x="{x + _PAD:.1f}" y="{ty:.1f}"{data}>'
                     f"{escape(clip(line))}</text>")
    parts.append("</g>")
    return "".join(parts)


def svg_document(drawings: list[tuple[str, str]], title: Optional[str] = None) -> str:
    """Return one SVG holding several drawings stacked, each under its heading.

    ``drawings`` are ``(heading, svg)`` pairs (each svg a whole ``<svg>`` element).
    """
    import re

    y = 0.0
    width = 0.0
    parts = []
    if title:
        parts.append(f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>')
        y = 26.0
    for heading, svg in drawings:
        m = re.search(r'<svg[^>]*?width="([\d.]+)(?:pt|px)?"[^>]*?height="([\d.]+)(?:pt|px)?"',
                      svg)
        w, h = (float(m.group(1)), float(m.group(2))) if m else (800.0, 600.0)
        parts.append(f'<text x="0" y="{y + 16:.0f}" font-size="13" font-weight="bold" '
                     f'font-family="sans-serif">{escape(heading)}</text>')
        inner = re.sub(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", "", svg.strip())
        inner = inner.replace("<svg ", f'<svg x="0" y="{y + 22:.0f}" ', 1)
        parts.append(inner)
        y += h + 40
        width = max(width, w)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{y:.0f}" '
            f'font-family="sans-serif">\n' + "\n".join(parts) + "\n</svg>\n")
