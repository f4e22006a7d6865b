"""The properties every control-flow graph must have, checked from the outside.

:func:`check` rebuilds the expectations from the instruction listing and the
per-version flow facts (not from the builder's own bookkeeping) and returns a
list of violations (empty when the graph is right).
"""

from __future__ import annotations

from typing import Any

from bytescope.analysis.cfg import CFG
from bytescope.versions.opcodes import flow as F


def check(g: CFG, *, expect_clean: bool = False) -> list[str]:
    """Return the violated properties of ``g`` as messages.

    * every instruction of the listing is in exactly one block, in order;
    * every jump target, label and exception handler starts a block;
    * every block's outgoing edges are exactly those its last instruction gives;
    * exception edges agree with the exception table (3.11+);
    * ``expect_clean``: no problems (real compiler output).
    """
    lst = g.listing
    raw = lst.raw
    name = getattr(g.code, "co_qualname", None) or g.code.co_name
    out: list[str] = []

    def bad(msg: str) -> None:
        out.append(f"{name!r}: {msg}")

    offsets = [r[0] for r in raw]
    covered = [o for b in g.blocks for o in b.offsets]
    if covered != offsets:
        bad("blocks do not cover every instruction exactly once, in order")
        return out
    for b, nb in zip(g.blocks, g.blocks[1:]):
        if b.end != nb.start:
            bad(f"{b.name} ends at {b.end}, next block starts at {nb.start}")
    starts = {b.start for b in g.blocks}
    flows = F.flow_table(lst.table.key).flow
    offs = set(offsets)
    for off, _s, _op, _a in raw:
        t = lst.jump_target(off)
        if t is not None and t in offs and t not in starts:
            bad(f"jump target {t} of {off} does not start a block")
    for label in lst.labels:
        if label in offs and label not in starts:
            bad(f"label {label} does not start a block")
    for e in lst.exception_entries:
        if e.target in offs and e.target not in starts:
            bad(f"handler {e.target} does not start a block")
    by_start = {b.start: b.index for b in g.blocks}
    position = {o: i for i, o in enumerate(offsets)}
    for b in g.blocks:
        i = position[b.last_offset]
        off, _s, op, _a = raw[i]
        f = flows[op]
        nxt = offsets[i + 1] if i + 1 < len(offsets) else None
        target = lst.jump_target(off)
        want: set[tuple[int, str]] = set()
        if target is not None and target in by_start and f.role in F.JUMPS_TO_TARGET:
            kind = {F.COND: "true" if f.jump_when else "false", F.ITER: "exhausted",
                    F.SEND: "exhausted"}.get(f.role, "jump")
            want.add((by_start[target], kind))
        if f.role not in F.NO_FALLTHROUGH and nxt is not None:
            kind = {F.COND: "false" if f.jump_when else "true",
                    F.YIELD: "resume"}.get(f.role, "fallthrough")
            want.add((by_start[nxt], kind))
        got = {(e.target, e.kind) for e in b.succ if e.kind != "exception"}
        if f.role == F.BREAK:
            if len(got) > 1 or any(k != "jump" for _t, k in got) or (expect_clean and not got):
                bad(f"{b.name} ends with BREAK_LOOP but has edges {sorted(got)}")
        elif got != want:
            bad(f"{b.name} ends with {lst.table.names[op]} at {off}: edges {sorted(got)}, "
                f"expected {sorted(want)}")
        if f.role in (F.RETURN, F.RAISE, F.RERAISE) and b.exit != f.role:
            bad(f"{b.name} ends with {lst.table.names[op]} but exit is {b.exit}")
    if lst.version.has_exception_table:
        _check_table(g, bad)
    if expect_clean and g.problems:
        bad(f"problems in compiler output: {[str(p) for p in g.problems[:3]]}")
    if g.blocks and not g.blocks[0].reachable:
        bad("entry not reachable")
    return out


def _check_table(g: CFG, bad: Any) -> None:
    entries = g.listing.exception_entries
    offs = {r[0] for r in g.listing.raw}
    for b in g.blocks:
        want = set()
        for off in b.offsets:
            for e in entries:
                if e.start <= off < e.end:
                    blk = g.block_at(e.target)
                    if blk is not None and e.target in offs:
                        want.add((blk.index, e.depth, e.lasti))
                    break
        got = {(e.target, e.depth, e.lasti) for e in b.succ if e.kind == "exception"}
        if got != want:
            bad(f"{b.name}: exception edges {sorted(got)}, table says {sorted(want)}")
