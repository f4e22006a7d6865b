"""Stack effects of CPython 3.3, the nearest form (3.3's ``dis`` has no ``stack_effect``).

Written from ``opcode_stack_effect`` in ``Python/compile.c`` of 3.3 (read for
its facts): 3.4's table (see v3_4.py) with ``STORE_LOCALS`` (-1) in place of
``LOAD_CLASSDEREF``.  The argument rules are those ``dis.stack_effect`` got in
3.4.  Where compile.c stops with a fatal error (``NOP``, ``EXTENDED_ARG``)
the effect is invalid, as 3.4+ report it.
"""

from __future__ import annotations

from typing import Any

from . import v3_4 as _next
from ._by_name import API_34, HAS_ARG_90, numbered

VERSION = "3.3"
SOURCE = "CPython 3.3 Python/compile.c opcode_stack_effect (public source)"
EXACT = False
API: dict[str, Any] = API_34
HAS_ARG = HAS_ARG_90

BY_NAME: dict[str, str] = {
    name: form for name, form in _next.BY_NAME.items() if name != "LOAD_CLASSDEREF"
}
BY_NAME["STORE_LOCALS"] = "-1"

EFFECTS: dict[int, Any] = numbered(VERSION, BY_NAME)
