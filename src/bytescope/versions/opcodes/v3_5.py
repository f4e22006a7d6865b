"""Opcode table of Python 3.5: async/await, matrix multiply, unpacking generalisations.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v3_4 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'BINARY_MATRIX_MULTIPLY': (16, ''),
 'INPLACE_MATRIX_MULTIPLY': (17, ''),
 'GET_AITER': (50, ''),
 'GET_ANEXT': (51, ''),
 'BEFORE_ASYNC_WITH': (52, ''),
 'GET_YIELD_FROM_ITER': (69, ''),
 'GET_AWAITABLE': (73, ''),
 'WITH_CLEANUP_START': (81, ''),
 'WITH_CLEANUP_FINISH': (82, ''),
 'BUILD_LIST_UNPACK': (149, ''),
 'BUILD_MAP_UNPACK': (150, ''),
 'BUILD_MAP_UNPACK_WITH_CALL': (151, ''),
 'BUILD_TUPLE_UNPACK': (152, ''),
 'BUILD_SET_UNPACK': (153, ''),
 'SETUP_ASYNC_WITH': (154, 'jrel')}
REMOVED: tuple[str, ...] = ('STORE_MAP', 'WITH_CLEANUP')
OPS = derive(_base.OPS, ADDED, REMOVED)
