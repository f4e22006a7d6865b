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
    * exception edges agree with the exception table (3.11+), or go to the
      handler of the ``SETUP_*`` they name (<= 3.10);
    * unwind edges leave only a return, break or continue (<= 3.7) or an
      ``END_FINALLY``, for a finally handler, a loop's end or start, or the
      instruction after a ``CALL_FINALLY`` (3.8);
    * stack depths: known for every instruction of a reached block where the
      version has stack-effect data, never negative, a handler starts with the
      depth its exception edges bring (the most any edge brings);
    * ``expect_clean`` (real compiler output): no problems, a return exits
      unless it runs a finally first, and the largest depth is at most
      ``co_stacksize``.
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
    loop_ends = {lst.jump_target(r[0]) for r in raw
                 if flows[r[2]].role == F.SETUP and flows[r[2]].block == "loop"}
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
        got = {(e.target, e.kind) for e in b.succ if e.kind not in ("exception", "unwind")}
        unwinds = [e for e in b.succ if e.kind == "unwind"]
        if f.role in (F.BREAK, F.CONTINUE):
            # one edge per block stack that reaches the block: one in compiler output
            jumps = [t for t, k in got if k == "jump"]
            if len(jumps) != len(got) or (expect_clean and len(got) + len(unwinds) != 1):
                bad(f"{b.name} ends with {lst.table.names[op]} but has edges {sorted(got)}")
            ends = loop_ends if f.role == F.BREAK else {target}
            for t in jumps:
                if g.blocks[t].start not in ends:
                    bad(f"{b.name}: {lst.table.names[op]} goes to {g.blocks[t].name}")
        elif got != want:
            bad(f"{b.name} ends with {lst.table.names[op]} at {off}: edges {sorted(got)}, "
                f"expected {sorted(want)}")
        ends_finally = f.resumes
        if unwinds and not (ends_finally or f.role in (F.RETURN, F.BREAK, F.CONTINUE)):
            bad(f"{b.name} ends with {lst.table.names[op]} but has unwind edges")
        for e in unwinds:
            _check_unwind(g, b, e, ends_finally, bad)
        if f.role in (F.RAISE, F.RERAISE) and b.exit != f.role:
            bad(f"{b.name} ends with {lst.table.names[op]} but exit is {b.exit}")
        if f.role == F.RETURN and b.exit != f.role and not (unwinds or not b.reachable):
            bad(f"{b.name} ends with {lst.table.names[op]} but exit is {b.exit}")
    if lst.version.has_exception_table:
        _check_table(g, bad)
    else:
        _check_setups(g, bad)
    _check_depths(g, bad, expect_clean)
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


def _setup_target(g: CFG, setup: Any) -> Any:
    """The block the SETUP_* (or SETUP_LOOP) at offset ``setup`` jumps to."""
    t = g.listing.jump_target(setup) if setup is not None else None
    return g.block_at(t) if t is not None else None


def _check_setups(g: CFG, bad: Any) -> None:
    """<= 3.10: every exception edge goes to the handler of the SETUP_* it names."""
    flows = F.flow_table(g.listing.table.key).flow
    for e in g.edges:
        if e.kind != "exception":
            continue
        i = g.listing.index_of(e.setup)
        handler = _setup_target(g, e.setup)
        if i is None or flows[g.listing.raw[i][2]].role != F.SETUP or handler is None \
                or handler.index != e.target or e.lasti is not False:
            bad(f"exception edge {e} names setup {e.setup}, lasti {e.lasti}")


def _check_unwind(g: CFG, b: Any, e: Any, ends_finally: bool, bad: Any) -> None:
    target = g.blocks[e.target]
    if e.why == "call_finally":  # 3.8: back to just after a CALL_FINALLY
        before = [r for r in g.listing.raw if r[0] < target.start]
        flows = F.flow_table(g.listing.table.key).flow
        if not ends_finally or not before or flows[before[-1][2]].role != F.CALL_FINALLY:
            bad(f"{b.name}: unwind edge {e} does not return after a CALL_FINALLY")
        return
    if e.why not in F.WHY_PUSHES:
        bad(f"{b.name}: unwind edge {e} has why {e.why!r}")
    if e.handler:  # into the finally (or with exit) of the SETUP it names
        handler = _setup_target(g, e.setup)
        if e.handler not in F.FINALLY_BLOCKS or handler is None or handler.index != e.target:
            bad(f"{b.name}: unwind edge {e} is not to the handler of setup {e.setup}")
    elif not ends_finally:
        bad(f"{b.name}: unwind edge {e} to a loop does not leave an END_FINALLY")
    elif e.why == "break":
        loop_end = _setup_target(g, e.setup)
        if loop_end is None or loop_end.index != e.target:
            bad(f"{b.name}: break resumed to {target.name}, not the end of loop {e.setup}")


def _check_depths(g: CFG, bad: Any, expect_clean: bool) -> None:
    from bytescope.versions.stack_effects.depth import depth_effects

    known = depth_effects(g.listing.table.key) is not None
    if not known:
        if g.max_depth is not None or any(b.depth is not None for b in g.blocks):
            bad("depths given for a version without stack-effect data")
        return
    for b in g.blocks:
        if b.depth is not None and b.depth < 0:
            bad(f"{b.name} starts with depth {b.depth}")
        if not b.reachable and b.depth is not None:
            bad(f"unreachable {b.name} has depth {b.depth}")
        for off in b.offsets:
            d = g.depth_at(off)
            if (d is None) != (b.depth is None) and not b.problems:
                bad(f"{b.name}: depth at {off} is {d}, block depth {b.depth}")
        for e in b.succ:
            if g.problems or g.blocks[e.target].depth is None:
                continue  # junk: the builder said what is wrong (or nothing is known)
            if e.kind == "exception" and e.entry_depth is not None \
                    and g.blocks[e.target].depth != e.entry_depth:
                bad(f"{b.name}: exception edge brings {e.entry_depth} to "
                    f"{g.blocks[e.target].name}, which starts with {g.blocks[e.target].depth}")
            if e.kind == "unwind" and e.entry_depth is not None \
                    and e.entry_depth > g.blocks[e.target].depth:
                bad(f"{b.name}: unwind edge brings {e.entry_depth}, more than "
                    f"{g.blocks[e.target].name} starts with")
    if g.blocks and g.blocks[0].depth is None:
        bad("no depth at the entry")
    if expect_clean and g.max_depth is not None and g.max_depth > g.code.co_stacksize:
        bad(f"largest depth {g.max_depth} exceeds co_stacksize {g.code.co_stacksize}")
