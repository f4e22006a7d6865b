"""Stack effects of CPython 3.11, fitted by tools/gen_stack_effects.py
to dis.stack_effect of 3.11.7 and verified on all 2125410 probed calls.

Do not edit: re-run the generator.  The format is described in __init__.py.
"""
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

VERSION = '3.11'
SOURCE = 'CPython 3.11.7 dis.stack_effect'
EXACT = True
API: dict[str, Any] = {'arg_check': True, 'jump': True, 'int_errors': 'c_int', 'type_errors': 'index'}
HAS_ARG = ((90, 2147483647),)
EFFECTS: dict[int, Any] = {
    -10: '-1',
    -9: '-1',
    -8: '-1',
    -7: '-1',
    -6: '0',
    -5: '0',
    -4: '0',
    -3: {None: '1', True: '1', False: '0'},
    -2: {None: '2', True: '2', False: '0'},
    -1: {None: '1', True: '1', False: '0'},
    0: '0',  # CACHE
    1: '-1',  # POP_TOP
    2: '1',  # PUSH_NULL
    9: '0',  # NOP
    10: '0',  # UNARY_POSITIVE
    11: '0',  # UNARY_NEGATIVE
    12: '0',  # UNARY_NOT
    15: '0',  # UNARY_INVERT
    25: '-1',  # BINARY_SUBSCR
    30: '1',  # GET_LEN
    31: '1',  # MATCH_MAPPING
    32: '1',  # MATCH_SEQUENCE
    33: '1',  # MATCH_KEYS
    35: '1',  # PUSH_EXC_INFO
    36: '0',  # CHECK_EXC_MATCH
    37: '0',  # CHECK_EG_MATCH
    49: '1',  # WITH_EXCEPT_START
    50: '0',  # GET_AITER
    51: '1',  # GET_ANEXT
    52: '1',  # BEFORE_ASYNC_WITH
    53: '1',  # BEFORE_WITH
    54: '-2',  # END_ASYNC_FOR
    60: '-3',  # STORE_SUBSCR
    61: '-2',  # DELETE_SUBSCR
    68: '0',  # GET_ITER
    69: '0',  # GET_YIELD_FROM_ITER
    70: '-1',  # PRINT_EXPR
    71: '1',  # LOAD_BUILD_CLASS
    74: '1',  # LOAD_ASSERTION_ERROR
    75: '0',  # RETURN_GENERATOR
    82: '0',  # LIST_TO_TUPLE
    83: '-1',  # RETURN_VALUE
    84: '-1',  # IMPORT_STAR
    85: '0',  # SETUP_ANNOTATIONS
    86: '0',  # YIELD_VALUE
    87: '0',  # ASYNC_GEN_WRAP
    88: '-1',  # PREP_RERAISE_STAR
    89: '-1',  # POP_EXCEPT
    90: '-1',  # STORE_NAME
    91: '0',  # DELETE_NAME
    92: 'oparg - 1',  # UNPACK_SEQUENCE
    93: {None: '1', True: '-1', False: '1'},  # FOR_ITER
    94: '(oparg >> 8) + (oparg & 0xFF)',  # UNPACK_EX
    95: '-2',  # STORE_ATTR
    96: '-1',  # DELETE_ATTR
    97: '-1',  # STORE_GLOBAL
    98: '0',  # DELETE_GLOBAL
    99: '0',  # SWAP
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
    114: '-1',  # POP_JUMP_FORWARD_IF_FALSE
    115: '-1',  # POP_JUMP_FORWARD_IF_TRUE
    116: '(oparg & 1) + 1',  # LOAD_GLOBAL
    117: '-1',  # IS_OP
    118: '-1',  # CONTAINS_OP
    119: '-1',  # RERAISE
    120: '1',  # COPY
    122: '-1',  # BINARY_OP
    123: {None: '0', True: '-1', False: '0'},  # SEND
    124: '1',  # LOAD_FAST
    125: '-1',  # STORE_FAST
    126: '0',  # DELETE_FAST
    128: '-1',  # POP_JUMP_FORWARD_IF_NOT_NONE
    129: '-1',  # POP_JUMP_FORWARD_IF_NONE
    130: '-oparg',  # RAISE_VARARGS
    131: '0',  # GET_AWAITABLE
    132: '-(oparg & 1) - ((oparg & 2) != 0) - ((oparg & 4) != 0) - ((oparg & 8) != 0)',  # MAKE_FUNCTION
    133: '-1 - (oparg == 3)',  # BUILD_SLICE
    134: '0',  # JUMP_BACKWARD_NO_INTERRUPT
    135: '0',  # MAKE_CELL
    136: '1',  # LOAD_CLOSURE
    137: '1',  # LOAD_DEREF
    138: '-1',  # STORE_DEREF
    139: '0',  # DELETE_DEREF
    140: '0',  # JUMP_BACKWARD
    142: '-2 - (oparg & 1)',  # CALL_FUNCTION_EX
    144: '0',  # EXTENDED_ARG
    145: '-1',  # LIST_APPEND
    146: '-1',  # SET_ADD
    147: '-2',  # MAP_ADD
    148: '1',  # LOAD_CLASSDEREF
    149: '0',  # COPY_FREE_VARS
    151: '0',  # RESUME
    152: '-2',  # MATCH_CLASS
    155: '-((oparg & 4) != 0)',  # FORMAT_VALUE
    156: '-oparg',  # BUILD_CONST_KEY_MAP
    157: '1 - oparg',  # BUILD_STRING
    160: '1',  # LOAD_METHOD
    162: '-1',  # LIST_EXTEND
    163: '-1',  # SET_UPDATE
    164: '-1',  # DICT_MERGE
    165: '-1',  # DICT_UPDATE
    166: '-oparg',  # PRECALL
    171: '-1',  # CALL
    172: '0',  # KW_NAMES
    173: '-1',  # POP_JUMP_BACKWARD_IF_NOT_NONE
    174: '-1',  # POP_JUMP_BACKWARD_IF_NONE
    175: '-1',  # POP_JUMP_BACKWARD_IF_FALSE
    176: '-1',  # POP_JUMP_BACKWARD_IF_TRUE
}
