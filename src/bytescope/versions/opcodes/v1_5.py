"""Opcode table of Python 1.5.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import _old_base as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {}
REMOVED: tuple[str, ...] = ()
OPS = derive(_base.PY15, ADDED, REMOVED)
