"""Stack effects of CPython 3.14, fitted by tools/gen_stack_effects.py
to dis.stack_effect of 3.14.10 and verified on all 2195172 probed calls.

Do not edit: re-run the generator.  The format is described in __init__.py.
"""
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

VERSION = '3.14'
SOURCE = 'CPython 3.14.10 dis.stack_effect'
EXACT = True
API: dict[str, Any] = {'arg_check': False, 'jump': True, 'int_errors': 'c_int', 'type_errors': 'index'}
HAS_ARG = ()
EFFECTS: dict[int, Any] = {
    0: '0',  # CACHE
    1: '-2',  # BINARY_SLICE
    2: '-1',  # BUILD_TEMPLATE
    4: '-3',  # CALL_FUNCTION_EX
    5: '0',  # CHECK_EG_MATCH
    6: '0',  # CHECK_EXC_MATCH
    7: '-1',  # CLEANUP_THROW
    8: '-2',  # DELETE_SUBSCR
    9: '-1',  # END_FOR
    10: '-1',  # END_SEND
    11: '-1',  # EXIT_INIT_CHECK
    12: '0',  # FORMAT_SIMPLE
    13: '-1',  # FORMAT_WITH_SPEC
    14: '0',  # GET_AITER
    15: '1',  # GET_ANEXT
    16: '0',  # GET_ITER
    17: '0',  # RESERVED
    18: '1',  # GET_LEN
    19: '0',  # GET_YIELD_FROM_ITER
    20: '-1',  # INTERPRETER_EXIT
    21: '1',  # LOAD_BUILD_CLASS
    22: '1',  # LOAD_LOCALS
    23: '0',  # MAKE_FUNCTION
    24: '1',  # MATCH_KEYS
    25: '1',  # MATCH_MAPPING
    26: '1',  # MATCH_SEQUENCE
    27: '0',  # NOP
    28: '0',  # NOT_TAKEN
    29: '-1',  # POP_EXCEPT
    30: '-1',  # POP_ITER
    31: '-1',  # POP_TOP
    32: '1',  # PUSH_EXC_INFO
    33: '1',  # PUSH_NULL
    34: '1',  # RETURN_GENERATOR
    35: '0',  # RETURN_VALUE
    36: '0',  # SETUP_ANNOTATIONS
    37: '-4',  # STORE_SLICE
    38: '-3',  # STORE_SUBSCR
    39: '0',  # TO_BOOL
    40: '0',  # UNARY_INVERT
    41: '0',  # UNARY_NEGATIVE
    42: '0',  # UNARY_NOT
    43: '1',  # WITH_EXCEPT_START
    44: '-1',  # BINARY_OP
    45: '-1 - (oparg & 1)',  # BUILD_INTERPOLATION
    46: ('1 - oparg', 'oparg'),  # BUILD_LIST
    47: ('1 - 2*oparg', '2*oparg'),  # BUILD_MAP
    48: ('1 - oparg', 'oparg'),  # BUILD_SET
    49: ('1 - oparg', 'oparg'),  # BUILD_SLICE
    50: ('1 - oparg', 'oparg'),  # BUILD_STRING
    51: ('1 - oparg', 'oparg'),  # BUILD_TUPLE
    52: ('-1 - oparg', 'oparg + 2'),  # CALL
    53: '0',  # CALL_INTRINSIC_1
    54: '-1',  # CALL_INTRINSIC_2
    55: ('-2 - oparg', 'oparg + 3'),  # CALL_KW
    56: '-1',  # COMPARE_OP
    57: '-1',  # CONTAINS_OP
    58: '0',  # CONVERT_VALUE
    59: ('1', 'oparg + 1', 'oparg'),  # COPY
    60: '0',  # COPY_FREE_VARS
    61: '-1',  # DELETE_ATTR
    62: '0',  # DELETE_DEREF
    63: '0',  # DELETE_FAST
    64: '0',  # DELETE_GLOBAL
    65: '0',  # DELETE_NAME
    66: ('-1', 'oparg + 3', 'oparg + 4'),  # DICT_MERGE
    67: ('-1', 'oparg', 'oparg + 1'),  # DICT_UPDATE
    68: '-2',  # END_ASYNC_FOR
    69: '0',  # EXTENDED_ARG
    70: '1',  # FOR_ITER
    71: '0',  # GET_AWAITABLE
    72: '1',  # IMPORT_FROM
    73: '-1',  # IMPORT_NAME
    74: '-1',  # IS_OP
    75: '0',  # JUMP_BACKWARD
    76: '0',  # JUMP_BACKWARD_NO_INTERRUPT
    77: '0',  # JUMP_FORWARD
    78: ('-1', 'oparg', 'oparg + 1'),  # LIST_APPEND
    79: ('-1', 'oparg', 'oparg + 1'),  # LIST_EXTEND
    80: '(oparg & 1)',  # LOAD_ATTR
    81: '1',  # LOAD_COMMON_CONSTANT
    82: '1',  # LOAD_CONST
    83: '1',  # LOAD_DEREF
    84: '1',  # LOAD_FAST
    85: '1',  # LOAD_FAST_AND_CLEAR
    86: '1',  # LOAD_FAST_BORROW
    87: '2',  # LOAD_FAST_BORROW_LOAD_FAST_BORROW
    88: '1',  # LOAD_FAST_CHECK
    89: '2',  # LOAD_FAST_LOAD_FAST
    90: '0',  # LOAD_FROM_DICT_OR_DEREF
    91: '0',  # LOAD_FROM_DICT_OR_GLOBALS
    92: '(oparg & 1) + 1',  # LOAD_GLOBAL
    93: '1',  # LOAD_NAME
    94: '1',  # LOAD_SMALL_INT
    95: '1',  # LOAD_SPECIAL
    96: '(oparg & 1) - 2',  # LOAD_SUPER_ATTR
    97: '0',  # MAKE_CELL
    98: ('-2', 'oparg', 'oparg + 2'),  # MAP_ADD
    99: '-2',  # MATCH_CLASS
    100: '-1',  # POP_JUMP_IF_FALSE
    101: '-1',  # POP_JUMP_IF_NONE
    102: '-1',  # POP_JUMP_IF_NOT_NONE
    103: '-1',  # POP_JUMP_IF_TRUE
    104: ('-oparg', 'oparg'),  # RAISE_VARARGS
    105: ('-1', 'oparg', 'oparg + 1'),  # RERAISE
    106: '0',  # SEND
    107: ('-1', 'oparg', 'oparg + 1'),  # SET_ADD
    108: '-1',  # SET_FUNCTION_ATTRIBUTE
    109: ('-1', 'oparg', 'oparg + 1'),  # SET_UPDATE
    110: '-2',  # STORE_ATTR
    111: '-1',  # STORE_DEREF
    112: '-1',  # STORE_FAST
    113: '0',  # STORE_FAST_LOAD_FAST
    114: '-2',  # STORE_FAST_STORE_FAST
    115: '-1',  # STORE_GLOBAL
    116: '-1',  # STORE_NAME
    117: ('0', 'oparg', 'oparg'),  # SWAP
    118: ('(oparg >> 8) + (oparg & 0xFF)', '(oparg >> 8) + (oparg & 0xFF) + 1'),  # UNPACK_EX
    119: ('oparg - 1', 'oparg'),  # UNPACK_SEQUENCE
    120: '0',  # YIELD_VALUE
    128: '0',  # RESUME
    234: '-1',  # INSTRUMENTED_END_FOR
    235: '-1',  # INSTRUMENTED_POP_ITER
    236: '-1',  # INSTRUMENTED_END_SEND
    237: '1',  # INSTRUMENTED_FOR_ITER
    238: '0',  # INSTRUMENTED_INSTRUCTION
    239: '0',  # INSTRUMENTED_JUMP_FORWARD
    240: '0',  # INSTRUMENTED_NOT_TAKEN
    241: '-1',  # INSTRUMENTED_POP_JUMP_IF_TRUE
    242: '-1',  # INSTRUMENTED_POP_JUMP_IF_FALSE
    243: '-1',  # INSTRUMENTED_POP_JUMP_IF_NONE
    244: '-1',  # INSTRUMENTED_POP_JUMP_IF_NOT_NONE
    245: '0',  # INSTRUMENTED_RESUME
    246: '0',  # INSTRUMENTED_RETURN_VALUE
    247: '0',  # INSTRUMENTED_YIELD_VALUE
    248: '-2',  # INSTRUMENTED_END_ASYNC_FOR
    249: '(oparg & 1) - 2',  # INSTRUMENTED_LOAD_SUPER_ATTR
    250: ('-1 - oparg', 'oparg + 2'),  # INSTRUMENTED_CALL
    251: ('-2 - oparg', 'oparg + 3'),  # INSTRUMENTED_CALL_KW
    252: '-3',  # INSTRUMENTED_CALL_FUNCTION_EX
    253: '0',  # INSTRUMENTED_JUMP_BACKWARD
    254: '0',  # INSTRUMENTED_LINE
    255: '0',  # ENTER_EXECUTOR
    256: '0',  # ANNOTATIONS_PLACEHOLDER
    257: '0',  # JUMP
    258: '0',  # JUMP_IF_FALSE
    259: '0',  # JUMP_IF_TRUE
    260: '0',  # JUMP_NO_INTERRUPT
    261: '1',  # LOAD_CLOSURE
    262: '0',  # POP_BLOCK
    263: {None: '2', True: '2', False: '0'},  # SETUP_CLEANUP
    264: {None: '1', True: '1', False: '0'},  # SETUP_FINALLY
    265: {None: '1', True: '1', False: '0'},  # SETUP_WITH
    266: '-1',  # STORE_FAST_MAYBE_NULL
}
