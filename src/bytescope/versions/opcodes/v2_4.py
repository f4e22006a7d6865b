"""Opcode table of Python 2.4: NOP, LIST_APPEND.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v2_3 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'NOP': (9, ''), 'LIST_APPEND': (18, '')}
REMOVED: tuple[str, ...] = ()
OPS = derive(_base.OPS, ADDED, REMOVED)
