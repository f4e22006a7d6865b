"""Build the control-flow graph of a code object of any version.

The steps, each linear (or n log n) in the code's size:

1. *Leaders*: the first instruction, every jump target and label of the
   instruction layer, every exception handler and every boundary of a 3.11+
   exception-table range (so that each block has one handler), and every
   instruction after one that ends a block (per the line's
   :mod:`~bytescope.versions.opcodes.flow` facts).
2. *Edges* from each block's last instruction: fallthrough, jump,
   true/false, exhausted, resume.
3. *Exception edges*: from the 3.11+ exception table, or, up to 3.10, from a
   walk of the ``SETUP_*`` block stack along the edges (which also gives
   ``BREAK_LOOP`` its target).
4. A depth-first walk from the entry marks reachable blocks and back edges.

Bad bytecode never stops the build: a jump outside the code or into the
middle of an instruction, an unknown opcode, code that runs off its end, a
``POP_BLOCK`` with no block are recorded as :class:`~.cfg_graph.Problem`\\ s (on
the graph and on the block) and the build goes on.
"""

from __future__ import annotations

import bisect
from typing import Any, Optional

from ..versions.opcodes import flow as F
from .cfg_graph import CFG, Block, Edge, Problem

#: CPython's CO_MAXBLOCKS: no real code nests deeper; hostile code that does is
#: flagged instead of growing the simulated block stack.
_MAX_BLOCKS = 20
_EXCEPT_HANDLER = ("handler", -1, -1)

_COND_KIND = {True: "true", False: "false"}


def build_cfg(listing: Any) -> CFG:
    """Return the :class:`~.cfg_graph.CFG` of the code object behind ``listing``.

    ``listing`` is the code's instruction listing (``raw``, ``jump_target``,
    ``labels``, ``line_at``, ``exception_entries``, ``table``, ``version``).
    Never raises on malformed bytecode: see the module docstring.
    """
    return _Builder(listing).run()


def _qualname(code: Any) -> str:
    name = getattr(code, "co_qualname", None) or code.co_name
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return str(name)


class _Builder:
    def __init__(self, listing: Any) -> None:
        self.listing = listing
        self.code = listing.code
        self.name = _qualname(self.code)
        self.raw = listing.raw
        self.flow = F.flow_table(listing.table.key).flow
        self.handler_block = F.flow_table(listing.table.key).handler_block
        self.code_len = len(self.code.co_code)
        self.index = {r[0]: i for i, r in enumerate(self.raw)}
        self.problems: list[Problem] = []
        self.blocks: list[Block] = []
        self.edges: list[Edge] = []
        self.block_of: dict[int, int] = {}  # leader offset -> block index
        self.targets: dict[int, Optional[int]] = {}  # raw index -> valid jump target offset
        self.starts = [r[0] for r in self.raw]

    # --- problems ---------------------------------------------------------------------

    def problem(self, offset: int, message: str) -> Problem:
        p = Problem(self.name, offset, message)
        self.problems.append(p)
        return p

    def check_target(self, offset: int, target: int, what: str) -> bool:
        """True if ``target`` is an instruction's offset; else record why not."""
        if target in self.index:
            return True
        if target < 0 or target >= self.code_len:
            self.problem(offset, f"{what} {target} is outside the code "
                                 f"({self.code_len} bytes)")
        else:
            at = self.starts[bisect.bisect_right(self.starts, target) - 1]
            self.problem(offset, f"{what} {target} falls inside the instruction at {at}")
        return False

    # --- the steps -------------------------------------------------------------------

    def run(self) -> CFG:
        if not self.raw:
            return CFG(self.code, self.listing, [], [], self.problems)
        leaders = self.leaders()
        self.make_blocks(sorted(leaders))
        self.flow_edges()
        if self.listing.version.has_exception_table:
            self.table_edges()
        else:
            self.block_stack_edges()
        self.walk()
        self.finish()
        return CFG(self.code, self.listing, self.blocks, self.edges, self.problems)

    def leaders(self) -> set[int]:
        raw = self.raw
        flow = self.flow
        names = self.listing.table.names
        jump_target = self.listing.jump_target
        leaders = {raw[0][0]}
        n = len(raw)
        for i, (off, _start, op, _arg) in enumerate(raw):
            f = flow[op]
            role = f.role
            if role == F.PLAIN:
                continue
            if role == F.UNKNOWN:
                self.problem(off, f"unknown opcode {op} ({names[op]})")
                continue
            if role in F.JUMPS_TO_TARGET or role == F.SETUP:
                target = jump_target(off)
                if target is None:
                    self.problem(off, f"{names[op]} has no jump target")
                    self.targets[i] = None
                elif self.check_target(off, target, "jump target"):
                    leaders.add(target)
                    self.targets[i] = target
                else:
                    self.targets[i] = None
            if role in F.ENDS_BLOCK and i + 1 < n:
                leaders.add(raw[i + 1][0])
        # Every label the instruction layer marks starts a block, even those of
        # arguments that are no control edge (3.14's END_ASYNC_FOR "from").
        for label in self.listing.labels:
            if label in self.index:
                leaders.add(label)
        for e in self.listing.exception_entries:
            if self.check_target(e.start, e.target, "exception handler"):
                leaders.add(e.target)
            for bound in (e.start, e.end):
                if bound in self.index:
                    leaders.add(bound)
        return leaders

    def make_blocks(self, leaders: list[int]) -> None:
        raw = self.raw
        n = len(raw)
        index = self.index
        for k, lead in enumerate(leaders):
            first = index[lead]
            last = index[leaders[k + 1]] if k + 1 < len(leaders) else n
            end = raw[last][0] if last < n else self.code_len
            block = Block(k, first, last, [r[0] for r in raw[first:last]], end)
            self.blocks.append(block)
            self.block_of[lead] = k

    def add_edge(self, source: Block, target_offset: int, kind: str, **details: Any) -> None:
        target = self.blocks[self.block_of[target_offset]]
        edge = Edge(source.index, target.index, kind, **details)
        self.edges.append(edge)
        source.succ.append(edge)
        target.pred.append(edge)

    def flow_edges(self) -> None:
        raw = self.raw
        n = len(raw)
        for block in self.blocks:
            i = block.last - 1
            off, _start, op, _arg = raw[i]
            f = self.flow[op]
            role = f.role
            nxt = raw[i + 1][0] if i + 1 < n else None
            target = self.targets.get(i)
            if role in (F.RETURN, F.RAISE, F.RERAISE):
                block.exit = role
                continue
            if role == F.MAY_RERAISE:
                block.exit = F.RERAISE
            if target is not None and role in F.JUMPS_TO_TARGET:
                if role == F.JUMP or role == F.CALL_FINALLY:
                    self.add_edge(block, target, "jump")
                elif role == F.COND:
                    self.add_edge(block, target, _COND_KIND[f.jump_when], test=f.test)
                else:  # ITER, SEND
                    self.add_edge(block, target, "exhausted")
            if role in F.NO_FALLTHROUGH:
                continue  # BREAK gets its edge from the block stack
            if nxt is None:
                # a problem only if reachable (finish): compilers leave dead tails
                block.exit = block.exit or "falls off"
                continue
            if role == F.COND:
                self.add_edge(block, nxt, _COND_KIND[not f.jump_when], test=f.test)
            elif role == F.YIELD:
                self.add_edge(block, nxt, "resume")
            else:
                self.add_edge(block, nxt, "fallthrough")

    def table_edges(self) -> None:
        """Exception edges from the 3.11+ exception table (the first entry that covers an
        instruction is its handler, as in CPython's lookup)."""
        handler_of = self.first_entries()
        for block in self.blocks:
            seen = set()
            for i in range(block.first, block.last):
                entry = handler_of[i]
                if entry is None or entry in seen or entry.target not in self.index:
                    continue
                seen.add(entry)
                self.add_edge(block, entry.target, "exception", depth=entry.depth,
                              lasti=entry.lasti)
                self.blocks[self.block_of[entry.target]].handler = True

    def first_entries(self) -> list[Any]:
        """Return, per instruction, the first exception-table entry covering it (or None).

        Entries are taken in table order; each claims the instructions of its range
        not claimed yet, found by skipping claimed runs (union-find "next free"), so
        even a hostile table of overlapping ranges costs near-linear time.
        """
        n = len(self.raw)
        out: list[Any] = [None] * n
        nxt = list(range(n + 1))  # nxt[i]: first unclaimed index >= i (path-compressed)

        def free(i: int) -> int:
            root = i
            while nxt[root] != root:
                root = nxt[root]
            while nxt[i] != root:
                nxt[i], i = root, nxt[i]
            return root

        for entry in self.listing.exception_entries:
            i = free(bisect.bisect_left(self.starts, entry.start))
            while i < n and self.starts[i] < entry.end:
                out[i] = entry
                nxt[i] = i + 1
                i = free(i + 1)
        return out

    def block_stack_edges(self) -> None:
        """Exception (and ``BREAK_LOOP``) edges from the ``SETUP_*`` block stack (<= 3.10).

        The stack at each block's start is propagated along the edges (the first
        state to reach a block wins, as in CPython's own stack-depth pass).
        """
        raw = self.raw
        states: list[Optional[tuple[Any, ...]]] = [None] * len(self.blocks)
        states[0] = ()
        work = [0]
        handler_block = self.handler_block

        def reach(index: int, state: tuple[Any, ...]) -> None:
            if states[index] is None:
                states[index] = state
                work.append(index)

        while work:
            b = work.pop()
            block = self.blocks[b]
            st = states[b]
            assert st is not None
            for j in range(len(st) - 1, -1, -1):
                kind, handler, setup = st[j]
                if kind not in ("loop", "handler"):
                    self.add_edge(block, handler, "exception", setup=setup, handler=kind)
                    self.blocks[self.block_of[handler]].handler = True
                    entered = st[:j] + ((_EXCEPT_HANDLER,) if handler_block else ())
                    reach(self.block_of[handler], entered)
                    break
            for i in range(block.first, block.last):
                off, _start, op, _arg = raw[i]
                f = self.flow[op]
                role = f.role
                if role == F.SETUP:
                    target = self.targets.get(i)
                    if target is None:
                        continue
                    if len(st) >= _MAX_BLOCKS:
                        block.problems.append(self.problem(
                            off, f"block stack deeper than {_MAX_BLOCKS}: block not pushed"))
                        continue
                    st = st + ((f.block, target, off),)
                elif role == F.POP_BLOCK:
                    st = self.pop_block(st, block, off)
                elif role == F.POP_EXCEPT or f.pops_handler:
                    if st and st[-1] is _EXCEPT_HANDLER:
                        st = st[:-1]
                elif role == F.BREAK:
                    st = self.break_loop(st, block, off)
            for edge in block.succ:
                if edge.kind != "exception":
                    reach(edge.target, st)

    def pop_block(self, st: tuple[Any, ...], block: Block, off: int) -> tuple[Any, ...]:
        for j in range(len(st) - 1, -1, -1):
            if st[j] is not _EXCEPT_HANDLER:
                return st[:j]
        block.problems.append(self.problem(off, "POP_BLOCK with no block to pop"))
        return st

    def break_loop(self, st: tuple[Any, ...], block: Block, off: int) -> tuple[Any, ...]:
        for j in range(len(st) - 1, -1, -1):
            kind, target, _setup = st[j]
            if kind == "loop":
                self.add_edge(block, target, "jump")
                return st[:j]
        block.problems.append(self.problem(off, "BREAK_LOOP outside any loop block"))
        return st

    def walk(self) -> None:
        """Mark reachable blocks (from the entry) and back edges (depth-first, iterative)."""
        blocks = self.blocks
        color = [0] * len(blocks)  # 0 new, 1 on the stack, 2 done
        for root in range(len(blocks)):
            if color[root]:
                continue
            reachable = root == 0
            color[root] = 1
            blocks[root].reachable = reachable
            stack = [(root, 0)]
            while stack:
                b, k = stack[-1]
                succ = blocks[b].succ
                if k == len(succ):
                    color[b] = 2
                    stack.pop()
                    continue
                stack[-1] = (b, k + 1)
                edge = succ[k]
                t = edge.target
                if color[t] == 1:
                    edge.back = True
                elif color[t] == 0:
                    color[t] = 1
                    blocks[t].reachable = reachable
                    stack.append((t, 0))

    def finish(self) -> None:
        line_at = self.listing.line_at
        last = self.blocks[-1]
        if last.exit == "falls off" and last.reachable:
            self.problem(last.last_offset, "execution runs past the end of the code")
        for block in self.blocks:
            found = [ln for ln in map(line_at, block.offsets) if ln is not None]
            if found:
                block.lines = (min(found), max(found))
        starts = [b.start for b in self.blocks]
        for p in self.problems:
            b = bisect.bisect_right(starts, p.offset) - 1
            if b >= 0 and p not in self.blocks[b].problems:
                self.blocks[b].problems.append(p)
