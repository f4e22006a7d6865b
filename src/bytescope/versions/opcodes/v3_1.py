"""Opcode table of Python 3.1: POP_JUMP_IF_*, comprehension appends renumbered.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v3_0 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'JUMP_IF_FALSE_OR_POP': (111, 'jabs'),
 'JUMP_IF_TRUE_OR_POP': (112, 'jabs'),
 'POP_JUMP_IF_FALSE': (114, 'jabs'),
 'POP_JUMP_IF_TRUE': (115, 'jabs'),
 'LIST_APPEND': (145, ''),
 'SET_ADD': (146, ''),
 'MAP_ADD': (147, '')}
REMOVED: tuple[str, ...] = ('JUMP_IF_FALSE', 'JUMP_IF_TRUE', 'MAKE_BYTES')
OPS = derive(_base.OPS, ADDED, REMOVED)
