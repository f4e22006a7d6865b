"""Opcode table of Python 3.3: YIELD_FROM; STOP_CODE gone.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v3_2 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'YIELD_FROM': (72, '')}
REMOVED: tuple[str, ...] = ('STOP_CODE',)
OPS = derive(_base.OPS, ADDED, REMOVED)
