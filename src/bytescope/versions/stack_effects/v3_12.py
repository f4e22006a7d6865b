"""Stack effects of CPython 3.12, fitted by tools/gen_stack_effects.py
to dis.stack_effect of 3.12.1 and verified on all 2195172 probed calls.

Do not edit: re-run the generator.  The format is described in __init__.py.
"""
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

VERSION = '3.12'
SOURCE = 'CPython 3.12.1 dis.stack_effect'
EXACT = True
API: dict[str, Any] = {'arg_check': True, 'jump': True, 'int_errors': 'c_int', 'type_errors': 'index'}
HAS_ARG = ((90, 255), (260, 2147483647))
EFFECTS: dict[int, Any] = {
    0: '0',  # CACHE
    1: '-1',  # POP_TOP
    2: '1',  # PUSH_NULL
    3: '-1',  # INTERPRETER_EXIT
    4: '-2',  # END_FOR
    5: '-1',  # END_SEND
    9: '0',  # NOP
    11: '0',  # UNARY_NEGATIVE
    12: '0',  # UNARY_NOT
    15: '0',  # UNARY_INVERT
    17: '0',  # RESERVED
    25: '-1',  # BINARY_SUBSCR
    26: '-2',  # BINARY_SLICE
    27: '-4',  # STORE_SLICE
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
    55: '-1',  # CLEANUP_THROW
    60: '-3',  # STORE_SUBSCR
    61: '-2',  # DELETE_SUBSCR
    68: '0',  # GET_ITER
    69: '0',  # GET_YIELD_FROM_ITER
    71: '1',  # LOAD_BUILD_CLASS
    74: '1',  # LOAD_ASSERTION_ERROR
    75: '0',  # RETURN_GENERATOR
    83: '-1',  # RETURN_VALUE
    85: '0',  # SETUP_ANNOTATIONS
    87: '1',  # LOAD_LOCALS
    89: '-1',  # POP_EXCEPT
    90: '-1',  # STORE_NAME
    91: '0',  # DELETE_NAME
    92: ('oparg - 1', 'oparg'),  # UNPACK_SEQUENCE
    93: '1',  # FOR_ITER
    94: ('(oparg >> 8) + (oparg & 0xFF)', '(oparg >> 8) + (oparg & 0xFF) + 1'),  # UNPACK_EX
    95: '-2',  # STORE_ATTR
    96: '-1',  # DELETE_ATTR
    97: '-1',  # STORE_GLOBAL
    98: '0',  # DELETE_GLOBAL
    99: ('0', 'oparg', 'oparg'),  # SWAP
    100: '1',  # LOAD_CONST
    101: '1',  # LOAD_NAME
    102: ('1 - oparg', 'oparg'),  # BUILD_TUPLE
    103: ('1 - oparg', 'oparg'),  # BUILD_LIST
    104: ('1 - oparg', 'oparg'),  # BUILD_SET
    105: ('1 - 2*oparg', '2*oparg'),  # BUILD_MAP
    106: '(oparg & 1)',  # LOAD_ATTR
    107: '-1',  # COMPARE_OP
    108: '-1',  # IMPORT_NAME
    109: '1',  # IMPORT_FROM
    110: '0',  # JUMP_FORWARD
    114: '-1',  # POP_JUMP_IF_FALSE
    115: '-1',  # POP_JUMP_IF_TRUE
    116: '(oparg & 1) + 1',  # LOAD_GLOBAL
    117: '-1',  # IS_OP
    118: '-1',  # CONTAINS_OP
    119: ('-1', 'oparg', 'oparg + 1'),  # RERAISE
    120: ('1', 'oparg + 1', 'oparg'),  # COPY
    121: '0',  # RETURN_CONST
    122: '-1',  # BINARY_OP
    123: '0',  # SEND
    124: '1',  # LOAD_FAST
    125: '-1',  # STORE_FAST
    126: '0',  # DELETE_FAST
    127: '1',  # LOAD_FAST_CHECK
    128: '-1',  # POP_JUMP_IF_NOT_NONE
    129: '-1',  # POP_JUMP_IF_NONE
    130: ('-oparg', 'oparg'),  # RAISE_VARARGS
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
    141: '(oparg & 1) - 2',  # LOAD_SUPER_ATTR
    142: '-2 - (oparg & 1)',  # CALL_FUNCTION_EX
    143: '1',  # LOAD_FAST_AND_CLEAR
    144: '0',  # EXTENDED_ARG
    145: ('-1', 'oparg', 'oparg + 1'),  # LIST_APPEND
    146: ('-1', 'oparg', 'oparg + 1'),  # SET_ADD
    147: '-2',  # MAP_ADD
    149: '0',  # COPY_FREE_VARS
    150: '0',  # YIELD_VALUE
    151: '0',  # RESUME
    152: '-2',  # MATCH_CLASS
    155: '-((oparg & 4) != 0)',  # FORMAT_VALUE
    156: ('-oparg', 'oparg + 1'),  # BUILD_CONST_KEY_MAP
    157: ('1 - oparg', 'oparg'),  # BUILD_STRING
    162: ('-1', 'oparg', 'oparg + 1'),  # LIST_EXTEND
    163: ('-1', 'oparg', 'oparg + 1'),  # SET_UPDATE
    164: '-1',  # DICT_MERGE
    165: '-1',  # DICT_UPDATE
    171: ('-1 - oparg', 'oparg + 2'),  # CALL
    172: '0',  # KW_NAMES
    173: '0',  # CALL_INTRINSIC_1
    174: '-1',  # CALL_INTRINSIC_2
    175: '0',  # LOAD_FROM_DICT_OR_GLOBALS
    176: '0',  # LOAD_FROM_DICT_OR_DEREF
    237: '(oparg & 1) - 2',  # INSTRUMENTED_LOAD_SUPER_ATTR
    238: '0',  # INSTRUMENTED_POP_JUMP_IF_NONE
    239: '0',  # INSTRUMENTED_POP_JUMP_IF_NOT_NONE
    240: '0',  # INSTRUMENTED_RESUME
    241: '0',  # INSTRUMENTED_CALL
    242: '-1',  # INSTRUMENTED_RETURN_VALUE
    243: '0',  # INSTRUMENTED_YIELD_VALUE
    244: '0',  # INSTRUMENTED_CALL_FUNCTION_EX
    245: '0',  # INSTRUMENTED_JUMP_FORWARD
    246: '0',  # INSTRUMENTED_JUMP_BACKWARD
    247: '0',  # INSTRUMENTED_RETURN_CONST
    248: '0',  # INSTRUMENTED_FOR_ITER
    249: '0',  # INSTRUMENTED_POP_JUMP_IF_FALSE
    250: '0',  # INSTRUMENTED_POP_JUMP_IF_TRUE
    251: '-2',  # INSTRUMENTED_END_FOR
    252: '-1',  # INSTRUMENTED_END_SEND
    253: '0',  # INSTRUMENTED_INSTRUCTION
    256: {None: '1', True: '1', False: '0'},  # SETUP_FINALLY
    257: {None: '2', True: '2', False: '0'},  # SETUP_CLEANUP
    258: {None: '1', True: '1', False: '0'},  # SETUP_WITH
    259: '0',  # POP_BLOCK
    260: '0',  # JUMP
    261: '0',  # JUMP_NO_INTERRUPT
    262: '1',  # LOAD_METHOD
    263: '-1',  # LOAD_SUPER_METHOD
    264: '-1',  # LOAD_ZERO_SUPER_METHOD
    265: '-1',  # LOAD_ZERO_SUPER_ATTR
    266: '-1',  # STORE_FAST_MAYBE_NULL
}
