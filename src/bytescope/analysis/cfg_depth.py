"""The value-stack depth at every instruction of a control-flow graph.

The walk CPython's compiler makes to size the stack (``co_stacksize``), over
our graph: from the entry block's start depth (:meth:`DepthEffects.start_depth
<bytescope.versions.stack_effects.depth.DepthEffects.start_depth>`), each
instruction adds its stack effect (the ``jump=True`` form along the edge to its
jump target, the ``jump=False`` form otherwise), and a block starts with the
largest depth any edge brings it, as CPython's walk keeps the first (and
largest) depth of a handler it also reaches along a shallower path.  Blocks
are taken in reverse postorder, so every edge but a loop's back edge is
counted before its target is walked: linear time, whatever the input.

The edges the block stack gives (up to 3.10) bring the depth the interpreter
restores, not an instruction's effect (:data:`DepthRule`): an exception cuts the
stack back to its block's level (the depth before the ``SETUP_*``, adjusted
by the flow fact :attr:`Flow.level <bytescope.versions.opcodes.flow.Flow.level>`)
and pushes the exception (3 or 6 values); a return, break or continue entering
a finally pushes 1 or 2; a break leaves at its loop's level.  3.11+ handlers
start at the exception table's depth, plus ``lasti`` and the exception.

Where the version has no stack-effect data every depth stays None.  Bytecode
whose stack underflows, that has an instruction without a known effect, or
whose depth differs between two ways into a block (other than a finally
handler's, entered with fewer values when nothing is pending) or around a
loop, gets a :class:`~.cfg_graph.Problem`; real compiler output has none (a
test checks every stdlib code object of every installed interpreter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ..versions.opcodes import flow as F
from ..versions.stack_effects.depth import depth_effects
from .cfg_graph import Block, Edge, Problem

__all__ = ["DepthRule", "EdgeFacts", "stack_depths"]

#: ``(offset, pushed)``: the target starts at the level of the instruction at
#: ``offset`` (its depth before, plus its flow fact's ``level`` when it is a
#: ``SETUP_*``) plus ``pushed`` values
DepthRule = tuple[int, int]


@dataclass
class EdgeFacts:
    """What the graph builder knows about its edges that the depth walk needs.

    ``taken``: ids of the edges to their instruction's jump target (the
    ``jump=True`` way of its effect); ``rules``: the :data:`DepthRule` of each
    block-stack edge, by id (an unwind edge without one brings nothing: it
    returns to where another edge brings the depth); ``finally_ends``: the
    finally handler block each ``END_FINALLY`` block ends when nothing is
    pending (see :func:`_normal_shift`); ``stuck``: the ``END_FINALLY`` blocks
    that never go on with the next instruction (every way the block stack
    reaches them, they re-raise or resume a pending statement), whose
    fallthrough brings no depth.
    """

    taken: set[int] = field(default_factory=set)
    rules: dict[int, DepthRule] = field(default_factory=dict)
    finally_ends: dict[int, int] = field(default_factory=dict)
    stuck: set[int] = field(default_factory=set)


def stack_depths(
    listing: Any, blocks: list[Block], order: list[int], facts: EdgeFacts,
    problem: Callable[[int, str], Problem],
) -> tuple[dict[int, int], Optional[int]]:
    """Compute the stack depths of the graph ``blocks`` of ``listing``'s code.

    ``order``: the blocks reachable from the entry, in reverse postorder;
    ``facts``: see :class:`EdgeFacts`.  Sets ``Block.depth`` and
    ``Edge.entry_depth`` (exception and unwind edges; ``Edge.depth`` too for
    exception edges up to 3.10).  Returns ``({offset: depth before the
    instruction}, largest depth)``, or ``({}, None)`` without stack-effect
    data.  Bad bytecode is reported through ``problem(offset, message)``,
    never raised.
    """
    effects = depth_effects(listing.table.key)
    if effects is None or not order:
        return {}, None
    walk = _Walk(listing, blocks, facts, effects, problem)
    blocks[order[0]].depth = walk.top = effects.start_depth(int(listing.code.co_flags or 0))
    for b in order:
        walk.block(blocks[b])
    walk.check()
    for edge in (e for blk in blocks for e in blk.succ if e.kind == "unwind"):
        if edge.entry_depth is None and blocks[edge.source].depth is not None:
            edge.entry_depth = blocks[edge.target].depth
    return walk.depths, walk.top


class _Walk:
    """The state of one depth walk: the depths found so far and what each edge brought."""

    def __init__(self, listing: Any, blocks: list[Block], facts: EdgeFacts, effects: Any,
                 problem: Callable[[int, str], Problem]) -> None:
        self.listing = listing
        self.raw = listing.raw
        self.names = listing.table.names
        self.flow = F.flow_table(listing.table.key).flow
        self.blocks = blocks
        self.facts = facts
        self.effects = effects
        self.problem = problem
        self.depths: dict[int, int] = {}
        self.top = 0
        self.came: list[dict[int, int]] = [{} for _ in blocks]  # {depth: source block}
        self.normal: list[Optional[int]] = [None] * len(blocks)  # along the plain edges
        self.back: list[tuple[Edge, int]] = []  # back edges and their depths

    def level(self, rule: DepthRule) -> Optional[int]:
        """The stack level a :data:`DepthRule` refers to (None: not reached)."""
        ref = rule[0]
        before = self.depths.get(ref)
        i = self.listing.index_of(ref)
        if before is None or i is None:
            return None
        return before + self.flow[self.raw[i][2]].level

    def block(self, block: Block) -> None:
        """Walk ``block`` from its depth and bring its successors theirs."""
        d = block.depth
        if d is None:
            return
        raw, depths, effect = self.raw, self.depths, self.effects.effect
        top = self.top
        fall = jump = None
        end = block.last - 1
        for i in range(block.first, block.last):
            off, _start, op, arg = raw[i]
            depths[off] = d
            fall = effect(op, arg, False)
            if fall is None or d + fall < 0:
                self.stuck(block, off, op, d, fall)
                fall = None
                break
            if d + fall > top:
                top = d + fall
            if i == end:
                jump = effect(op, arg, True)
            else:
                d += fall
        self.top = top
        for edge in block.succ:
            td = self.edge_depth(block, edge, d, fall, jump)
            if td is not None:
                self.bring(block, edge, td)

    def stuck(self, block: Block, off: int, op: int, d: int, fall: Optional[int]) -> None:
        """Report why the walk cannot go on at ``off`` (unknown opcodes are flagged already)."""
        if fall is None:
            if self.flow[op].role != F.UNKNOWN:
                block.problems.append(self.problem(
                    off, f"no stack effect is known for {self.names[op]}"))
        else:
            block.problems.append(self.problem(
                off, f"the stack underflows: {self.names[op]} with {d} value(s) on it"))

    def edge_depth(self, block: Block, edge: Edge, d: int, fall: Optional[int],
                   jump: Optional[int]) -> Optional[int]:
        """The depth ``edge`` brings its target (None: nothing), ``d`` being the depth
        before the block's last instruction and ``fall``/``jump`` its effects."""
        facts = self.facts
        rule = facts.rules.get(id(edge))
        taken = id(edge) in facts.taken
        if rule is not None:
            lv = self.level(rule)
            if edge.kind == "exception":
                edge.depth = lv
            return None if lv is None else lv + rule[1]
        if edge.kind == "exception":  # 3.11+: from the exception table
            return None if edge.depth is None else edge.depth + bool(edge.lasti) + 1
        if edge.kind == "unwind" or (block.index in facts.stuck and not taken):
            # back after a CALL_FINALLY, whose own fallthrough brings the depth; or
            # an END_FINALLY that never goes on
            return None
        step = jump if taken else fall
        if step is None:
            return None
        if block.index in facts.finally_ends and not taken:
            return d + step - self.normal_shift(facts.finally_ends[block.index])
        return d + step

    def bring(self, block: Block, edge: Edge, td: int) -> None:
        if edge.kind in ("exception", "unwind"):
            edge.entry_depth = td
        target = self.blocks[edge.target]
        if td < 0:
            block.problems.append(self.problem(
                block.last_offset,
                f"the stack underflows: {td} value(s) on the way to {target.name}"))
            return
        self.top = max(self.top, td)
        if edge.back:
            self.back.append((edge, td))
            return
        self.came[edge.target].setdefault(td, block.index)
        calls = self.flow[self.raw[block.last - 1][2]].role == F.CALL_FINALLY
        called = calls and id(edge) in self.facts.taken
        if edge.kind not in ("exception", "unwind") and not called:
            seen = self.normal[edge.target]
            self.normal[edge.target] = td if seen is None else max(td, seen)
        if target.depth is None or td > target.depth:
            target.depth = td

    def normal_shift(self, handler: int) -> int:
        """How much lower than the walk counts the stack runs when an ``END_FINALLY`` goes on.

        The walk gives a finally handler the exception's depth, and the effects
        of the opcodes that end it are counted for that case, which leaves the
        stack at the handler's level, where the path with nothing pending is
        too when it entered with the level plus the value it pushed (``None``;
        3.8 counts its ``BEGIN_FINALLY`` as 6).  3.3-3.6 leave an ``except E as
        e:`` handler with ``POP_EXCEPT`` before its clean-up finally runs, so
        that path enters it 3 values lower, and goes on 3 lower.
        """
        entered = self.normal[handler]
        if entered is None:
            return 0
        for e in self.blocks[handler].pred:
            rule = self.facts.rules.get(id(e))
            if e.kind == "exception" and rule is not None:
                lv = self.level(rule)
                if lv is not None:
                    return max(0, lv + self.effects.finally_entry - entered)
        return 0

    def check(self) -> None:
        """Flag blocks reached with different depths (but finally handlers) and loops whose
        back edge brings another depth than the loop started with."""
        blocks = self.blocks
        for b, found in enumerate(self.came):
            block = blocks[b]
            if len(found) > 1 and not _finally_handler(block):
                (low, src_low), (high, src_high) = min(found.items()), max(found.items())
                block.problems.append(self.problem(
                    block.start, f"the stack depth differs between the ways into {block.name}: "
                                 f"{low} from {blocks[src_low].name}, {high} from "
                                 f"{blocks[src_high].name}"))
        for edge, td in self.back:
            target = blocks[edge.target]
            if target.depth is not None and td != target.depth:
                source = blocks[edge.source]
                source.problems.append(self.problem(
                    source.last_offset, f"the stack depth is {td} on the way back to "
                                        f"{target.name}, which starts with {target.depth}"))


def _finally_handler(block: Block) -> bool:
    """True for a finally (or ``with`` exit) handler of the block stack: entered with the
    exception's values, with fewer when nothing or a return/break/continue is pending
    (<= 3.8), or with CALL_FINALLY's return address (3.8)."""
    return any(e.handler in F.FINALLY_BLOCKS for e in block.pred)
