"""Why the graph's largest stack depth may be below a code object's ``co_stacksize``.

CPython sizes the stack with a walk like ours, but over the compiler's own
blocks, before later passes change the code; and 2.7/3.6's walk over-counts.
:func:`explain` names the class a difference belongs to, each checked on the
code (never "any difference is fine"):

``old compiler``
    2.7 and 3.6: their ``compile.c`` counts ``SETUP_EXCEPT``/``SETUP_FINALLY``
    (+3 more at the handler) and ``SETUP_WITH`` on every path, and 3.6 leaves an
    ``except ... as`` clean-up 3 values high; replaying that walk
    (:func:`old_estimate`) over the graph gives ``co_stacksize`` (``old
    compiler, folded constant``: ``co_stacksize`` lies between our depth and
    that replay with the constants rebuilt as they were before folding, below).
``folded constant``
    2.7-3.9's peephole optimiser runs after the stack is sized and folds a
    tuple of constants (and, 2.7/3.6, an operation on constants) into one
    ``LOAD_CONST``: building it took more stack.
``RETURN_CONST``
    3.13 sizes the stack before it fuses ``LOAD_CONST; RETURN_VALUE``.
``dead code``
    the compiler sized code it removed the way into afterwards (a handler
    whose protected range became empty, code after a ``raise``): the graph
    shows it as unreachable blocks, which have no depth; or (2.7, 3.6) code
    after a ``return`` the peephole optimiser dropped, whose traces are the
    code objects it defined, left in ``co_consts`` with no instruction
    loading them.
``implicit return``
    the ``return None`` the compiler appends and then drops after a bare
    ``raise`` (``co_stacksize`` 1, nothing on the stack).
"""

from __future__ import annotations

import sys
from typing import Any, Optional

from bytescope import Code
from bytescope.analysis.cfg import CFG
from bytescope.versions.stack_effects import effects_table

#: lines whose peephole optimiser folds constants after the stack is sized
FOLDING_LINES = ("2.7", "3.6", "3.7", "3.8", "3.9")
#: lines whose peephole optimiser also folds operations on constants
OPERATION_FOLDING_LINES = ("2.7", "3.6")
OLD_WALK_LINES = ("2.7", "3.6")


def explain(g: CFG) -> Optional[str]:
    """Return the class that explains ``g.max_depth < co_stacksize``, or None."""
    code = g.code
    size = code.co_stacksize
    ours = g.max_depth or 0
    key = g.listing.table.key
    if key in OLD_WALK_LINES:
        if old_estimate(g) == size:
            return "old compiler"
        if ours <= size <= old_estimate(g, folds=True):
            return "old compiler, folded constant"
    if key in FOLDING_LINES and folded_peak(g) >= size:
        return "folded constant"
    if key == "3.13" and _return_const_peak(g) >= size:
        return "RETURN_CONST"
    if g.dead or _orphan_code(g):
        return "dead code"
    if size == 1 and ours == 0:
        return "implicit return"
    return None


#: the stack a number or string folded from operations may have taken: up to two
#: nested ones (``3 * 3600 + 2 * 60 + 1``, ``b'..' + b'\\0' * 6`` take 3)
OPERATION_DEPTH = 3


def build_depth(value: Any, operations: bool = False) -> int:
    """The stack that building ``value`` from constants takes: tuples nest, and with
    ``operations`` a number or string may be the result of operations on others."""
    if isinstance(value, (tuple, frozenset)) and value:
        return max(i + build_depth(v, operations) for i, v in enumerate(value))
    if operations and isinstance(value, (int, float, complex, str, bytes)) \
            and not isinstance(value, bool):
        return OPERATION_DEPTH
    return 1


def _fold_depth(code: Code, key: str, arg: Any) -> int:
    """The stack a folded ``LOAD_CONST arg`` may have taken before folding."""
    try:
        value = code.co_consts[arg]
    except (IndexError, TypeError):
        return 1
    return build_depth(value, key in OPERATION_FOLDING_LINES)


def folded_peak(g: CFG) -> int:
    """The largest depth with every constant rebuilt as the compiler first built it."""
    names = g.listing.table.names
    key = g.listing.table.key
    peak = 0
    for off, _start, op, arg in g.listing.raw:
        d = g.depth_at(off)
        if d is not None and names[op] == "LOAD_CONST":
            peak = max(peak, d + _fold_depth(g.code, key, arg))
    return peak


def _orphan_code(g: CFG) -> bool:
    """True if a code object in ``co_consts`` is loaded by no instruction."""
    names = g.listing.table.names
    loaded = {arg for _o, _s, op, arg in g.listing.raw if names[op] == "LOAD_CONST"}
    return any(isinstance(c, Code) and i not in loaded for i, c in enumerate(g.code.co_consts))


def _return_const_peak(g: CFG) -> int:
    names = g.listing.table.names
    peak = 0
    for off, _start, op, _arg in g.listing.raw:
        d = g.depth_at(off)
        if d is not None and names[op] == "RETURN_CONST":
            peak = max(peak, d + 1)
    return peak


def old_estimate(g: CFG, folds: bool = False) -> int:
    """Replay 2.7/3.6's ``stackdepth_walk`` (compile.c) over the graph's blocks.

    Recursive over blocks, as the C is: each instruction adds its
    ``stack_effect`` (one number: theirs); at a jump the target is walked first,
    at ``depth - 2`` after ``FOR_ITER``, ``depth + 3`` after ``SETUP_EXCEPT`` /
    ``SETUP_FINALLY``; ``JUMP_IF_*_OR_POP`` go on one lower; a block already on
    the walk's path, or reached before at least as deep, is not walked again;
    ``JUMP_ABSOLUTE``/``JUMP_FORWARD`` end the walk of a block, anything else goes
    on to the next block (a return at the end of a try body with a finally
    still went on through the ``LOAD_CONST None`` that the peephole optimiser
    removed after it).  ``folds``: count each constant as it was built before
    folding (:func:`folded_peak`).
    """
    lst = g.listing
    table = lst.table
    fx = effects_table(table.key)
    names = table.names
    raw = lst.raw
    blocks = g.blocks
    seen = [False] * len(blocks)
    start: list[Optional[int]] = [None] * len(blocks)
    finally_handlers = {e.target for e in g.edges if e.handler == "finally"}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(blocks) + 1000))

    def effect(op: int, arg: Optional[int]) -> int:
        if op == table.extended_arg:
            return 0
        value = fx.effect_of(op, arg or 0)
        return 0 if value is None else value

    def walk(b: int, depth: int, peak: int) -> int:
        known = start[b]
        if seen[b] or (known is not None and known >= depth):
            return peak
        seen[b] = True
        start[b] = depth
        block = blocks[b]
        stop = False
        for i in range(block.first, block.last):
            off, _s, op, arg = raw[i]
            if folds and names[op] == "LOAD_CONST":
                peak = max(peak, depth + _fold_depth(g.code, table.key, arg))
            depth += effect(op, arg)
            peak = max(peak, depth)
            target = lst.jump_target(off)
            if target is None or not table.is_jump[op]:
                continue
            name = names[op]
            to = depth
            if name == "FOR_ITER":
                to = depth - 2
            elif name in ("SETUP_FINALLY", "SETUP_EXCEPT"):
                to = depth + 3
                peak = max(peak, to)
            elif name in ("JUMP_IF_TRUE_OR_POP", "JUMP_IF_FALSE_OR_POP"):
                depth -= 1
            tb = g.block_at(target)
            if tb is not None and tb.start == target:
                peak = walk(tb.index, to, peak)
            if name in ("JUMP_ABSOLUTE", "JUMP_FORWARD"):
                stop = True
                break
        if not stop and b + 1 < len(blocks):
            if names[raw[block.last - 1][2]] == "RETURN_VALUE" and b + 1 in finally_handlers:
                # the try body's own "POP_BLOCK; LOAD_CONST None", which the peephole
                # optimiser removed after the return ending it, once went on there
                depth += 1
                peak = max(peak, depth)
            peak = walk(b + 1, depth, peak)
        seen[b] = False
        return peak

    try:
        return walk(0, 0, 0) if blocks else 0
    finally:
        sys.setrecursionlimit(limit)
