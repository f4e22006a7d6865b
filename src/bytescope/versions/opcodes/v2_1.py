"""Opcode table of Python 2.1: nested scopes (closures), continue in try.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v2_0 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'CONTINUE_LOOP': (119, 'jabs'),
 'MAKE_CLOSURE': (134, ''),
 'LOAD_CLOSURE': (135, 'free'),
 'LOAD_DEREF': (136, 'free'),
 'STORE_DEREF': (137, 'free')}
REMOVED: tuple[str, ...] = ()
OPS = derive(_base.OPS, ADDED, REMOVED)
