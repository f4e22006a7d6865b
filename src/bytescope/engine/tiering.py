"""When code moves from per-instruction handlers (tier A) to fused blocks (tier B).

A code object is promoted when it runs hot: after ``LOOP_HOT`` backward jumps
(counted by a wrapper around its backward-jump handlers, on the fast path
only) or ``CALL_HOT`` calls.  ``BYTESCOPE_TIER=a`` keeps everything in tier A;
``BYTESCOPE_TIER=eager`` promotes every code object on its first run (the
tests run the corpus that way to check tier B against tier A).
"""

from __future__ import annotations

from typing import Any, Callable

from .state import engine

LOOP_HOT = 64
CALL_HOT = 3


def enabled() -> bool:
    """True when tier B may be used in this run."""
    return engine().tier_b


def eager() -> bool:
    """True when every code object is promoted on its first run."""
    e = engine()
    return e.tier_b and e.tier == "eager"


def promote(code: Any) -> None:
    """Compile ``code`` into blocks now (once)."""
    if code.tier_b is not None or code.ops_a is None:
        return
    from .blocks import install

    code.heat = -(1 << 30)
    ops = code.ops
    ops_a = code.ops_a
    ops[:] = ops_a  # drop the counting wrappers
    install(code)


def arm(code: Any, ops: list[Any], defs: list[Any], args: list[Any]) -> None:
    """Wrap the backward jumps of freshly prepared ``code`` so a hot loop promotes it."""
    if not enabled():
        return
    if eager():
        return
    for i, d in enumerate(defs):
        if d is None or not (d.arg.startswith("jump") and d.flow in ("jump", "branch")):
            continue
        target = args[i]
        if type(target) is tuple:
            target = target[0]
        if type(target) is int and target <= i:
            ops[i] = _counting(code, ops[i])


def _counting(code: Any, handler: Callable[..., int]) -> Callable[..., int]:
    def counting(frame: Any, st: Any, oparg: Any, pc: int) -> int:
        code.heat += 1
        if code.heat >= LOOP_HOT:
            promote(code)
        return handler(frame, st, oparg, pc)

    return counting


def called(code: Any) -> None:
    """A frame of ``code`` is starting (from the call paths)."""
    code.heat += 1
    if code.heat >= CALL_HOT and code.ops_a is not None and enabled():
        promote(code)
