"""The control-flow graph against execution: offsets the real interpreters run.

Each installed interpreter (2.7, 3.6-3.15) runs programs under a tracer
(tests/_trace_offsets.py) that records, per frame, the offsets it executes:

* 3.7+: every instruction (``f_trace_opcodes``; ``sys.monitoring`` from 3.12).
  Every two consecutive offsets must be consecutive instructions of one block,
  or the start of a block an edge of the first one's block leads to;
* 2.7 and 3.6 report only line, exception and return events: between two
  events the code must have gone along the graph's edges through instructions
  that fire no line event (not the start of a line, not a jump backwards, as
  their ``maybe_call_line_trace`` decides), ending where the second event fires.

A missing edge (``return`` through a ``finally``, ``END_FINALLY`` resuming a
``break``, 3.8's ``CALL_FINALLY`` returning, an exception handler) shows as a
step the graph cannot make.  Default: the programs of
tests/fixtures/trace_programs (Python 2 compatible, but py3.py); slow: a stdlib
workload, checked on the stdlib pycs the interpreter ran.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
from typing import Any, Optional

import pytest
from interpreters import VERSIONS, require

import bytescope
from bytescope import Code
from bytescope.analysis.cfg import CFG, cfg
from bytescope.versions.opcodes import flow as F
from bytescope.versions.opcodes.flow import flow_table

HERE = os.path.dirname(os.path.abspath(__file__))
TRACER = os.path.join(HERE, "_trace_offsets.py")
PROGRAMS = sorted(glob.glob(os.path.join(HERE, "fixtures", "trace_programs", "*.py")))


#: instructions that run without an event of their own: an EXTENDED_ARG prefix (its
#: instruction is reported at it up to 3.10, on its own from 3.11); the RESUME a
#: generator resumes at (3.11+)
SILENT = frozenset(("EXTENDED_ARG", "RESUME"))


def programs(version: str) -> list[str]:
    """The sample programs ``version`` can run (py3.py needs Python 3)."""
    return [p for p in PROGRAMS if version != "2.7" or not p.endswith("py3.py")]


def run_tracer(python: str, args: list[str]) -> dict[str, Any]:
    out = args[1]
    proc = subprocess.run([python, TRACER] + args, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(out + ".json") as f:
        data: dict[str, Any] = json.load(f)
    return data


def code_list(code: Code) -> list[Code]:
    """Code objects in the tracer's numbering: depth-first over ``co_consts``."""
    out = [code]
    for k in code.co_consts:
        if isinstance(k, Code):
            out.extend(code_list(k))
    return out


class Checker:
    """Checks recorded event sequences against graphs; collects violations."""

    def __init__(self) -> None:
        self.pairs = 0
        self.bad: list[str] = []

    def frame(self, g: CFG, mode: str, events: list[list[Any]]) -> None:
        events = [e for e in events if e[1] >= 0]
        if mode == "opcode":
            offsets = self.real_offsets(g, [e[1] for e in events if e[0] == "opcode"])
            for a, b in zip(offsets, offsets[1:]):
                self.pairs += 1
                if not self.step(g, a, b):
                    self.fail(g, f"{a} -> {b} is no step of the graph")
        else:
            starts = line_starts(g.code)
            for (ka, a), (kb, b) in zip(events, events[1:]):
                self.pairs += 1
                if not self.between(g, starts, ka, a, kb, b):
                    self.fail(g, f"{ka} at {a} -> {kb} at {b}: no path of the graph")

    def fail(self, g: CFG, message: str) -> None:
        name = getattr(g.code, "co_qualname", None) or g.code.co_name
        self.bad.append(f"{name!r} line {g.code.co_firstlineno}: {message}")

    def real_offsets(self, g: CFG, offsets: list[int]) -> list[int]:
        """Offsets with an EXTENDED_ARG replaced by the instruction it prefixes (which runs
        without an event of its own up to 3.10), repeats dropped."""
        out: list[int] = []
        for off in offsets:
            real = self.real(g, off)
            if not out or out[-1] != real:
                out.append(real)
        return out

    @staticmethod
    def successors(g: CFG, off: int, exceptions: bool = False) -> list[int]:
        """Offsets that may run right after ``off``: the next one in its block, or the
        starts of the blocks its block's edges lead to (exception edges only, or none)."""
        blk = g.block_at(off)
        if blk is None:
            return []
        if off != blk.last_offset and not exceptions:
            return [blk.offsets[blk.offsets.index(off) + 1]]
        return [g.blocks[e.target].start for e in blk.succ
                if (e.kind == "exception") == exceptions]

    @staticmethod
    def role(g: CFG, off: int) -> str:
        """The flow role of the instruction at ``off``."""
        lst = g.listing
        i = lst.index_of(off)
        return flow_table(lst.table.key).flow[lst.raw[i][2]].role if i is not None else ""

    def reraises(self, g: CFG, off: int) -> bool:
        return self.role(g, off) in (F.RERAISE, F.MAY_RERAISE)

    def step(self, g: CFG, a: int, b: int) -> bool:
        """Is ``b`` a successor of ``a``, maybe through instructions the tracers do not
        report (:data:`SILENT`), or past the ``END_FOR`` (3.12, 3.13: and the ``POP_TOP``
        after it) that ``FOR_ITER`` skips when the iterator is exhausted (the graph's
        exhausted edge goes to the ``END_FOR``, the target ``dis`` shows)?"""
        names = g.listing.table.names

        def name(off: int) -> str:
            i = g.listing.index_of(off)
            return names[g.listing.raw[i][2]] if i is not None else ""

        frontier = [(x, name(a)) for x in self.successors(g, a) +
                    self.successors(g, a, exceptions=True)]
        seen: set[int] = set()
        while frontier:
            x, came_from = frontier.pop()
            if x == b:
                return True
            here = name(x)
            skipped = (here == "END_FOR" and came_from.endswith("FOR_ITER")
                       or here == "POP_TOP" and came_from == "END_FOR")
            if x in seen or not (here in SILENT or skipped):
                continue
            seen.add(x)
            frontier.extend((y, here) for y in self.successors(g, x))
        return False

    def between(self, g: CFG, starts: set[int], ka: str, a: int, kb: str, b: int) -> bool:
        """2.7/3.6: can the code go from event ``ka`` at ``a`` to event ``kb`` at ``b``
        through instructions that fire no line event?

        An event at an ``EXTENDED_ARG`` is the event of the instruction it
        prefixes (``f_lasti`` stays at the prefix), and whether a line event fires
        is decided there.
        """
        a, b = self.real(g, a), self.real(g, b)
        if a == b and kb in ("exception", "return"):
            return True  # the instruction the line event was for raised or returned
        prev = -1 if ka == "return" else a  # a resumed generator forgets where it was
        frontier = [(x, prev) for x in self.successors(g, a, exceptions=ka == "exception")]
        if ka == "line" and self.reraises(g, a):
            frontier.extend((x, a) for x in self.successors(g, a, exceptions=True))
        if ka == "exception" and self.role(g, a) in (F.ITER, F.YIELD):
            # FOR_ITER and YIELD_FROM report the StopIteration that ends the iteration,
            # then go on
            frontier.extend((x, a) for x in self.successors(g, a))
        seen: set[int] = set()
        while frontier:
            x, prev = frontier.pop()
            fires = x in starts or x < prev
            real = self.real(g, x)
            if real == b and fires == (kb == "line"):
                return True
            if fires or x in seen:
                continue
            seen.add(x)
            frontier.extend((y, x) for y in self.successors(g, real))
            if self.reraises(g, real):  # a re-raise fires no exception event
                frontier.extend((y, x) for y in self.successors(g, real, exceptions=True))
        return False

    @staticmethod
    def real(g: CFG, off: int) -> int:
        """The instruction an ``EXTENDED_ARG`` chain at ``off`` prefixes (else ``off``)."""
        lst = g.listing
        i = lst.index_of(off)
        while i is not None and i + 1 < len(lst.raw) \
                and lst.table.deop[lst.raw[i][2]] == lst.table.extended_arg:
            i += 1
        return lst.raw[i][0] if i is not None else off


def line_starts(code: Code) -> set[int]:
    """Where 2.7/3.6 start a line's address range (``_PyCode_CheckLineNumber``'s lower
    bound): offset 0 and every lnotab entry that moves the line."""
    table = bytes(code.co_lnotab or b"")
    starts = {0}
    addr = 0
    for i in range(0, len(table) - 1, 2):
        addr += table[i]
        if table[i + 1]:
            starts.add(addr)
    return starts


def check_sample(version: str, tmp: str) -> Checker:
    python = require(version)
    checker = Checker()
    for k, program in enumerate(programs(version)):
        out = os.path.join(tmp, f"p{k}")
        data = run_tracer(python, ["sample", out, program])
        with open(out + ".marshal", "rb") as f:
            top = bytescope.loads(f.read(), raw=True, python_version=version).code
        codes = code_list(top)
        graphs: dict[int, CFG] = {}
        for key, events in data["frames"]:
            if key not in graphs:
                graphs[key] = cfg(codes[key])
            checker.frame(graphs[key], data["mode"], events)
    return checker


@pytest.mark.parametrize("version", VERSIONS)
def test_trace_programs(version: str, tmp_path: Any) -> None:
    checker = check_sample(version, str(tmp_path))
    assert checker.pairs > 100
    assert not checker.bad, "\n".join(checker.bad[:20])


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_trace_stdlib_workload(version: str, tmp_path: Any) -> None:
    python = require(version)
    data = run_tracer(python, ["stdlib", str(tmp_path / "w")])
    checker = Checker()
    pycs: dict[str, Optional[list[Code]]] = {}
    graphs: dict[tuple[Any, ...], Optional[CFG]] = {}
    unmatched = 0
    for (pyc, line, name, hexcode), events in data["frames"]:
        key = (pyc, line, name, hexcode)
        if key not in graphs:
            if pyc not in pycs:
                pycs[pyc] = (list(bytescope.load(pyc).code.iter_code())
                             if os.path.exists(pyc) else None)
            found = [c for c in pycs[pyc] or () if c.co_firstlineno == line
                     and bytes(c.co_code).hex() == hexcode]
            graphs[key] = cfg(found[0]) if found else None
        g = graphs[key]
        if g is None:
            unmatched += 1
            continue
        checker.frame(g, data["mode"], events)
    print(f"\n{version}: {len(data['frames'])} frames, {unmatched} without their pyc, "
          f"{checker.pairs} steps checked, {len(checker.bad)} violations")
    assert checker.pairs > 1000
    assert not checker.bad, "\n".join(checker.bad[:20])
