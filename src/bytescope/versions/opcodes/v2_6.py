"""Opcode table of Python 2.6: STORE_MAP.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v2_5 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'STORE_MAP': (54, '')}
REMOVED: tuple[str, ...] = ()
OPS = derive(_base.OPS, ADDED, REMOVED)
