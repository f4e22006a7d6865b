"""Stack effects of CPython 3.15, fitted by tools/gen_stack_effects.py
to dis.stack_effect of 3.15.2 and verified on all 2195172 probed calls.

Do not edit: re-run the generator.  The format is described in __init__.py.
"""
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

VERSION = '3.15'
SOURCE = 'CPython 3.15.2 dis.stack_effect'
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
    10: '-2',  # END_SEND
    11: '-1',  # EXIT_INIT_CHECK
    12: '0',  # FORMAT_SIMPLE
    13: '-1',  # FORMAT_WITH_SPEC
    14: '0',  # GET_AITER
    15: '1',  # GET_ANEXT
    16: '1',  # GET_LEN
    17: '0',  # RESERVED
    18: '-1',  # INTERPRETER_EXIT
    19: '1',  # LOAD_BUILD_CLASS
    20: '1',  # LOAD_LOCALS
    21: '0',  # MAKE_FUNCTION
    22: '1',  # MATCH_KEYS
    23: '1',  # MATCH_MAPPING
    24: '1',  # MATCH_SEQUENCE
    25: '0',  # NOP
    26: '0',  # NOT_TAKEN
    27: '-1',  # POP_EXCEPT
    28: '-2',  # POP_ITER
    29: '-1',  # POP_TOP
    30: '1',  # PUSH_EXC_INFO
    31: '1',  # PUSH_NULL
    32: '1',  # RETURN_GENERATOR
    33: '0',  # RETURN_VALUE
    34: '0',  # SETUP_ANNOTATIONS
    35: '-4',  # STORE_SLICE
    36: '-3',  # STORE_SUBSCR
    37: '0',  # TO_BOOL
    38: '0',  # UNARY_INVERT
    39: '0',  # UNARY_NEGATIVE
    40: '0',  # UNARY_NOT
    41: '1',  # WITH_EXCEPT_START
    42: '-1',  # BINARY_OP
    43: '-1 - (oparg & 1)',  # BUILD_INTERPOLATION
    44: ('1 - oparg', 'oparg'),  # BUILD_LIST
    45: ('1 - 2*oparg', '2*oparg'),  # BUILD_MAP
    46: ('1 - oparg', 'oparg'),  # BUILD_SET
    47: ('1 - oparg', 'oparg'),  # BUILD_SLICE
    48: ('1 - oparg', 'oparg'),  # BUILD_STRING
    49: ('1 - oparg', 'oparg'),  # BUILD_TUPLE
    50: ('-1 - oparg', 'oparg + 2'),  # CALL
    51: '0',  # CALL_INTRINSIC_1
    52: '-1',  # CALL_INTRINSIC_2
    53: ('-2 - oparg', 'oparg + 3'),  # CALL_KW
    54: '-1',  # COMPARE_OP
    55: '-1',  # CONTAINS_OP
    56: '0',  # CONVERT_VALUE
    57: ('1', 'oparg + 1', 'oparg'),  # COPY
    58: '0',  # COPY_FREE_VARS
    59: '-1',  # DELETE_ATTR
    60: '0',  # DELETE_DEREF
    61: '0',  # DELETE_FAST
    62: '0',  # DELETE_GLOBAL
    63: '0',  # DELETE_NAME
    64: ('-1', 'oparg + 3', 'oparg + 4'),  # DICT_MERGE
    65: ('-1', 'oparg', 'oparg + 1'),  # DICT_UPDATE
    66: '-2',  # END_ASYNC_FOR
    67: '0',  # EXTENDED_ARG
    68: '1',  # FOR_ITER
    69: '0',  # GET_AWAITABLE
    70: '1',  # GET_ITER
    71: '1',  # IMPORT_FROM
    72: '-1',  # IMPORT_NAME
    73: '-1',  # IS_OP
    74: '0',  # JUMP_BACKWARD
    75: '0',  # JUMP_BACKWARD_NO_INTERRUPT
    76: '0',  # JUMP_FORWARD
    77: ('-1', 'oparg', 'oparg + 1'),  # LIST_APPEND
    78: ('-1', 'oparg', 'oparg + 1'),  # LIST_EXTEND
    79: '(oparg & 1)',  # LOAD_ATTR
    80: '1',  # LOAD_COMMON_CONSTANT
    81: '1',  # LOAD_CONST
    82: '1',  # LOAD_DEREF
    83: '1',  # LOAD_FAST
    84: '1',  # LOAD_FAST_AND_CLEAR
    85: '1',  # LOAD_FAST_BORROW
    86: '2',  # LOAD_FAST_BORROW_LOAD_FAST_BORROW
    87: '1',  # LOAD_FAST_CHECK
    88: '2',  # LOAD_FAST_LOAD_FAST
    89: '0',  # LOAD_FROM_DICT_OR_DEREF
    90: '0',  # LOAD_FROM_DICT_OR_GLOBALS
    91: '(oparg & 1) + 1',  # LOAD_GLOBAL
    92: '1',  # LOAD_NAME
    93: '1',  # LOAD_SMALL_INT
    94: '1',  # LOAD_SPECIAL
    95: '(oparg & 1) - 2',  # LOAD_SUPER_ATTR
    96: '0',  # MAKE_CELL
    97: ('-2', 'oparg', 'oparg + 2'),  # MAP_ADD
    98: '-2',  # MATCH_CLASS
    99: '-1',  # POP_JUMP_IF_FALSE
    100: '-1',  # POP_JUMP_IF_NONE
    101: '-1',  # POP_JUMP_IF_NOT_NONE
    102: '-1',  # POP_JUMP_IF_TRUE
    103: ('-oparg', 'oparg'),  # RAISE_VARARGS
    104: ('-1', 'oparg', 'oparg + 1'),  # RERAISE
    105: '0',  # SEND
    106: ('-1', 'oparg', 'oparg + 1'),  # SET_ADD
    107: '-1',  # SET_FUNCTION_ATTRIBUTE
    108: ('-1', 'oparg', 'oparg + 1'),  # SET_UPDATE
    109: '-2',  # STORE_ATTR
    110: '-1',  # STORE_DEREF
    111: '-1',  # STORE_FAST
    112: '0',  # STORE_FAST_LOAD_FAST
    113: '-2',  # STORE_FAST_STORE_FAST
    114: '-1',  # STORE_GLOBAL
    115: '-1',  # STORE_NAME
    116: ('0', 'oparg', 'oparg'),  # SWAP
    117: ('(oparg >> 8) + (oparg & 0xFF)', '(oparg >> 8) + (oparg & 0xFF) + 1'),  # UNPACK_EX
    118: ('oparg - 1', 'oparg'),  # UNPACK_SEQUENCE
    119: '0',  # YIELD_VALUE
    128: '0',  # RESUME
    233: '-1',  # INSTRUMENTED_END_FOR
    234: '-2',  # INSTRUMENTED_POP_ITER
    235: '-2',  # INSTRUMENTED_END_SEND
    236: '1',  # INSTRUMENTED_FOR_ITER
    237: '0',  # INSTRUMENTED_INSTRUCTION
    238: '0',  # INSTRUMENTED_JUMP_FORWARD
    239: '0',  # INSTRUMENTED_NOT_TAKEN
    240: '-1',  # INSTRUMENTED_POP_JUMP_IF_TRUE
    241: '-1',  # INSTRUMENTED_POP_JUMP_IF_FALSE
    242: '-1',  # INSTRUMENTED_POP_JUMP_IF_NONE
    243: '-1',  # INSTRUMENTED_POP_JUMP_IF_NOT_NONE
    244: '0',  # INSTRUMENTED_RESUME
    245: '0',  # INSTRUMENTED_RETURN_VALUE
    246: '0',  # INSTRUMENTED_YIELD_VALUE
    247: '-2',  # INSTRUMENTED_END_ASYNC_FOR
    248: '(oparg & 1) - 2',  # INSTRUMENTED_LOAD_SUPER_ATTR
    249: ('-1 - oparg', 'oparg + 2'),  # INSTRUMENTED_CALL
    250: ('-2 - oparg', 'oparg + 3'),  # INSTRUMENTED_CALL_KW
    251: '-3',  # INSTRUMENTED_CALL_FUNCTION_EX
    252: '0',  # INSTRUMENTED_JUMP_BACKWARD
    253: '0',  # INSTRUMENTED_LINE
    254: '0',  # ENTER_EXECUTOR
    255: '0',  # TRACE_RECORD
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
