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
   walk of the ``SETUP_*`` block stack along the edges, which also gives
   ``BREAK_LOOP`` and ``CONTINUE_LOOP`` their edges, and the ``unwind`` edges
   of a ``return``/``break``/``continue`` that runs a finally on its way (up
   to 3.7) or of 3.8's ``CALL_FINALLY`` subroutines.
4. A depth-first walk from the entry marks reachable blocks and back edges.
5. The stack depths (:mod:`.cfg_depth`): every reachable instruction's, every
   block's at entry, and every handler's.

Bad bytecode never stops the build: a jump outside the code or into the
middle of an instruction, an unknown opcode, code that runs off its end, a
``POP_BLOCK`` with no block are recorded as :class:`~.cfg_graph.Problem`\\ s (on
the graph and on the block) and the build goes on.
"""

from __future__ import annotations

import bisect
from typing import Any, Optional

from ..versions.opcodes import flow as F
from .cfg_depth import DepthRule, EdgeFacts, stack_depths
from .cfg_graph import CFG, Block, Edge, Problem

#: CPython's CO_MAXBLOCKS: no real code nests deeper; hostile code that does is
#: flagged instead of growing the simulated block stack.
_MAX_BLOCKS = 20
#: Block-stack states kept per block.  Compiler output has one per block, up to
#: three more in a finally handler (entered with nothing pending, an exception,
#: or a pending return/break/continue) and their products where finally
#: clauses nest; hostile code could make more, which is flagged.
_MAX_STATES = 32

#: A block-stack entry: ``(kind, target, setup offset)``.  Kinds: a SETUP's
#: block kind (``loop``, ``except``, ``finally``, ``with``, ``async_with``;
#: target: its handler or loop end); ``handler``: the EXCEPT_HANDLER block an
#: exception entering a handler pushes (3.x; setup: the SETUP it entered);
#: ``pending``: a finally handler running for a pending return, break or
#: continue (<= 3.7; target: the key of its continuations, setup: the
#: finally's SETUP) or called by CALL_FINALLY (3.8; setup -1); ``normal``: a
#: finally handler entered with nothing pending (target: its block index,
#: setup: its SETUP).
Entry = tuple[str, Any, int]
State = tuple[Entry, ...]
_MARKERS = ("handler", "pending", "normal")

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
        self.facts = EdgeFacts()  # for the stack-depth walk
        self.taken = self.facts.taken
        self.rules = self.facts.rules
        self.order: list[int] = []  # reachable blocks in reverse postorder

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
        depths, max_depth = stack_depths(self.listing, self.blocks, self.order, self.facts,
                                         self.problem)
        self.finish()
        return CFG(self.code, self.listing, self.blocks, self.edges, self.problems, depths,
                   max_depth)

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
            if role in F.JUMPS_TO_TARGET or role in F.TARGET_VIA_BLOCKS:
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

    def add_edge(self, source: Block, target_offset: int, kind: str, **details: Any) -> Edge:
        target = self.blocks[self.block_of[target_offset]]
        edge = Edge(source.index, target.index, kind, **details)
        self.edges.append(edge)
        source.succ.append(edge)
        target.pred.append(edge)
        return edge

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
                    edge = self.add_edge(block, target, "jump")
                elif role == F.COND:
                    edge = self.add_edge(block, target, _COND_KIND[f.jump_when], test=f.test)
                else:  # ITER, SEND
                    edge = self.add_edge(block, target, "exhausted")
                self.taken.add(id(edge))
            if role in F.NO_FALLTHROUGH:
                continue  # BREAK and CONTINUE get their edges from the block stack
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
        """Exception, ``BREAK_LOOP``/``CONTINUE_LOOP`` and unwind edges from the ``SETUP_*``
        block stack (<= 3.10), as ``ceval`` unwinds it.

        The block stack at each block's start is propagated along the edges; a
        block keeps every distinct stack it is reached with (a finally handler
        runs with nothing pending, with an exception, or with a pending return,
        break or continue, and its ``END_FINALLY`` goes on differently for each).
        A pending return/break/continue is an entry on the stack whose
        continuations (:attr:`pending`) the ``END_FINALLY`` resumes; one entered
        later reaches the ``END_FINALLY`` blocks already walked (:attr:`waiters`).
        """
        ft = F.flow_table(self.listing.table.key)
        self.unwinds = ft.unwinds
        self.exception_pushes = ft.exception_pushes
        self.flow_succ = [list(b.succ) for b in self.blocks]
        self.states: list[dict[State, None]] = [{} for _ in self.blocks]
        self.work: list[tuple[int, State]] = []
        self.pending: dict[Any, list[tuple[Any, ...]]] = {}
        self.waiters: dict[Any, list[tuple[Block, State, int]]] = {}
        self.made: set[tuple[Any, ...]] = set()
        self.returns: set[int] = set()  # blocks whose return leaves the code object
        #: finally (and with-exit) handler block -> the SETUP offset that pushed it
        self.finally_setup: dict[int, int] = {}
        for i, target in self.targets.items():
            f = self.flow[self.raw[i][2]]
            if target is not None and f.role == F.SETUP and f.block in F.FINALLY_BLOCKS:
                self.finally_setup.setdefault(self.block_of[target], self.raw[i][0])
        self.going_on: set[int] = set()  # END_FINALLY blocks some block stack goes on from
        self.unmatched = set() if self.handler_block else self.unmatched_ends()
        self.reach(0, ())
        #: (END_FINALLY block, stack below its mark, finally's SETUP, continuation) to
        #: resume: queued, not recursed into, so hostile chains cannot exhaust the stack
        self.resumes: list[tuple[Block, State, int, tuple[Any, ...]]] = []
        while self.work or self.resumes:
            if self.resumes:
                self.resume(*self.resumes.pop())
                continue
            b, st = self.work.pop()
            self.walk_state(self.blocks[b], st)
        for block in self.blocks:
            if self.flow[self.raw[block.last - 1][2]].resumes and block.index not in self.going_on:
                self.facts.stuck.add(block.index)
        if self.unwinds:
            for block in self.blocks:
                if (block.exit == F.RETURN and self.states[block.index]
                        and block.index not in self.returns):
                    block.exit = None  # every way it runs, a finally runs first

    def reach(self, index: int, state: State) -> None:
        states = self.states[index]
        if state in states:
            return
        if len(states) >= _MAX_STATES:
            if len(states) == _MAX_STATES:
                block = self.blocks[index]
                block.problems.append(self.problem(
                    block.start, f"more than {_MAX_STATES} block stacks reach this block: "
                                 "the others are not followed"))
                states[state] = None  # counted, never walked
            return
        states[state] = None
        self.work.append((index, state))

    def block_edge(self, source: Block, target: int, kind: str, rule: Optional[DepthRule],
                   **details: Any) -> None:
        """Add a block-stack edge once (several stacks may give the same one)."""
        key = (source.index, target, kind, details.get("why", ""), details.get("setup"))
        if key in self.made:
            return
        self.made.add(key)
        edge = self.add_edge(source, target, kind, **details)
        if rule is not None:
            self.rules[id(edge)] = rule

    def walk_state(self, block: Block, st: State) -> None:
        raw = self.raw
        self.exception_edge(block, st)
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
            elif f.resumes:
                st, goes_on = self.end_finally(block, st)
                if not goes_on:
                    return
                self.going_on.add(block.index)
            elif role == F.POP_EXCEPT or f.pops_handler:
                if st and (st[-1][0] == "handler" or f.pops_handler and st[-1][0] in _MARKERS):
                    st = st[:-1]
            elif role == F.BREAK:
                self.leave(block, st, "break", off, None)
            elif role == F.CONTINUE:
                target = self.targets.get(i)
                if target is not None:
                    self.leave(block, st, "continue", off, target)
            elif role == F.RETURN and self.unwinds:
                self.leave(block, st, "return", off, None)
        last = raw[block.last - 1]
        calls = self.flow[last[2]].role == F.CALL_FINALLY
        for edge in self.flow_succ[block.index]:
            if calls and id(edge) in self.taken:
                # 3.8: the finally runs as a subroutine, its END_FINALLY returns after the call
                key = ("call", edge.target)
                after = raw[block.last][0] if block.last < len(raw) else None
                self.reach(edge.target, st + (("pending", key, -1),))
                if after is not None:
                    self.add_pending(key, ("goto", after))
            elif edge.target in self.finally_setup:
                setup = self.finally_setup[edge.target]
                self.reach(edge.target, st + (("normal", edge.target, setup),))
            else:
                self.reach(edge.target, st)

    def end_finally(self, block: Block, st: State) -> tuple[State, bool]:
        """``END_FINALLY`` ends the finally on top of ``st``: return the stack after it and
        whether it goes on with the next instruction.

        It goes on when nothing was pending (the ``normal`` entry), or when a
        ``with`` exit silenced the exception; it re-raises an exception a
        ``finally`` or ``except`` caught, and resumes a pending return, break,
        continue or ``CALL_FINALLY``.  With no mark on top (1.x, 2.x: an
        exception enters without one) it may go on, unless it ends an except
        clause (:meth:`unmatched_ends`).
        """
        if block.index in self.unmatched:
            return st, False  # an except clause's: the exception matched no clause
        if not st or st[-1][0] not in _MARKERS:
            return st, True
        marker, below = st[-1], st[:-1]
        kind, key, setup = marker
        if kind == "normal":
            self.facts.finally_ends[block.index] = key
            return below, True
        if kind == "pending":
            self.wait(block, marker, below)
            return below, False
        handled = self.flow[self.raw[self.index[setup]][2]].block if setup in self.index else ""
        return below, handled in ("with", "async_with")

    def unmatched_ends(self) -> set[int]:
        """The blocks whose ``END_FINALLY`` re-raises an exception no ``except`` clause
        matched (1.x, 2.x, where entering a handler pushes no block to tell).

        They are where the failed exception-match test of the last clause goes
        (``COMPARE_OP`` "exception match", then a conditional jump), directly
        or (up to 2.6, whose test keeps its result) through the ``POP_TOP`` of it.
        """
        names = self.listing.table.names
        cmp_op = self.listing.table.cmp_op
        out: set[int] = set()
        for block in self.blocks:
            if block.last - block.first < 2:
                continue
            _o, _s, op, arg = self.raw[block.last - 2]
            if names[op] != "COMPARE_OP" or arg is None or arg >= len(cmp_op) \
                    or cmp_op[arg] != "exception match":
                continue
            for edge in block.succ:
                if edge.kind != "false":
                    continue
                target = self.blocks[edge.target]
                ops = [self.raw[i][2] for i in range(target.first, target.last)]
                if self.flow[ops[-1]].resumes and all(names[o] == "POP_TOP" for o in ops[:-1]):
                    out.add(target.index)
        return out

    def exception_edge(self, block: Block, st: State) -> None:
        """The edge to the innermost handler of the block stack ``st``, if any."""
        for j in range(len(st) - 1, -1, -1):
            kind, handler, setup = st[j]
            if kind in F.HANDLER_BLOCKS:
                self.block_edge(block, handler, "exception",
                                (setup, self.exception_pushes or 0),
                                setup=setup, handler=kind, lasti=False)
                self.blocks[self.block_of[handler]].handler = True
                entered = st[:j] + ((("handler", -1, setup),) if self.handler_block else ())
                self.reach(self.block_of[handler], entered)
                return

    def leave(self, block: Block, st: State, why: str, off: int, resume_at: Optional[int],
              popped: Optional[int] = None) -> None:
        """Unwind ``st`` for a ``why`` (return, break, continue) at ``off``, as ``ceval``'s
        ``fast_block_end`` does: blocks are popped (the stack cut to their level) up to
        the innermost loop (break, continue: to ``resume_at``) or finally handler (which
        runs with the statement pending), else the code object is left (return).

        ``popped``: the SETUP offset of the last block popped before (an
        ``END_FINALLY`` resuming the statement: its finally's), whose level (less
        the ``__exit__`` a ``with`` clean-up dropped) is the stack's while no
        other block is popped.
        """
        resumed = popped is not None
        held = 0
        if popped is not None and popped in self.index:
            held = F.HELD_AT_LEVEL.get(self.flow[self.raw[self.index[popped]][2]].block, 0)
        kind_of = "unwind" if resumed else "jump"
        for j in range(len(st) - 1, -1, -1):
            kind, target, setup = st[j]
            if kind == "loop" and why == "break":
                self.block_edge(block, target, kind_of, (setup, 0), setup=setup,
                                why=why if resumed else "")
                self.reach(self.block_of[target], st[:j])
                return
            if kind == "loop" and why == "continue" and resume_at is not None:
                rule = (popped, -held) if popped is not None and popped >= 0 else (off, 0)
                self.block_edge(block, resume_at, kind_of, rule, setup=setup,
                                why=why if resumed else "")
                self.reach(self.block_of[resume_at], st[:j + 1])
                return
            if kind in F.FINALLY_BLOCKS:
                key = setup
                self.block_edge(block, target, "unwind", (setup, F.WHY_PUSHES[why]),
                                setup=setup, handler=kind, why=why)
                self.reach(self.block_of[target], st[:j] + (("pending", key, setup),))
                self.add_pending(key, ("unwind", why, resume_at))
                return
            popped, held = setup, 0  # loop (return), except, handler and pending entries go
        if why == "return":
            self.returns.add(block.index)
        elif not resumed:
            name = "BREAK_LOOP" if why == "break" else "CONTINUE_LOOP"
            block.problems.append(self.problem(off, f"{name} outside any loop block"))

    def add_pending(self, key: Any, cont: tuple[Any, ...]) -> None:
        """Record what the finally of ``key`` resumes, at every END_FINALLY ending it."""
        conts = self.pending.setdefault(key, [])
        if cont in conts:
            return
        conts.append(cont)
        for block, below, setup in self.waiters.get(key, ()):
            self.resumes.append((block, below, setup, cont))

    def wait(self, block: Block, marker: Entry, below: State) -> None:
        """``block`` ends a finally running with ``marker`` pending: resume what is pending."""
        _kind, key, setup = marker
        self.waiters.setdefault(key, []).append((block, below, setup))
        for cont in self.pending.get(key, ()):
            self.resumes.append((block, below, setup, cont))

    def resume(self, block: Block, below: State, setup: int, cont: tuple[Any, ...]) -> None:
        end = self.raw[block.last - 1][0]
        if cont[0] == "goto":  # 3.8: back to after the CALL_FINALLY
            self.block_edge(block, cont[1], "unwind", None, why="call_finally")
            return
        _goto, why, resume_at = cont
        self.leave(block, below, why, end, resume_at, popped=setup)

    def pop_block(self, st: State, block: Block, off: int) -> State:
        for j in range(len(st) - 1, -1, -1):
            if st[j][0] not in _MARKERS:
                return st[:j]
        block.problems.append(self.problem(off, "POP_BLOCK with no block to pop"))
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
                    if reachable:
                        self.order.append(b)
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
        self.order.reverse()

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
