"""Opcode table of Python 1.6: f(*args, **kw) calls.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v1_5 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'CALL_FUNCTION_VAR': (140, ''),
 'CALL_FUNCTION_KW': (141, ''),
 'CALL_FUNCTION_VAR_KW': (142, '')}
REMOVED: tuple[str, ...] = ()
OPS = derive(_base.OPS, ADDED, REMOVED)
