"""Opcode table of Python 3.2: DUP_TOP_TWO, DELETE_DEREF, SETUP_WITH.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v3_1 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'DUP_TOP_TWO': (5, ''),
 'DELETE_DEREF': (138, 'free'),
 'SETUP_WITH': (143, 'jrel'),
 'EXTENDED_ARG': (144, '')}
REMOVED: tuple[str, ...] = ('ROT_FOUR', 'DUP_TOPX')
OPS = derive(_base.OPS, ADDED, REMOVED)
