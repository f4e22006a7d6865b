"""Our CFG against an independent one: the ``bytecode`` package's ControlFlowGraph (PyPI).

``bytecode`` builds graphs for the running Python only, so this runs on the
host's version, on host code objects (the sources of tests/ and a sample of
the host's stdlib, compiled here; the slow mark takes the whole stdlib).
Conventions differ in two mapped ways, and only those:

* **exception ranges**: bytecode keeps ``TryBegin``/``TryEnd`` pseudo-instructions
  inside its blocks; we start a block at every exception-table range bound, so
  each of our blocks has one handler.  A block of theirs is a chain of ours
  joined by fallthrough edges at range bounds;
* **yields**: we end a block after ``YIELD_VALUE`` (the ``resume`` edge); they
  do not;
* **may re-raise**: we end a block after ``END_ASYNC_FOR`` / ``CLEANUP_THROW``
  (which re-raise or go on), so the block's ``reraise`` exit mark is exact;
  they do not.

Everything else must agree: block starts (theirs are ours minus the mapped
splits), the successors of each of their blocks (jump target and next block
vs. our non-exception edges out of the chain's last block), and the handler,
stack depth and lasti of every instruction (their active ``TryBegin`` vs. our
exception edge).
"""

from __future__ import annotations

import glob
import os
import sys
import sysconfig
import types
from typing import Any

import pytest

bytecode = pytest.importorskip("bytecode", reason="the bytecode package (test extra) is absent")

import bytescope  # noqa: E402
from bytescope.analysis.cfg import cfg  # noqa: E402
from bytescope.versions.opcodes.flow import flow_table  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def _theirs(co: types.CodeType) -> tuple[list[int], dict[int, set[int]], dict[int, Any]]:
    """Return (block starts, {start: successor starts}, {offset: (handler, depth, lasti)})
    of bytecode's CFG and exception ranges, offsets taken from our listing of the code
    (a block starts where its first instruction's EXTENDED_ARG prefixes start)."""
    from bytecode import ConcreteBytecode, ControlFlowGraph, Instr, Label, TryBegin, TryEnd

    abstract = ConcreteBytecode.from_code(co).to_bytecode(conserve_exception_block_stackdepth=True)
    ours = cfg(co).listing
    ext = ours.table.extended_arg
    real = [r for r in ours.raw if ours.table.deop[r[2]] != ext]
    offsets = [r[0] for r in real]
    chain_start = [r[1] for r in real]
    # handlers, from the linear form (TryBegin/TryEnd bracket the ranges in order)
    handler: dict[int, Any] = {}
    label_at: dict[int, int] = {}
    pending: list[Any] = []
    k = 0
    active = None
    for item in abstract:
        if isinstance(item, Label):
            pending.append(item)
        elif isinstance(item, Instr):
            for lab in pending:
                label_at[id(lab)] = chain_start[k]
            pending = []
            handler[offsets[k]] = active
            k += 1
        elif isinstance(item, TryBegin):
            active = item
        elif isinstance(item, TryEnd):
            active = None
    assert k == len(offsets), "bytecode dropped or added instructions"
    for off, tb in list(handler.items()):
        if tb is not None:
            handler[off] = (label_at[id(tb.target)], int(tb.stack_depth), bool(tb.push_lasti))
    # blocks and their successors, from the graph
    g = ControlFlowGraph.from_bytecode(abstract)
    starts_of: dict[int, int] = {}
    k = 0
    order = list(g)
    for blk in order:
        for item in blk:
            if isinstance(item, Instr):
                starts_of.setdefault(id(blk), chain_start[k])
                k += 1
    succ: dict[int, set[int]] = {}
    for blk in order:
        s = starts_of.get(id(blk))
        if s is None:
            continue
        succ[s] = {starts_of[id(n)] for n in (blk.next_block, blk.get_jump())
                   if n is not None and id(n) in starts_of}
    return sorted(succ), succ, handler


def compare(co: types.CodeType, counts: dict[str, int]) -> list[str]:
    """Return the disagreements between our graph of ``co`` and bytecode's."""
    g = cfg(co)
    lst = g.listing
    their_starts, their_succ, their_handler = _theirs(co)
    ours = {b.start for b in g.blocks}
    bad = [f"{co.co_qualname}: their block at {s} is no block of ours"
           for s in their_starts if s not in ours]
    bounds = {e.start for e in lst.exception_entries} | {e.end for e in lst.exception_entries}
    flows = flow_table(lst.table.key).flow
    yields = {lst.next_offset(r[0]) for r in lst.raw if flows[r[2]].role == "yield"}
    reraises = {lst.next_offset(r[0]) for r in lst.raw if flows[r[2]].role == "may_reraise"}
    theirs = set(their_starts)
    for s in sorted(ours - theirs):
        if s in bounds:
            counts["split at an exception range bound"] += 1
        elif s in yields:
            counts["split after a yield"] += 1
        elif s in reraises:
            counts["split after a may-reraise"] += 1
        else:
            bad.append(f"{co.co_qualname}: our block at {s} is unexplained")
    # successors: their block = chain of ours up to the next start of theirs
    marks = sorted(theirs) + [len(lst.co_code)]
    for s, nxt_start in zip(marks, marks[1:]):
        chain = [b for b in g.blocks if s <= b.start < nxt_start]
        if not chain:
            continue  # already reported: their start is no block of ours
        for a in chain[:-1]:  # the mapped splits: joined by one fallthrough/resume edge
            kinds = [e.kind for e in a.succ if e.kind != "exception"]
            if kinds not in (["fallthrough"], ["resume"]):
                bad.append(f"{co.co_qualname}: split block {a.name} has edges {kinds}")
        last = chain[-1]
        got = {g.blocks[e.target].start for e in last.succ if e.kind != "exception"}
        if got != their_succ[s]:
            bad.append(f"{co.co_qualname}: block at {s}: our successors {sorted(got)}, "
                       f"theirs {sorted(their_succ[s])}")
        counts["blocks compared"] += 1
    for b in g.blocks:
        exc = [e for e in b.succ if e.kind == "exception"]
        want = {(g.blocks[e.target].start, e.depth, e.lasti) for e in exc}
        for off in b.offsets:
            if off not in their_handler:
                continue  # EXTENDED_ARG: folded into the next instruction there
            h = their_handler[off]
            if (set() if h is None else {h}) != want:
                bad.append(f"{co.co_qualname}: offset {off}: our handler {want}, theirs {h}")
    return bad


def _codes(paths: list[str]) -> list[types.CodeType]:
    out = []
    for path in paths:
        with open(path, "rb") as fh:
            src = fh.read()
        try:
            top = compile(src, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            continue
        stack = [top]
        while stack:
            co = stack.pop()
            out.append(co)
            stack.extend(c for c in co.co_consts if isinstance(c, types.CodeType))
    return out


def _run(paths: list[str]) -> dict[str, int]:
    counts = {"code objects": 0, "blocks compared": 0, "split at an exception range bound": 0,
              "split after a yield": 0, "split after a may-reraise": 0}
    bad: list[str] = []
    for co in _codes(paths):
        counts["code objects"] += 1
        bad += compare(co, counts)
    assert not bad, "\n".join(bad[:20])
    return counts


def _stdlib() -> list[str]:
    lib = sysconfig.get_paths()["stdlib"]
    return sorted(p for p in glob.glob(os.path.join(lib, "*.py")))


def test_agrees_with_bytecode_sample() -> None:
    paths = sorted(glob.glob(os.path.join(HERE, "*.py")))[:20] + _stdlib()[::15]
    counts = _run(paths)
    print(f"\nhost {sys.version_info[0]}.{sys.version_info[1]}: {counts}")
    assert counts["blocks compared"] > 1000


@pytest.mark.slow
def test_agrees_with_bytecode_stdlib() -> None:
    lib = sysconfig.get_paths()["stdlib"]
    paths = sorted(p for p in glob.glob(os.path.join(lib, "**", "*.py"), recursive=True)
                   if "site-packages" not in p)
    counts = _run(paths)
    print(f"\nhost {sys.version_info[0]}.{sys.version_info[1]} whole stdlib: {counts}")


def test_pyc_fixture_agrees() -> None:
    """The committed 3.11 fixtures, read by bytescope, give the same graphs as the host code."""
    if sys.version_info[:2] != (3, 11):
        pytest.skip("the fixture comparison needs a 3.11 host")
    import marshal

    counts = {"code objects": 0, "blocks compared": 0, "split at an exception range bound": 0,
              "split after a yield": 0, "split after a may-reraise": 0}
    bad: list[str] = []
    for path in sorted(glob.glob(os.path.join(HERE, "fixtures", "3.11", "*.pyc"))):
        data = open(path, "rb").read()
        host = marshal.loads(data[16:])
        stack = [host]
        pyc_codes = list(bytescope.load(path).code.iter_code())
        k = 0
        while stack:
            co = stack.pop()
            bad += compare(co, counts)
            ours = cfg(pyc_codes[k])
            assert [b.start for b in ours.blocks] == [b.start for b in cfg(co).blocks]
            k += 1
            stack.extend(reversed([c for c in co.co_consts if isinstance(c, types.CodeType)]))
    assert not bad, "\n".join(bad[:20])
