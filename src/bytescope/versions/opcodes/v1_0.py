"""Opcode table of Python 1.0: 1.1's (= 1.3's) without ``LOAD_GLOBALS``.

Hand-written data (sources as in :mod:`.v1_4`).
"""

from __future__ import annotations

from . import v1_3 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {}
REMOVED: tuple[str, ...] = ("LOAD_GLOBALS",)
OPS = derive(_base.OPS, ADDED, REMOVED)
