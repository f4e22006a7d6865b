"""Stack effects of CPython 3.4 (its ``dis.stack_effect``), derived from public sources.

Written from ``PyCompile_OpcodeStackEffect`` in ``Python/compile.c`` of 3.4
(read for its facts: which opcode has which effect) and ``Modules/_opcode.c``
(the argument checks, shared with 3.6, whose behaviour is verified against
its interpreter).  No 3.4 interpreter is here, so this table is not
exact-by-test.  3.4's effects are 3.3's with ``STORE_LOCALS`` gone and
``LOAD_CLASSDEREF`` added; ``NOP`` and ``EXTENDED_ARG`` have no effect
("invalid opcode or oparg"), as in 3.5-3.7.
"""

from __future__ import annotations

from typing import Any

from ._by_name import API_34, HAS_ARG_90, grouped, numbered

VERSION = "3.4"
SOURCE = "CPython 3.4 Python/compile.c PyCompile_OpcodeStackEffect (public source)"
EXACT = False
API: dict[str, Any] = API_34
HAS_ARG = HAS_ARG_90

#: compile.c's NARGS(oparg): positional count in the low byte, keyword pairs in the next.
NARGS = "((oparg % 256) + 2*((oparg / 256) % 256))"
#: annotations count of MAKE_FUNCTION/MAKE_CLOSURE
ANNOTATIONS = "((oparg >> 16) & 0xffff)"

BY_NAME: dict[str, str] = grouped(
    ("-1", ("POP_TOP", "SET_ADD", "LIST_APPEND", "BINARY_POWER", "BINARY_MULTIPLY",
            "BINARY_MODULO", "BINARY_ADD", "BINARY_SUBTRACT", "BINARY_SUBSCR",
            "BINARY_FLOOR_DIVIDE", "BINARY_TRUE_DIVIDE", "INPLACE_FLOOR_DIVIDE",
            "INPLACE_TRUE_DIVIDE", "INPLACE_ADD", "INPLACE_SUBTRACT", "INPLACE_MULTIPLY",
            "INPLACE_MODULO", "BINARY_LSHIFT", "BINARY_RSHIFT", "BINARY_AND", "BINARY_XOR",
            "BINARY_OR", "INPLACE_POWER", "PRINT_EXPR", "INPLACE_LSHIFT", "INPLACE_RSHIFT",
            "INPLACE_AND", "INPLACE_XOR", "INPLACE_OR", "WITH_CLEANUP", "RETURN_VALUE",
            "IMPORT_STAR", "YIELD_FROM", "END_FINALLY", "STORE_NAME", "DELETE_ATTR",
            "STORE_GLOBAL", "COMPARE_OP", "IMPORT_NAME", "POP_JUMP_IF_FALSE",
            "POP_JUMP_IF_TRUE", "STORE_FAST", "STORE_DEREF")),
    ("0", ("ROT_TWO", "ROT_THREE", "UNARY_POSITIVE", "UNARY_NEGATIVE", "UNARY_NOT",
           "UNARY_INVERT", "GET_ITER", "BREAK_LOOP", "YIELD_VALUE", "POP_BLOCK", "POP_EXCEPT",
           "DELETE_NAME", "DELETE_GLOBAL", "LOAD_ATTR", "JUMP_FORWARD", "JUMP_IF_TRUE_OR_POP",
           "JUMP_IF_FALSE_OR_POP", "JUMP_ABSOLUTE", "CONTINUE_LOOP", "SETUP_LOOP",
           "DELETE_FAST", "DELETE_DEREF")),
    ("1", ("DUP_TOP", "LOAD_BUILD_CLASS", "FOR_ITER", "LOAD_CONST", "LOAD_NAME", "BUILD_MAP",
           "IMPORT_FROM", "LOAD_GLOBAL", "LOAD_FAST", "LOAD_CLOSURE", "LOAD_DEREF",
           "LOAD_CLASSDEREF")),
    ("2", ("DUP_TOP_TWO",)),
    ("-2", ("MAP_ADD", "STORE_MAP", "DELETE_SUBSCR", "STORE_ATTR")),
    ("-3", ("STORE_SUBSCR",)),
    ("6", ("SETUP_EXCEPT", "SETUP_FINALLY")),
    ("7", ("SETUP_WITH",)),
    ("oparg - 1", ("UNPACK_SEQUENCE",)),
    ("(oparg & 0xFF) + (oparg >> 8)", ("UNPACK_EX",)),
    ("1 - oparg", ("BUILD_TUPLE", "BUILD_LIST", "BUILD_SET")),
    ("-oparg", ("RAISE_VARARGS",)),
    (f"-{NARGS}", ("CALL_FUNCTION",)),
    (f"-{NARGS} - 1", ("CALL_FUNCTION_VAR", "CALL_FUNCTION_KW")),
    (f"-{NARGS} - 2", ("CALL_FUNCTION_VAR_KW",)),
    (f"-1 - {NARGS} - {ANNOTATIONS}", ("MAKE_FUNCTION",)),
    (f"-2 - {NARGS} - {ANNOTATIONS}", ("MAKE_CLOSURE",)),
    ("-1 - (oparg == 3)", ("BUILD_SLICE",)),
)

EFFECTS: dict[int, Any] = numbered(VERSION, BY_NAME)
