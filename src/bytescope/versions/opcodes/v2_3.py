"""Opcode table of Python 2.3: SET_LINENO and FOR_LOOP gone (line numbers from co_lnotab only).

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v2_2 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {}
REMOVED: tuple[str, ...] = ('SET_LINENO', 'FOR_LOOP')
OPS = derive(_base.OPS, ADDED, REMOVED)
