"""Stack effects of CPython 3.9, fitted by tools/gen_stack_effects.py
to dis.stack_effect of 3.9.18 and verified on all 2125410 probed calls.

Do not edit: re-run the generator.  The format is described in __init__.py.
"""
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

VERSION = '3.9'
SOURCE = 'CPython 3.9.18 dis.stack_effect'
EXACT = True
API: dict[str, Any] = {'arg_check': True, 'jump': True, 'int_errors': 'c_int', 'type_errors': 'int'}
HAS_ARG = ((90, 2147483647),)
EFFECTS: dict[int, Any] = {
    1: '-1',  # POP_TOP
    2: '0',  # ROT_TWO
    3: '0',  # ROT_THREE
    4: '1',  # DUP_TOP
    5: '2',  # DUP_TOP_TWO
    6: '0',  # ROT_FOUR
    9: '0',  # NOP
    10: '0',  # UNARY_POSITIVE
    11: '0',  # UNARY_NEGATIVE
    12: '0',  # UNARY_NOT
    15: '0',  # UNARY_INVERT
    16: '-1',  # BINARY_MATRIX_MULTIPLY
    17: '-1',  # INPLACE_MATRIX_MULTIPLY
    19: '-1',  # BINARY_POWER
    20: '-1',  # BINARY_MULTIPLY
    22: '-1',  # BINARY_MODULO
    23: '-1',  # BINARY_ADD
    24: '-1',  # BINARY_SUBTRACT
    25: '-1',  # BINARY_SUBSCR
    26: '-1',  # BINARY_FLOOR_DIVIDE
    27: '-1',  # BINARY_TRUE_DIVIDE
    28: '-1',  # INPLACE_FLOOR_DIVIDE
    29: '-1',  # INPLACE_TRUE_DIVIDE
    48: '-3',  # RERAISE
    49: '1',  # WITH_EXCEPT_START
    50: '0',  # GET_AITER
    51: '1',  # GET_ANEXT
    52: '1',  # BEFORE_ASYNC_WITH
    54: '-7',  # END_ASYNC_FOR
    55: '-1',  # INPLACE_ADD
    56: '-1',  # INPLACE_SUBTRACT
    57: '-1',  # INPLACE_MULTIPLY
    59: '-1',  # INPLACE_MODULO
    60: '-3',  # STORE_SUBSCR
    61: '-2',  # DELETE_SUBSCR
    62: '-1',  # BINARY_LSHIFT
    63: '-1',  # BINARY_RSHIFT
    64: '-1',  # BINARY_AND
    65: '-1',  # BINARY_XOR
    66: '-1',  # BINARY_OR
    67: '-1',  # INPLACE_POWER
    68: '0',  # GET_ITER
    69: '0',  # GET_YIELD_FROM_ITER
    70: '-1',  # PRINT_EXPR
    71: '1',  # LOAD_BUILD_CLASS
    72: '-1',  # YIELD_FROM
    73: '0',  # GET_AWAITABLE
    74: '1',  # LOAD_ASSERTION_ERROR
    75: '-1',  # INPLACE_LSHIFT
    76: '-1',  # INPLACE_RSHIFT
    77: '-1',  # INPLACE_AND
    78: '-1',  # INPLACE_XOR
    79: '-1',  # INPLACE_OR
    82: '0',  # LIST_TO_TUPLE
    83: '-1',  # RETURN_VALUE
    84: '-1',  # IMPORT_STAR
    85: '0',  # SETUP_ANNOTATIONS
    86: '0',  # YIELD_VALUE
    87: '0',  # POP_BLOCK
    89: '-3',  # POP_EXCEPT
    90: '-1',  # STORE_NAME
    91: '0',  # DELETE_NAME
    92: 'oparg - 1',  # UNPACK_SEQUENCE
    93: {None: '1', True: '-1', False: '1'},  # FOR_ITER
    94: '(oparg >> 8) + (oparg & 0xFF)',  # UNPACK_EX
    95: '-2',  # STORE_ATTR
    96: '-1',  # DELETE_ATTR
    97: '-1',  # STORE_GLOBAL
    98: '0',  # DELETE_GLOBAL
    100: '1',  # LOAD_CONST
    101: '1',  # LOAD_NAME
    102: '1 - oparg',  # BUILD_TUPLE
    103: '1 - oparg',  # BUILD_LIST
    104: '1 - oparg',  # BUILD_SET
    105: '1 - 2*oparg',  # BUILD_MAP
    106: '0',  # LOAD_ATTR
    107: '-1',  # COMPARE_OP
    108: '-1',  # IMPORT_NAME
    109: '1',  # IMPORT_FROM
    110: '0',  # JUMP_FORWARD
    111: {None: '0', True: '0', False: '-1'},  # JUMP_IF_FALSE_OR_POP
    112: {None: '0', True: '0', False: '-1'},  # JUMP_IF_TRUE_OR_POP
    113: '0',  # JUMP_ABSOLUTE
    114: '-1',  # POP_JUMP_IF_FALSE
    115: '-1',  # POP_JUMP_IF_TRUE
    116: '1',  # LOAD_GLOBAL
    117: '-1',  # IS_OP
    118: '-1',  # CONTAINS_OP
    121: '-2',  # JUMP_IF_NOT_EXC_MATCH
    122: {None: '6', True: '6', False: '0'},  # SETUP_FINALLY
    124: '1',  # LOAD_FAST
    125: '-1',  # STORE_FAST
    126: '0',  # DELETE_FAST
    130: '-oparg',  # RAISE_VARARGS
    131: '-oparg',  # CALL_FUNCTION
    132: '-1 - (oparg & 1) - ((oparg & 2) != 0) - ((oparg & 4) != 0) - ((oparg & 8) != 0)',  # MAKE_FUNCTION
    133: '-1 - (oparg == 3)',  # BUILD_SLICE
    135: '1',  # LOAD_CLOSURE
    136: '1',  # LOAD_DEREF
    137: '-1',  # STORE_DEREF
    138: '0',  # DELETE_DEREF
    141: '-1 - oparg',  # CALL_FUNCTION_KW
    142: '-1 - (oparg & 1)',  # CALL_FUNCTION_EX
    143: {None: '6', True: '6', False: '1'},  # SETUP_WITH
    144: '0',  # EXTENDED_ARG
    145: '-1',  # LIST_APPEND
    146: '-1',  # SET_ADD
    147: '-2',  # MAP_ADD
    148: '1',  # LOAD_CLASSDEREF
    154: {None: '5', True: '5', False: '0'},  # SETUP_ASYNC_WITH
    155: '-((oparg & 4) != 0)',  # FORMAT_VALUE
    156: '-oparg',  # BUILD_CONST_KEY_MAP
    157: '1 - oparg',  # BUILD_STRING
    160: '1',  # LOAD_METHOD
    161: '-1 - oparg',  # CALL_METHOD
    162: '-1',  # LIST_EXTEND
    163: '-1',  # SET_UPDATE
    164: '-1',  # DICT_MERGE
    165: '-1',  # DICT_UPDATE
}
