"""Opcode table of Python 1.4.

Hand-written data: the changes from 1.5's table.  1.4 still has the
instructions of 1.0-1.2's calling convention (``BINARY_CALL``,
``BUILD_FUNCTION``, ``SET_FUNC_ARGS`` ...), which 1.5 removed, and the
``access`` statement's ``ACCESS_MODE``.  Sources: the numbers of an
``Include/opcode.h`` of 1995 and xdis' ``opcodes/opcode_1x/opcode_14.py``,
checked against the 1.0-1.4 pycs of the uncompyle6 and xdis test corpora
(every opcode they use is in their line's table).
"""

from __future__ import annotations

from . import _old_base as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {
    "UNARY_CALL": (14, ""),
    "BINARY_CALL": (26, ""),
    "RAISE_EXCEPTION": (81, ""),
    "BUILD_FUNCTION": (86, ""),
    "UNPACK_ARG": (94, ""),
    "UNPACK_VARARG": (99, ""),
    "ACCESS_MODE": (109, "name"),
    "LOAD_LOCAL": (115, "name"),
    "SET_FUNC_ARGS": (117, ""),
    # co_consts index of the locals' name -> slot map (1.0-1.2 code has no co_varnames)
    "RESERVE_FAST": (123, "const"),
}
REMOVED: tuple[str, ...] = ()
OPS = derive(_base.PY15, ADDED, REMOVED)
