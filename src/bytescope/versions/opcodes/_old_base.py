"""Opcode facts of the lines with no interpreter here, as ``name -> (number, kind)`` dicts.

Written from CPython's ``Lib/dis.py``/``Lib/opcode.py`` of each release (public
sources); kinds: ``""`` (no argument meaning), ``const``, ``name``, ``jrel``,
``jabs``, ``local``, ``free``, ``compare``.  ``vX_Y`` modules derive their
table from these by listing what changed.
"""

from __future__ import annotations

CMP_OP = ("<", "<=", "==", "!=", ">", ">=", "in", "not in", "is", "is not",
          "exception match", "BAD")

#: Python 1.5 (1.0-1.4 derive theirs from it: v1_4.py ...)
PY15: dict[str, tuple[int, str]] = {
    "STOP_CODE": (0, ""), "POP_TOP": (1, ""), "ROT_TWO": (2, ""), "ROT_THREE": (3, ""),
    "DUP_TOP": (4, ""),
    "UNARY_POSITIVE": (10, ""), "UNARY_NEGATIVE": (11, ""), "UNARY_NOT": (12, ""),
    "UNARY_CONVERT": (13, ""), "UNARY_INVERT": (15, ""),
    "BINARY_POWER": (19, ""), "BINARY_MULTIPLY": (20, ""), "BINARY_DIVIDE": (21, ""),
    "BINARY_MODULO": (22, ""), "BINARY_ADD": (23, ""), "BINARY_SUBTRACT": (24, ""),
    "BINARY_SUBSCR": (25, ""),
    "SLICE+0": (30, ""), "SLICE+1": (31, ""), "SLICE+2": (32, ""), "SLICE+3": (33, ""),
    "STORE_SLICE+0": (40, ""), "STORE_SLICE+1": (41, ""), "STORE_SLICE+2": (42, ""),
    "STORE_SLICE+3": (43, ""),
    "DELETE_SLICE+0": (50, ""), "DELETE_SLICE+1": (51, ""), "DELETE_SLICE+2": (52, ""),
    "DELETE_SLICE+3": (53, ""),
    "STORE_SUBSCR": (60, ""), "DELETE_SUBSCR": (61, ""),
    "BINARY_LSHIFT": (62, ""), "BINARY_RSHIFT": (63, ""), "BINARY_AND": (64, ""),
    "BINARY_XOR": (65, ""), "BINARY_OR": (66, ""),
    "PRINT_EXPR": (70, ""), "PRINT_ITEM": (71, ""), "PRINT_NEWLINE": (72, ""),
    "BREAK_LOOP": (80, ""), "LOAD_LOCALS": (82, ""), "RETURN_VALUE": (83, ""),
    "EXEC_STMT": (85, ""), "POP_BLOCK": (87, ""), "END_FINALLY": (88, ""),
    "BUILD_CLASS": (89, ""),
    "STORE_NAME": (90, "name"), "DELETE_NAME": (91, "name"), "UNPACK_TUPLE": (92, ""),
    "UNPACK_LIST": (93, ""), "STORE_ATTR": (95, "name"), "DELETE_ATTR": (96, "name"),
    "STORE_GLOBAL": (97, "name"), "DELETE_GLOBAL": (98, "name"),
    "LOAD_CONST": (100, "const"), "LOAD_NAME": (101, "name"), "BUILD_TUPLE": (102, ""),
    "BUILD_LIST": (103, ""), "BUILD_MAP": (104, ""), "LOAD_ATTR": (105, "name"),
    "COMPARE_OP": (106, "compare"), "IMPORT_NAME": (107, "name"),
    "IMPORT_FROM": (108, "name"),
    "JUMP_FORWARD": (110, "jrel"), "JUMP_IF_FALSE": (111, "jrel"),
    "JUMP_IF_TRUE": (112, "jrel"), "JUMP_ABSOLUTE": (113, "jabs"), "FOR_LOOP": (114, "jrel"),
    "LOAD_GLOBAL": (116, "name"),
    "SETUP_LOOP": (120, "jrel"), "SETUP_EXCEPT": (121, "jrel"), "SETUP_FINALLY": (122, "jrel"),
    "LOAD_FAST": (124, "local"), "STORE_FAST": (125, "local"), "DELETE_FAST": (126, "local"),
    "SET_LINENO": (127, ""),
    "RAISE_VARARGS": (130, ""), "CALL_FUNCTION": (131, ""), "MAKE_FUNCTION": (132, ""),
    "BUILD_SLICE": (133, ""),
}


def derive(
    base: dict[str, tuple[int, str]],
    add: dict[str, tuple[int, str]],
    remove: tuple[str, ...] = (),
) -> dict[str, tuple[int, str]]:
    """Return ``base`` without the ``remove`` names, then with ``add`` (numbers may move)."""
    out = {k: v for k, v in base.items() if k not in remove and k not in add}
    taken = {num: name for name, (num, _) in out.items()}
    for name, (num, kind) in add.items():
        if num in taken:
            del out[taken[num]]
        out[name] = (num, kind)
    return out
