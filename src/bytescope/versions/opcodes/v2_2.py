"""Opcode table of Python 2.2: iterators, generators, floor/true division.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v2_1 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'BINARY_FLOOR_DIVIDE': (26, ''),
 'BINARY_TRUE_DIVIDE': (27, ''),
 'INPLACE_FLOOR_DIVIDE': (28, ''),
 'INPLACE_TRUE_DIVIDE': (29, ''),
 'GET_ITER': (68, ''),
 'YIELD_VALUE': (86, ''),
 'FOR_ITER': (93, 'jrel')}
REMOVED: tuple[str, ...] = ()
OPS = derive(_base.OPS, ADDED, REMOVED)
