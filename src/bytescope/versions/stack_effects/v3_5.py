"""Stack effects of CPython 3.5 (its ``dis.stack_effect``), derived from public sources.

Written from ``PyCompile_OpcodeStackEffect`` in ``Python/compile.c`` of 3.5
(read for its facts) as the changes from 3.4: matrix multiplication, the
``async``/``await`` opcodes, the unpacking generalisations of PEP 448
(``BUILD_*_UNPACK``; ``BUILD_MAP`` now pops ``2*oparg`` items), and
``WITH_CLEANUP`` split in two; ``STORE_MAP`` gone.  No 3.5 interpreter is
here, so this table is not exact-by-test; the 3.6 interpreter confirms every
effect 3.5 and 3.6 share.
"""

from __future__ import annotations

from typing import Any

from . import v3_4 as _base
from ._by_name import API_34, HAS_ARG_90, grouped, numbered

VERSION = "3.5"
SOURCE = "CPython 3.5 Python/compile.c PyCompile_OpcodeStackEffect (public source)"
EXACT = False
API: dict[str, Any] = API_34
HAS_ARG = HAS_ARG_90

BY_NAME: dict[str, str] = {
    name: form for name, form in _base.BY_NAME.items() if name not in ("STORE_MAP", "WITH_CLEANUP")
}
BY_NAME.update(grouped(
    ("-1", ("BINARY_MATRIX_MULTIPLY", "INPLACE_MATRIX_MULTIPLY", "WITH_CLEANUP_FINISH")),
    ("0", ("GET_AWAITABLE", "GET_AITER", "GET_YIELD_FROM_ITER")),
    ("1", ("WITH_CLEANUP_START", "BEFORE_ASYNC_WITH", "GET_ANEXT")),
    ("6", ("SETUP_ASYNC_WITH",)),
    ("1 - 2*oparg", ("BUILD_MAP",)),
    ("1 - oparg", ("BUILD_LIST_UNPACK", "BUILD_TUPLE_UNPACK", "BUILD_SET_UNPACK",
                   "BUILD_MAP_UNPACK")),
    ("1 - (oparg & 0xFF)", ("BUILD_MAP_UNPACK_WITH_CALL",)),
))

EFFECTS: dict[int, Any] = numbered(VERSION, BY_NAME)
