"""Iteration order of a set CPython 3.11+ rebuilds from marshal, for hash-stable items.

Since 3.11 marshal writes set items sorted by their marshalled bytes, and
``marshal.loads`` adds them one by one to a new set: the order ``dis`` then
prints is the hash-table order.  For items whose hash does not depend on the
process (ints, bools, floats, tuples of those) :func:`set_order` replays
CPython's ``set_add_entry``/``set_table_resize`` (8 slots to start, 9 linear
probes, perturbation shift 5, resize when 3/5 full) to get that order.  For
anything else (strings: seeded hashes) it returns None and the stream order
is kept.
"""

from __future__ import annotations

import math
from typing import Any, Optional

_MASK = 2**64 - 1
_MODULUS = 2**61 - 1
_LINEAR_PROBES = 9
_PERTURB_SHIFT = 5
_P1 = 11400714785074694791
_P2 = 14029467366897019727
_P5 = 2870177450012600261


def _int_hash(v: int) -> int:
    h = abs(v) % _MODULUS
    if v < 0:
        h = -h
    return -2 if h == -1 else h


def _float_hash(v: float) -> Optional[int]:
    if math.isinf(v):
        return 314159 if v > 0 else -314159
    if math.isnan(v):
        return None  # id-based since 3.10
    m, e = math.frexp(v)
    sign = -1 if m < 0 else 1
    m = abs(m)
    x = 0
    while m:
        x = ((x << 28) & _MODULUS) | (x >> (61 - 28))
        m *= 268435456.0
        e -= 28
        y = int(m)
        m -= y
        x += y
        if x >= _MODULUS:
            x -= _MODULUS
    e = e % 61 if e >= 0 else 61 - 1 - ((-1 - e) % 61)
    x = ((x << e) & _MODULUS) | (x >> (61 - e))
    x = x * sign
    return -2 if x == -1 else x


def stable_hash(value: Any, depth: int = 0) -> Optional[int]:
    """Return CPython's (64-bit) hash of ``value`` if it is process-independent, else None."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return _int_hash(value)
    if isinstance(value, float):
        return _float_hash(value)
    if isinstance(value, tuple) and depth < 50:
        acc = _P5
        for item in value:
            lane = stable_hash(item, depth + 1)
            if lane is None:
                return None
            acc = (acc + (lane & _MASK) * _P2) & _MASK
            acc = ((acc << 31) | (acc >> 33)) & _MASK
            acc = (acc * _P1) & _MASK
        acc = (acc + (len(value) ^ (_P5 ^ 3527539))) & _MASK
        if acc == _MASK:
            return 1546275796
        return acc - 2**64 if acc >= 2**63 else acc
    return None


#: probes allowed per item (plus a constant) before :func:`set_order` gives up: real
#: sets need a handful; items chosen to share one hash need a number that grows with
#: the set (quadratic work, minutes in pure Python for a hostile pyc)
_PROBES_PER_ITEM = 64
_PROBES_BASE = 4096


def set_order(items: tuple[Any, ...]) -> Optional[list[Any]]:
    """Return ``items`` in the order a CPython set built by adding them iterates, or None
    (items whose hash is process-dependent, or so many colliding hashes that replaying
    the probing would take quadratic time)."""
    hashes = []
    for item in items:
        h = stable_hash(item)
        if h is None:
            return None
        hashes.append(h)
    mask = 7
    table: list[Optional[tuple[int, Any]]] = [None] * 8
    fill = 0
    budget = [_PROBES_BASE + _PROBES_PER_ITEM * len(items)]
    for item, h in zip(items, hashes):
        inserted = _insert(table, mask, item, h, check_equal=True, budget=budget)
        if inserted is None:
            return None
        if inserted:
            fill += 1
            if fill * 5 >= mask * 3:
                minused = fill * 4 if fill <= 50000 else fill * 2
                size = 8
                while size <= minused:
                    size <<= 1
                old = table
                mask = size - 1
                table = [None] * size
                for entry in old:
                    if entry is not None and _insert(
                        table, mask, entry[1], entry[0], check_equal=False, budget=budget
                    ) is None:
                        return None
    return [entry[1] for entry in table if entry is not None]


def _insert(
    table: list[Any], mask: int, item: Any, h: int, check_equal: bool, budget: list[int]
) -> Optional[bool]:
    """Insert like CPython's set probing; return False if an equal item was present,
    None when ``budget[0]`` (probe sequences left, decremented here) runs out."""
    uh = h & _MASK
    i = uh & mask
    perturb = uh
    while True:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        probes = _LINEAR_PROBES if i + _LINEAR_PROBES <= mask else 0
        j = i
        for _ in range(probes + 1):
            entry = table[j]
            if entry is None:
                table[j] = (h, item)
                return True
            if check_equal and entry[0] == h and entry[1] == item:
                return False
            j += 1
        perturb >>= _PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask
