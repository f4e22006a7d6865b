"""Opcode table of Python 3.0.

Hand-written from CPython's public Lib/dis.py / Lib/opcode.py of that release:
the changes from the previous line's table.
"""

from __future__ import annotations

from . import v2_6 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {'SET_ADD': (17, ''),
 'LIST_APPEND': (18, ''),
 'STORE_LOCALS': (69, ''),
 'LOAD_BUILD_CLASS': (71, ''),
 'MAKE_BYTES': (85, ''),
 'POP_EXCEPT': (89, ''),
 'UNPACK_EX': (94, ''),
 'BUILD_SET': (104, ''),
 'BUILD_MAP': (105, ''),
 'LOAD_ATTR': (106, 'name'),
 'COMPARE_OP': (107, 'compare'),
 'IMPORT_NAME': (108, 'name'),
 'IMPORT_FROM': (109, 'name')}
REMOVED: tuple[str, ...] = ('UNARY_CONVERT',
 'BINARY_DIVIDE',
 'INPLACE_DIVIDE',
 'SLICE+0',
 'SLICE+1',
 'SLICE+2',
 'SLICE+3',
 'STORE_SLICE+0',
 'STORE_SLICE+1',
 'STORE_SLICE+2',
 'STORE_SLICE+3',
 'DELETE_SLICE+0',
 'DELETE_SLICE+1',
 'DELETE_SLICE+2',
 'DELETE_SLICE+3',
 'PRINT_ITEM',
 'PRINT_NEWLINE',
 'PRINT_ITEM_TO',
 'PRINT_NEWLINE_TO',
 'LOAD_LOCALS',
 'EXEC_STMT',
 'BUILD_CLASS')
OPS = derive(_base.OPS, ADDED, REMOVED)
