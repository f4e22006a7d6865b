"""Stack effects of CPython 3.13, fitted by tools/gen_stack_effects.py
to dis.stack_effect of 3.13.0 and verified on all 2201514 probed calls.

Do not edit: re-run the generator.  The format is described in __init__.py.
"""
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

VERSION = '3.13'
SOURCE = 'CPython 3.13.0 dis.stack_effect'
EXACT = True
API: dict[str, Any] = {'arg_check': False, 'jump': True, 'int_errors': 'c_int', 'type_errors': 'index'}
HAS_ARG = ()
EFFECTS: dict[int, Any] = {
    0: '0',  # CACHE
    1: '1',  # BEFORE_ASYNC_WITH
    2: '1',  # BEFORE_WITH
    4: '-2',  # BINARY_SLICE
    5: '-1',  # BINARY_SUBSCR
    6: '0',  # CHECK_EG_MATCH
    7: '0',  # CHECK_EXC_MATCH
    8: '-1',  # CLEANUP_THROW
    9: '-2',  # DELETE_SUBSCR
    10: '-2',  # END_ASYNC_FOR
    11: '-1',  # END_FOR
    12: '-1',  # END_SEND
    13: '-1',  # EXIT_INIT_CHECK
    14: '0',  # FORMAT_SIMPLE
    15: '-1',  # FORMAT_WITH_SPEC
    16: '0',  # GET_AITER
    17: '0',  # RESERVED
    18: '1',  # GET_ANEXT
    19: '0',  # GET_ITER
    20: '1',  # GET_LEN
    21: '0',  # GET_YIELD_FROM_ITER
    22: '-1',  # INTERPRETER_EXIT
    23: '1',  # LOAD_ASSERTION_ERROR
    24: '1',  # LOAD_BUILD_CLASS
    25: '1',  # LOAD_LOCALS
    26: '0',  # MAKE_FUNCTION
    27: '1',  # MATCH_KEYS
    28: '1',  # MATCH_MAPPING
    29: '1',  # MATCH_SEQUENCE
    30: '0',  # NOP
    31: '-1',  # POP_EXCEPT
    32: '-1',  # POP_TOP
    33: '1',  # PUSH_EXC_INFO
    34: '1',  # PUSH_NULL
    35: '1',  # RETURN_GENERATOR
    36: '-1',  # RETURN_VALUE
    37: '0',  # SETUP_ANNOTATIONS
    38: '-4',  # STORE_SLICE
    39: '-3',  # STORE_SUBSCR
    40: '0',  # TO_BOOL
    41: '0',  # UNARY_INVERT
    42: '0',  # UNARY_NEGATIVE
    43: '0',  # UNARY_NOT
    44: '1',  # WITH_EXCEPT_START
    45: '-1',  # BINARY_OP
    46: ('-oparg', 'oparg + 1'),  # BUILD_CONST_KEY_MAP
    47: ('1 - oparg', 'oparg'),  # BUILD_LIST
    48: ('1 - 2*oparg', '2*oparg'),  # BUILD_MAP
    49: ('1 - oparg', 'oparg'),  # BUILD_SET
    50: '-1 - (oparg == 3)',  # BUILD_SLICE
    51: ('1 - oparg', 'oparg'),  # BUILD_STRING
    52: ('1 - oparg', 'oparg'),  # BUILD_TUPLE
    53: ('-1 - oparg', 'oparg + 2'),  # CALL
    54: '-2 - (oparg & 1)',  # CALL_FUNCTION_EX
    55: '0',  # CALL_INTRINSIC_1
    56: '-1',  # CALL_INTRINSIC_2
    57: ('-2 - oparg', 'oparg + 3'),  # CALL_KW
    58: '-1',  # COMPARE_OP
    59: '-1',  # CONTAINS_OP
    60: '0',  # CONVERT_VALUE
    61: ('1', 'oparg + 1', 'oparg'),  # COPY
    62: '0',  # COPY_FREE_VARS
    63: '-1',  # DELETE_ATTR
    64: '0',  # DELETE_DEREF
    65: '0',  # DELETE_FAST
    66: '0',  # DELETE_GLOBAL
    67: '0',  # DELETE_NAME
    68: ('-1', 'oparg + 3', 'oparg + 4'),  # DICT_MERGE
    69: ('-1', 'oparg', 'oparg + 1'),  # DICT_UPDATE
    70: '0',  # ENTER_EXECUTOR
    71: '0',  # EXTENDED_ARG
    72: '1',  # FOR_ITER
    73: '0',  # GET_AWAITABLE
    74: '1',  # IMPORT_FROM
    75: '-1',  # IMPORT_NAME
    76: '-1',  # IS_OP
    77: '0',  # JUMP_BACKWARD
    78: '0',  # JUMP_BACKWARD_NO_INTERRUPT
    79: '0',  # JUMP_FORWARD
    80: ('-1', 'oparg', 'oparg + 1'),  # LIST_APPEND
    81: ('-1', 'oparg', 'oparg + 1'),  # LIST_EXTEND
    82: '(oparg & 1)',  # LOAD_ATTR
    83: '1',  # LOAD_CONST
    84: '1',  # LOAD_DEREF
    85: '1',  # LOAD_FAST
    86: '1',  # LOAD_FAST_AND_CLEAR
    87: '1',  # LOAD_FAST_CHECK
    88: '2',  # LOAD_FAST_LOAD_FAST
    89: '0',  # LOAD_FROM_DICT_OR_DEREF
    90: '0',  # LOAD_FROM_DICT_OR_GLOBALS
    91: '(oparg & 1) + 1',  # LOAD_GLOBAL
    92: '1',  # LOAD_NAME
    93: '(oparg & 1) - 2',  # LOAD_SUPER_ATTR
    94: '0',  # MAKE_CELL
    95: ('-2', 'oparg', 'oparg + 2'),  # MAP_ADD
    96: '-2',  # MATCH_CLASS
    97: '-1',  # POP_JUMP_IF_FALSE
    98: '-1',  # POP_JUMP_IF_NONE
    99: '-1',  # POP_JUMP_IF_NOT_NONE
    100: '-1',  # POP_JUMP_IF_TRUE
    101: ('-oparg', 'oparg'),  # RAISE_VARARGS
    102: ('-1', 'oparg', 'oparg + 1'),  # RERAISE
    103: '0',  # RETURN_CONST
    104: '0',  # SEND
    105: ('-1', 'oparg', 'oparg + 1'),  # SET_ADD
    106: '-1',  # SET_FUNCTION_ATTRIBUTE
    107: ('-1', 'oparg', 'oparg + 1'),  # SET_UPDATE
    108: '-2',  # STORE_ATTR
    109: '-1',  # STORE_DEREF
    110: '-1',  # STORE_FAST
    111: '0',  # STORE_FAST_LOAD_FAST
    112: '-2',  # STORE_FAST_STORE_FAST
    113: '-1',  # STORE_GLOBAL
    114: '-1',  # STORE_NAME
    115: ('0', 'oparg', 'oparg'),  # SWAP
    116: ('(oparg >> 8) + (oparg & 0xFF)', '(oparg >> 8) + (oparg & 0xFF) + 1'),  # UNPACK_EX
    117: ('oparg - 1', 'oparg'),  # UNPACK_SEQUENCE
    118: '0',  # YIELD_VALUE
    149: '0',  # RESUME
    236: '0',  # INSTRUMENTED_RESUME
    237: '-1',  # INSTRUMENTED_END_FOR
    238: '-1',  # INSTRUMENTED_END_SEND
    239: '-1',  # INSTRUMENTED_RETURN_VALUE
    240: '0',  # INSTRUMENTED_RETURN_CONST
    241: '0',  # INSTRUMENTED_YIELD_VALUE
    242: '(oparg & 1) - 2',  # INSTRUMENTED_LOAD_SUPER_ATTR
    243: '0',  # INSTRUMENTED_FOR_ITER
    244: '0',  # INSTRUMENTED_CALL
    245: '0',  # INSTRUMENTED_CALL_KW
    246: '0',  # INSTRUMENTED_CALL_FUNCTION_EX
    247: '0',  # INSTRUMENTED_INSTRUCTION
    248: '0',  # INSTRUMENTED_JUMP_FORWARD
    249: '0',  # INSTRUMENTED_JUMP_BACKWARD
    250: '0',  # INSTRUMENTED_POP_JUMP_IF_TRUE
    251: '0',  # INSTRUMENTED_POP_JUMP_IF_FALSE
    252: '0',  # INSTRUMENTED_POP_JUMP_IF_NONE
    253: '0',  # INSTRUMENTED_POP_JUMP_IF_NOT_NONE
    256: '0',  # JUMP
    257: '0',  # JUMP_NO_INTERRUPT
    258: '1',  # LOAD_CLOSURE
    259: '1',  # LOAD_METHOD
    260: '-1',  # LOAD_SUPER_METHOD
    261: '-1',  # LOAD_ZERO_SUPER_ATTR
    262: '-1',  # LOAD_ZERO_SUPER_METHOD
    263: '0',  # POP_BLOCK
    264: {None: '2', True: '2', False: '0'},  # SETUP_CLEANUP
    265: {None: '1', True: '1', False: '0'},  # SETUP_FINALLY
    266: {None: '1', True: '1', False: '0'},  # SETUP_WITH
    267: '-1',  # STORE_FAST_MAYBE_NULL
}
