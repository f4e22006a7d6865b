"""Opcode table of Python 3.4: LOAD_CLASSDEREF; STORE_LOCALS gone.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v3_3 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'LOAD_CLASSDEREF': (148, 'free')}
REMOVED: tuple[str, ...] = ('STORE_LOCALS',)
OPS = derive(_base.OPS, ADDED, REMOVED)
