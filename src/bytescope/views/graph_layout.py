"""A layered (Sugiyama-style) layout of directed graphs, in pure Python.

Used to draw control-flow graphs when Graphviz's ``dot`` is not installed
(and always in the HTML report, for speed and for identical pictures
everywhere).  The steps are the classic ones, each kept near-linear:

1. cycles are broken by reversing the edges the caller marks as back edges
   (the CFG's depth-first back edges, which leave an acyclic graph);
2. layers by longest path from the sources;
3. edges spanning several layers get one dummy point per layer crossed;
4. the order inside each layer is refined by barycenter sweeps (from the
   offset order, which already reads well for bytecode);
5. x positions: each node pulled toward the mean of its neighbours, with the
   layer's order and spacing kept, in alternating down and up passes.

Graphs whose layered form would be too large (many long edges across many
layers) get the *column* layout instead: nodes in one column in their given
order, edges as arcs in lanes to the right.  :attr:`Layout.note` says so.
"""

from __future__ import annotations

from typing import Optional, Sequence

__all__ = ["Layout", "layout", "MAX_LAYERED"]

#: nodes + dummy points above which the layered layout gives way to the column layout
MAX_LAYERED = 6000
_H_GAP = 28.0
_V_GAP = 46.0
_LANE = 12.0
_SWEEPS = 4
_PASSES = 6

Point = tuple[float, float]


class Layout:
    """Positions for a drawing.

    ``nodes[i]`` is ``(x, y, width, height)`` (top-left corner) of node ``i``;
    ``edges[k]`` the polyline of edge ``k`` from its source's border to its
    target's border, in drawing direction; ``width``/``height`` the
    drawing's size; ``note`` a message when the column fallback was used.
    """

    __slots__ = ("nodes", "edges", "width", "height", "note")

    def __init__(self) -> None:
        self.nodes: list[tuple[float, float, float, float]] = []
        self.edges: list[list[Point]] = []
        self.width = 0.0
        self.height = 0.0
        self.note = ""


def layout(
    sizes: Sequence[tuple[float, float]],
    edges: Sequence[tuple[int, int, bool]],
    *,
    max_layered: int = MAX_LAYERED,
) -> Layout:
    """Return the :class:`Layout` of a graph.

    ``sizes[i]`` is node ``i``'s ``(width, height)``; ``edges`` are
    ``(source, target, back)`` with ``back`` True for the edges to reverse so
    that the rest is acyclic (a self-loop may be marked either way).  Nodes
    are given in reading order (bytecode offset order), which seeds the
    ordering.
    """
    n = len(sizes)
    if n == 0:
        return Layout()
    layer = _layers(n, edges)
    span = sum(max(0, abs(layer[t] - layer[s]) - 1) for s, t, _b in edges if s != t)
    if n + span > max_layered:
        out = _column(sizes, edges)
        out.note = (f"{n} blocks with {span} edge bends are too many for the layered "
                    f"layout: drawn as a column")
        return out
    return _Layered(sizes, edges, layer).run()


def _layers(n: int, edges: Sequence[tuple[int, int, bool]]) -> list[int]:
    """Longest-path layering of the graph with back edges reversed (self-loops ignored)."""
    succ: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for s, t, back in edges:
        if s == t:
            continue
        a, b = (t, s) if back else (s, t)
        succ[a].append(b)
        indeg[b] += 1
    layer = [0] * n
    ready = [i for i in range(n - 1, -1, -1) if indeg[i] == 0]
    seen = 0
    while ready:
        u = ready.pop()
        seen += 1
        lu = layer[u] + 1
        for v in succ[u]:
            if layer[v] < lu:
                layer[v] = lu
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
    if seen < n:
        # The caller's back edges left a cycle (not from a DFS): put what is left
        # below everything placed, in order, so the drawing still shows every node.
        top = max(layer) + 1
        for i in range(n):
            if indeg[i] > 0:
                layer[i] = top + i
    return layer


class _Layered:
    def __init__(self, sizes: Sequence[tuple[float, float]],
                 edges: Sequence[tuple[int, int, bool]], layer: list[int]) -> None:
        self.sizes = list(sizes)
        self.edges = edges
        self.layer = list(layer)
        self.n = len(sizes)

    def run(self) -> Layout:
        n = self.n
        widths = [w for w, _h in self.sizes]
        layer = self.layer
        up: list[list[int]] = [[] for _ in range(n)]
        down: list[list[int]] = [[] for _ in range(n)]
        chains: list[list[int]] = []  # per edge: the node ids along it, top to bottom
        for s, t, _back in self.edges:
            if s == t:
                chains.append([s])
                continue
            a, b = (s, t) if layer[s] < layer[t] else (t, s)
            chain = [a]
            for lv in range(layer[a] + 1, layer[b]):
                d = len(widths)
                widths.append(0.0)
                layer.append(lv)
                up.append([])
                down.append([])
                chain.append(d)
            chain.append(b)
            for u, v in zip(chain, chain[1:]):
                down[u].append(v)
                up[v].append(u)
            chains.append(chain)
        total = len(widths)
        nlayers = max(layer) + 1
        rows: list[list[int]] = [[] for _ in range(nlayers)]
        for i in range(total):
            rows[layer[i]].append(i)  # real nodes in offset order, dummies after
        pos = [0.0] * total
        for row in rows:
            for k, v in enumerate(row):
                pos[v] = float(k)
        for sweep in range(_SWEEPS):
            rng = range(1, nlayers) if sweep % 2 == 0 else range(nlayers - 2, -1, -1)
            nb = up if sweep % 2 == 0 else down
            for li in rng:
                row = rows[li]
                keyed = []
                for k, v in enumerate(row):
                    ns = nb[v]
                    bary = sum(pos[u] for u in ns) / len(ns) if ns else pos[v]
                    keyed.append((bary, k, v))
                keyed.sort()
                rows[li] = [v for _b, _k, v in keyed]
                for k, v in enumerate(rows[li]):
                    pos[v] = float(k)
        x = self.place_x(rows, widths, up, down)
        heights = [h for _w, h in self.sizes]
        ys = []
        y = 0.0
        for row in rows:
            ys.append(y)
            y += max((heights[v] for v in row if v < self.n), default=0.0) + _V_GAP
        out = Layout()
        left = min(x[v] - widths[v] / 2 for v in range(total))
        for i in range(self.n):
            w, h = self.sizes[i]
            out.nodes.append((x[i] - w / 2 - left, ys[layer[i]], w, h))
        out.width = max(x[v] + widths[v] / 2 for v in range(total)) - left
        out.height = y - _V_GAP
        row_h = [max((heights[v] for v in row if v < self.n), default=0.0) for row in rows]
        for (s, t, _back), chain in zip(self.edges, chains):
            out.edges.append(self.route(s, t, chain, x, ys, row_h, left, out))
        return out

    def place_x(self, rows: list[list[int]], widths: list[float],
                up: list[list[int]], down: list[list[int]]) -> list[float]:
        total = len(widths)
        x = [0.0] * total
        for row in rows:
            cur = 0.0
            for v in row:
                x[v] = cur + widths[v] / 2
                cur += widths[v] + _H_GAP
        for p in range(_PASSES):
            order = rows if p % 2 == 0 else rows[::-1]
            for row in order:
                want = []
                for v in row:
                    ns = up[v] + down[v]
                    want.append(sum(x[u] for u in ns) / len(ns) if ns else x[v])
                self.fit(row, want, widths, x)
        return x

    @staticmethod
    def fit(row: list[int], want: list[float], widths: list[float], x: list[float]) -> None:
        """Place ``row``'s nodes as near ``want`` as their order and spacing allow.

        Greedy from the left (pushing right when crowded) and from the right
        (pushing left), averaged: both keep order and spacing, so their mean
        does too, without drifting to one side.
        """
        m = len(row)
        lft = [0.0] * m
        edge = -1e18
        for k in range(m):
            half = widths[row[k]] / 2
            lft[k] = max(want[k], edge + _H_GAP + half)
            edge = lft[k] + half
        rgt = [0.0] * m
        edge = 1e18
        for k in range(m - 1, -1, -1):
            half = widths[row[k]] / 2
            rgt[k] = min(want[k], edge - _H_GAP - half)
            edge = rgt[k] - half
        for k in range(m):
            x[row[k]] = (lft[k] + rgt[k]) / 2

    def route(self, s: int, t: int, chain: list[int], x: list[float], ys: list[float],
              row_h: list[float], left: float, out: Layout) -> list[Point]:
        if s == t:
            nx, ny, w, h = out.nodes[s]
            r = nx + w
            return [(r, ny + h * 0.3), (r + 22, ny + h * 0.3), (r + 22, ny + h * 0.7),
                    (r, ny + h * 0.7)]
        layer = self.layer
        pts: list[Point] = []
        for k, v in enumerate(chain):
            lv = layer[v]
            cx = x[v] - left
            if v < self.n:
                nx, ny, w, h = out.nodes[v]
                if k == 0:
                    pts.append((cx, ny + h))
                else:
                    pts.append((cx, ny))
            else:
                pts.append((cx, ys[lv]))
                pts.append((cx, ys[lv] + row_h[lv]))
        if layer[s] > layer[t]:
            pts.reverse()
        return pts


def _column(sizes: Sequence[tuple[float, float]],
            edges: Sequence[tuple[int, int, bool]]) -> Layout:
    """One column in the given order; edges that skip nodes run in lanes on the right."""
    out = Layout()
    y = 0.0
    wmax = max(w for w, _h in sizes)
    for w, h in sizes:
        out.nodes.append((0.0, y, w, h))
        y += h + _V_GAP / 2
    out.height = y - _V_GAP / 2
    # interval lanes: greedy by start, reusing the lane that frees first
    spans = sorted(
        (min(s, t), max(s, t), k) for k, (s, t, _b) in enumerate(edges) if abs(s - t) > 1
    )
    lane_end: list[int] = []
    lane_of: dict[int, int] = {}
    for a, b, k in spans:
        for li, end in enumerate(lane_end):
            if end <= a:
                lane_end[li] = b
                lane_of[k] = li
                break
        else:
            lane_of[k] = len(lane_end)
            lane_end.append(b)
    for k, (s, t, _b) in enumerate(edges):
        sx, sy, sw, sh = out.nodes[s]
        tx, ty, tw, th = out.nodes[t]
        if k not in lane_of:
            if t == s + 1:
                out.edges.append([(sw / 2, sy + sh), (tw / 2, ty)])
            elif s == t or t == s - 1:
                r = max(sw, tw)
                out.edges.append([(sw, sy + sh * 0.5), (r + 14, sy + sh * 0.5),
                                  (r + 14, ty + th * 0.5), (tw, ty + th * 0.5)])
            else:  # pragma: no cover - every other pair has a lane
                out.edges.append([(sw, sy), (tw, ty)])
            continue
        lx = wmax + _LANE * (lane_of[k] + 2)
        out.edges.append([(sw, sy + sh * 0.6), (lx, sy + sh * 0.6), (lx, ty + th * 0.4),
                          (tw, ty + th * 0.4)])
    out.width = wmax + _LANE * (len(lane_end) + 3)
    return out


def bends(points: list[Point]) -> Optional[str]:
    """Return an SVG path ``d`` through ``points``: straight segments with rounded bends."""
    if len(points) < 2:
        return None
    parts = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    if len(points) == 2:
        parts.append(f"L{points[1][0]:.1f},{points[1][1]:.1f}")
        return "".join(parts)
    for k in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[k - 1], points[k], points[k + 1]
        # stop short of the bend and curve through it
        px, py = _toward(bx, by, ax, ay, 10.0)
        qx, qy = _toward(bx, by, cx, cy, 10.0)
        parts.append(f"L{px:.1f},{py:.1f}Q{bx:.1f},{by:.1f} {qx:.1f},{qy:.1f}")
    parts.append(f"L{points[-1][0]:.1f},{points[-1][1]:.1f}")
    return "".join(parts)


def _toward(x: float, y: float, to_x: float, to_y: float, d: float) -> Point:
    dx, dy = to_x - x, to_y - y
    length = (dx * dx + dy * dy) ** 0.5
    if length <= 2 * d:
        return ((x + to_x) / 2, (y + to_y) / 2) if length else (x, y)
    return (x + dx * d / length, y + dy * d / length)
