"""Opcode table of Python 1.1 - 1.3: 1.4's without ``BINARY_POWER`` (``**`` came
in 1.4), with ``LOAD_GLOBALS``.

1.0 - 1.2 code objects have no ``co_varnames``: the fast locals are named by the
``co_consts`` entry ``RESERVE_FAST`` loads (see ``bytecode.resolve.fast_local_names``).

Hand-written data (sources as in :mod:`.v1_4`).
"""

from __future__ import annotations

from . import v1_4 as _base
from ._old_base import CMP_OP, derive

HAVE_ARGUMENT = 90
CMP_OP = CMP_OP
ADDED: dict[str, tuple[int, str]] = {"LOAD_GLOBALS": (84, "")}
REMOVED: tuple[str, ...] = ("BINARY_POWER",)
OPS = derive(_base.OPS, ADDED, REMOVED)
