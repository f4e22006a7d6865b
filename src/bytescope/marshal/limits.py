"""The reader's limits: nesting depth, expanded size, and the allocation budget's estimates.

The checked reader and the fast reader charge the same amounts, so that the
fast path gives up exactly where the checked reader raises
:class:`~bytescope.errors.LimitExceeded`.
"""

from __future__ import annotations

import sys
from typing import Any

#: CPython's own limit (MAX_MARSHAL_STACK_DEPTH); no real pyc nests deeper.
MAX_DEPTH = 2000
#: Expanded-size budget: nodes the object graph may stand for when every
#: reference is counted as a copy of its target.
EXPANSION_FLOOR = 2_000_000
EXPANSION_PER_BYTE = 32
#: Allocation budget, in estimated bytes of host memory, for the objects one
#: read creates: a floor plus so much per input byte.  Every object the reader
#: makes (not a shared one: None, (), the empty frozenset, a reference) is
#: charged an estimate of its size (``COST_*`` below) before the next one is
#: read, so that cheap-to-encode objects (a 2-byte empty dict costs 64 bytes)
#: cannot make memory grow past a multiple of the file size.  Real pycs cost
#: about 2-4 estimated bytes per input byte (whole-stdlib corpora, a generated
#: 20 MB module); 8 leaves a margin while keeping the peak under 10 x size + 20 MB.
ALLOC_FLOOR = 16_000_000
ALLOC_PER_BYTE = 8
#: Per-object estimates (64-bit CPython): a str header, a bytes header, an
#: int, a rare scalar (float, complex, long: plus its byte length), a code
#: object (the ``Code`` instance, its attribute dict and field tuple).
COST_STR = 56
COST_BYTES = 40
COST_INT = 32
COST_RARE = 64
COST_CODE = 800
#: Containers: (fixed cost, cost per item) by type code.  A tuple's items sit
#: in a list and in the tuple at once while it is made; a set keeps a hash
#: table, an order tuple and a list; a dict item is charged per key and per value.
CONTAINER_COST: dict[int, tuple[int, int]] = {
    0x28: (48, 16),  # ( tuple
    0x29: (48, 16),  # ) small tuple
    0x5B: (64, 9),  # [ list
    0x3C: (600, 64),  # < set
    0x3E: (280, 64),  # > frozenset
    0x7B: (64, 72),  # { dict
    0x7D: (128, 72),  # } frozendict
    0x3A: (56, 8),  # : slice
}
#: What an empty counted container costs: (), and the empty frozenset are shared.
EMPTY_COST: dict[int, int] = {0x28: 0, 0x29: 0, 0x3E: 0, 0x5B: 64, 0x3C: 600}


def alloc_budget(size: int) -> int:
    """Return the allocation budget (estimated bytes) for reading ``size`` input bytes."""
    return ALLOC_FLOOR + ALLOC_PER_BYTE * size


def scalar_cost(code: int, value: Any, nbytes: int, py2: bool) -> int:
    """Return the estimated memory cost of a non-container object of ``nbytes`` bytes.

    Shared objects (None, True, (), the empty frozenset, a reference's target)
    cost nothing; the fast path in :mod:`._fast` charges the same amounts.
    """
    if code == 0x7A or code == 0x5A:  # z Z
        return COST_STR + nbytes - 2
    if code == 0x61 or code == 0x41:  # a A
        return COST_STR + nbytes - 5
    if code == 0x73 or (code == 0x74 and py2):  # s, Python 2 t
        return COST_BYTES + nbytes - 5
    if code == 0x74 or code == 0x75:  # t u: UTF-8 may widen to 4 bytes a character
        return sys.getsizeof(value)
    if code == 0x69:  # i
        return COST_INT
    if code in _RARE_CODES:
        return COST_RARE + nbytes
    return EMPTY_COST.get(code, 0)


_RARE_CODES = frozenset(b"gylIfx")
