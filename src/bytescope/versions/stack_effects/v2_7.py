"""Stack effects of CPython 2.7, the nearest form (2.7's ``dis`` has no ``stack_effect``).

Written from ``opcode_stack_effect`` in ``Python/compile.c`` of 2.7 (read for
its facts), which the compiler uses to size the stack (``co_stacksize``); the
argument rules are those ``dis.stack_effect`` got in 3.4 (an oparg required
from ``HAVE_ARGUMENT`` up, none allowed below; no ``jump``).  Where compile.c
stops with a fatal error (``STOP_CODE``, ``NOP``, ``EXTENDED_ARG``: the
compiler never emits them) the effect is invalid, as 3.4+ report it.
Effects depending on the path taken (``FOR_ITER``, ``SETUP_EXCEPT`` ...)
are the values compile.c uses for the fall-through path.
"""

from __future__ import annotations

from typing import Any

from ._by_name import API_34, HAS_ARG_90, grouped, numbered

VERSION = "2.7"
SOURCE = "CPython 2.7 Python/compile.c opcode_stack_effect (public source)"
EXACT = False
API: dict[str, Any] = API_34
HAS_ARG = HAS_ARG_90

#: 2.7's NARGS(oparg): positional count in the low byte, keyword pairs above it.
NARGS = "((oparg % 256) + 2*(oparg / 256))"

BY_NAME: dict[str, str] = grouped(
    ("-1", ("POP_TOP", "SET_ADD", "LIST_APPEND", "BINARY_POWER", "BINARY_MULTIPLY",
            "BINARY_DIVIDE", "BINARY_MODULO", "BINARY_ADD", "BINARY_SUBTRACT", "BINARY_SUBSCR",
            "BINARY_FLOOR_DIVIDE", "BINARY_TRUE_DIVIDE", "INPLACE_FLOOR_DIVIDE",
            "INPLACE_TRUE_DIVIDE", "SLICE+1", "SLICE+2", "DELETE_SLICE+0", "INPLACE_ADD",
            "INPLACE_SUBTRACT", "INPLACE_MULTIPLY", "INPLACE_DIVIDE", "INPLACE_MODULO",
            "BINARY_LSHIFT", "BINARY_RSHIFT", "BINARY_AND", "BINARY_XOR", "BINARY_OR",
            "INPLACE_POWER", "PRINT_EXPR", "PRINT_ITEM", "PRINT_NEWLINE_TO", "INPLACE_LSHIFT",
            "INPLACE_RSHIFT", "INPLACE_AND", "INPLACE_XOR", "INPLACE_OR", "WITH_CLEANUP",
            "RETURN_VALUE", "IMPORT_STAR", "STORE_NAME", "DELETE_ATTR", "STORE_GLOBAL",
            "COMPARE_OP", "IMPORT_NAME", "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "STORE_FAST",
            "STORE_DEREF")),
    ("0", ("ROT_TWO", "ROT_THREE", "ROT_FOUR", "UNARY_POSITIVE", "UNARY_NEGATIVE", "UNARY_NOT",
           "UNARY_CONVERT", "UNARY_INVERT", "SLICE+0", "GET_ITER", "PRINT_NEWLINE", "BREAK_LOOP",
           "YIELD_VALUE", "POP_BLOCK", "DELETE_NAME", "DELETE_GLOBAL", "LOAD_ATTR",
           "JUMP_FORWARD", "JUMP_IF_TRUE_OR_POP", "JUMP_IF_FALSE_OR_POP", "JUMP_ABSOLUTE",
           "CONTINUE_LOOP", "SETUP_LOOP", "SETUP_EXCEPT", "SETUP_FINALLY", "DELETE_FAST")),
    ("1", ("DUP_TOP", "LOAD_LOCALS", "FOR_ITER", "LOAD_CONST", "LOAD_NAME", "BUILD_MAP",
           "IMPORT_FROM", "LOAD_GLOBAL", "LOAD_FAST", "LOAD_CLOSURE", "LOAD_DEREF")),
    ("-2", ("MAP_ADD", "SLICE+3", "STORE_SLICE+0", "DELETE_SLICE+1", "DELETE_SLICE+2",
            "STORE_MAP", "DELETE_SUBSCR", "PRINT_ITEM_TO", "BUILD_CLASS", "STORE_ATTR")),
    ("-3", ("STORE_SLICE+1", "STORE_SLICE+2", "DELETE_SLICE+3", "STORE_SUBSCR", "EXEC_STMT",
            "END_FINALLY")),
    ("-4", ("STORE_SLICE+3",)),
    ("4", ("SETUP_WITH",)),
    ("oparg - 1", ("UNPACK_SEQUENCE",)),
    ("oparg", ("DUP_TOPX",)),
    ("1 - oparg", ("BUILD_TUPLE", "BUILD_LIST", "BUILD_SET")),
    ("-oparg", ("RAISE_VARARGS", "MAKE_FUNCTION")),
    (f"-{NARGS}", ("CALL_FUNCTION",)),
    (f"-{NARGS} - 1", ("CALL_FUNCTION_VAR", "CALL_FUNCTION_KW")),
    (f"-{NARGS} - 2", ("CALL_FUNCTION_VAR_KW",)),
    ("-1 - (oparg == 3)", ("BUILD_SLICE",)),
    ("-oparg - 1", ("MAKE_CLOSURE",)),
)

EFFECTS: dict[int, Any] = numbered(VERSION, BY_NAME)
