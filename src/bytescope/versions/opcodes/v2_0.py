"""Opcode table of Python 2.0: augmented assignment, print >>, import *, EXTENDED_ARG.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v1_6 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'ROT_FOUR': (5, ''),
 'INPLACE_ADD': (55, ''),
 'INPLACE_SUBTRACT': (56, ''),
 'INPLACE_MULTIPLY': (57, ''),
 'INPLACE_DIVIDE': (58, ''),
 'INPLACE_MODULO': (59, ''),
 'INPLACE_POWER': (67, ''),
 'PRINT_ITEM_TO': (73, ''),
 'PRINT_NEWLINE_TO': (74, ''),
 'INPLACE_LSHIFT': (75, ''),
 'INPLACE_RSHIFT': (76, ''),
 'INPLACE_AND': (77, ''),
 'INPLACE_XOR': (78, ''),
 'INPLACE_OR': (79, ''),
 'IMPORT_STAR': (84, ''),
 'UNPACK_SEQUENCE': (92, ''),
 'DUP_TOPX': (99, ''),
 'EXTENDED_ARG': (143, '')}
REMOVED: tuple[str, ...] = ('UNPACK_TUPLE', 'UNPACK_LIST')
OPS = derive(_base.OPS, ADDED, REMOVED)
