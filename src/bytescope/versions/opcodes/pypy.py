"""What PyPy changes in the opcode table of the CPython line it implements, as data.

``CHANGES[line]`` is ``(added, removed)`` for the PyPy line ``"pypy" + line``:
``added`` maps names to ``(number, kind)`` (kinds as in :mod:`._old_base`; an
added number replaces whatever CPython had there), ``removed`` lists CPython
names PyPy does not have.  Source: xdis' ``xdis/opcodes/opcode_pypy/
opcode_*pypy.py`` (which follow PyPy's ``lib-python/*/opcode.py``), checked
against the PyPy pycs of the uncompyle6, xdis and decompile3 test corpora:
every opcode those files use is in the table of their line, and no jump lands
between instructions.

In short: PyPy 2.7 - 3.6 add ``LOOKUP_METHOD``/``CALL_METHOD`` (201/202),
``BUILD_LIST_FROM_ARG`` (203) and, for ``assert``, ``JUMP_IF_NOT_DEBUG`` (204).
From 3.7 on PyPy keeps CPython's ``CALL_METHOD`` (161) and 204 is
``CALL_METHOD_KW``; 3.7/3.8 keep ``LOOKUP_METHOD`` instead of ``LOAD_METHOD``
(160), 3.8 and later keep the old ``SETUP_EXCEPT`` block (121 in 3.8, 120 from
3.9), and 3.9/3.10 number ``LIST_EXTEND`` ... ``DICT_UPDATE`` 164-167 instead
of 162-165, as does 3.11, whose table is otherwise CPython 3.10's (:data:`BASE`).
``LOAD_REVDB_VAR`` (205) is the reverse debugger's.
"""

from __future__ import annotations

Ops = dict[str, tuple[int, str]]

_REVDB: Ops = {"LOAD_REVDB_VAR": (205, "")}
_METHOD: Ops = {
    "LOOKUP_METHOD": (201, "name"),
    "CALL_METHOD": (202, ""),
    "BUILD_LIST_FROM_ARG": (203, ""),
    "JUMP_IF_NOT_DEBUG": (204, "jrel"),
    **_REVDB,
}
#: 3.7+: CPython's CALL_METHOD (161) stays, 204 is CALL_METHOD_KW.
_METHOD_37: Ops = {
    "BUILD_LIST_FROM_ARG": (203, ""),
    "CALL_METHOD_KW": (204, ""),
    **_REVDB,
}
_EXTEND_39: Ops = {
    "LIST_EXTEND": (164, ""),
    "SET_UPDATE": (165, ""),
    "DICT_MERGE": (166, ""),
    "DICT_UPDATE": (167, ""),
}

CHANGES: dict[str, tuple[Ops, tuple[str, ...]]] = {
    "2.7": (_METHOD, ()),
    "3.2": (_METHOD, ()),
    "3.3": (_METHOD, ()),
    # PyPy3.5 has 3.6's f-strings.
    "3.5": ({**_METHOD, "FORMAT_VALUE": (155, ""), "BUILD_STRING": (157, "")}, ()),
    # PyPy3.6 kept 3.5's calls with * and ** and MAKE_CLOSURE.
    "3.6": (
        {
            **_METHOD,
            "MAKE_CLOSURE": (134, ""),
            "CALL_FUNCTION_VAR": (140, ""),
            "CALL_FUNCTION_VAR_KW": (142, ""),
        },
        ("CALL_FUNCTION_EX", "BUILD_TUPLE_UNPACK_WITH_CALL"),
    ),
    "3.7": (
        {**_METHOD_37, "LOOKUP_METHOD": (201, "name"), "STORE_ANNOTATION": (127, "name")},
        ("BUILD_TUPLE_UNPACK_WITH_CALL", "LOAD_METHOD"),
    ),
    "3.8": (
        {**_METHOD_37, "LOOKUP_METHOD": (201, "name"), "SETUP_EXCEPT": (121, "jrel")},
        ("ROT_FOUR", "BUILD_TUPLE_UNPACK_WITH_CALL", "LOAD_METHOD"),
    ),
    "3.9": ({**_METHOD_37, **_EXTEND_39, "SETUP_EXCEPT": (120, "jrel")}, ()),
    "3.10": ({**_METHOD_37, **_EXTEND_39, "SETUP_EXCEPT": (120, "jrel")}, ("GEN_START",)),
    # PyPy 3.11's instructions are CPython 3.10's (see BASE) with these changes.
    "3.11": (
        {
            **_METHOD_37,
            **_EXTEND_39,
            "SETUP_EXCEPT": (120, "jrel"),
            "CHECK_EG_MATCH": (37, ""),
            "PREP_RERAISE_STAR": (88, ""),
        },
        ("GEN_START",),
    ),
}

#: PyPy lines whose instruction set (opcode table and dis traits) is that of an
#: older CPython line than their language version: PyPy 3.11 kept 3.10's
#: (no inline caches, no specialised instructions, 3.10's jumps and line numbers).
BASE: dict[str, str] = {"3.11": "3.10"}
