"""Release lines and what changes between them, as data.

A *line* is a release series (``"2.7"``, ``"3.11"``, ``"pypy3.6"``).  Its
record says how its pycs are laid out: header size, marshal format version,
code-object field order, bytecode unit, line-table format.  Pre-releases that
changed one of these within a line are *eras*: ``(first_magic, overrides)``
pairs applied in order, so the record for a magic number is the line's base
record with every era at or below that magic applied on top.

Code-object layouts name the fields in the order marshal writes them.  A
field is ``(name, kind)`` with kind ``"h"`` (16-bit int, Python <= 2.2),
``"i"`` (32-bit int) or ``"o"`` (a marshalled object).
"""

from __future__ import annotations

from typing import Any

Field = tuple[str, str]


def _layout(spec: str) -> tuple[Field, ...]:
    """Turn ``"argcount:h code:o ..."`` into a tuple of (name, kind) pairs."""
    return tuple(tuple(item.split(":")) for item in spec.split())  # type: ignore[misc]


# Sources: each version's Python/marshal.c (w_object/r_object for code
# objects).  1.0-1.2 wrote only the five objects (type 'C'); 1.3 added
# argcount/nlocals/flags as 16-bit ints and varnames; 1.5 added stacksize,
# firstlineno and lnotab; 2.1 freevars/cellvars (PEP 227); 2.3 widened the
# ints to 32 bits; 3.0 added kwonlyargcount; 3.8a1 (magic 3410) posonlyargcount;
# 3.10 renamed lnotab to linetable (new format); 3.11 replaced nlocals and the
# three name tuples by localsplus names/kinds and added qualname and the
# exception table.
CODE_LAYOUTS: dict[str, tuple[Field, ...]] = {
    "1.0": _layout("code:o consts:o names:o filename:o name:o"),
    "1.3": _layout(
        "argcount:h nlocals:h flags:h code:o consts:o names:o varnames:o filename:o name:o"
    ),
    "1.5": _layout(
        "argcount:h nlocals:h stacksize:h flags:h code:o consts:o names:o varnames:o"
        " filename:o name:o firstlineno:h lnotab:o"
    ),
    "2.1": _layout(
        "argcount:h nlocals:h stacksize:h flags:h code:o consts:o names:o varnames:o"
        " freevars:o cellvars:o filename:o name:o firstlineno:h lnotab:o"
    ),
    "2.3": _layout(
        "argcount:i nlocals:i stacksize:i flags:i code:o consts:o names:o varnames:o"
        " freevars:o cellvars:o filename:o name:o firstlineno:i lnotab:o"
    ),
    "3.0": _layout(
        "argcount:i kwonlyargcount:i nlocals:i stacksize:i flags:i code:o consts:o names:o"
        " varnames:o freevars:o cellvars:o filename:o name:o firstlineno:i lnotab:o"
    ),
    "3.8": _layout(
        "argcount:i posonlyargcount:i kwonlyargcount:i nlocals:i stacksize:i flags:i code:o"
        " consts:o names:o varnames:o freevars:o cellvars:o filename:o name:o firstlineno:i"
        " lnotab:o"
    ),
    "3.10": _layout(
        "argcount:i posonlyargcount:i kwonlyargcount:i nlocals:i stacksize:i flags:i code:o"
        " consts:o names:o varnames:o freevars:o cellvars:o filename:o name:o firstlineno:i"
        " linetable:o"
    ),
    "3.11": _layout(
        "argcount:i posonlyargcount:i kwonlyargcount:i stacksize:i flags:i code:o consts:o"
        " names:o localsplusnames:o localspluskinds:o filename:o name:o qualname:o"
        " firstlineno:i linetable:o exceptiontable:o"
    ),
    # PyPy 3.11 keeps the 3.8 fields (no localsplus, no exception table) and adds
    # co_qualname after co_name (facts read from xdis' unmarshal.py, which reads
    # PyPy 3.11 pycs this way).
    "pypy3.11": _layout(
        "argcount:i posonlyargcount:i kwonlyargcount:i nlocals:i stacksize:i flags:i code:o"
        " consts:o names:o varnames:o freevars:o cellvars:o filename:o name:o qualname:o"
        " firstlineno:i lnotab:o"
    ),
}

#: The type character a code object is written with, by layout (default ``c``;
#: ``VersionInfo.code_type_code`` is what readers and writers ask).  Python 1.0 -
#: 1.2 wrote ``C`` (``#define TYPE_CODE 'C'`` in their Python/marshal.c); 1.3
#: introduced ``c`` together with argcount/nlocals/flags.
CODE_TYPE_CODES: dict[str, str] = {"1.0": "C"}

#: Marshal type codes each marshal format version may contain (FLAG_REF aside).
#: Version 0 is Python <= 2.3, 1 adds interned strings 't' and string
#: references 'R' (2.4, Py_MARSHAL_VERSION 1), 2 binary floats/complex 'g'/'y'
#: and sets '<'/'>' (2.5 - 3.3; 2.4's marshal.c has neither), 3/4 references
#: 'r' + FLAG_REF and the compact ASCII / small-tuple types (3.4+; 'R' is gone),
#: 5 slices ':' (3.14, magic 3608), 6 frozendict '}' (3.15).  Version 0 also
#: lists types early versions lacked (e.g. 'T'/'F' came with bool in 2.3): reading
#: is permissive there.  Python 1.0-1.2 write code objects as 'C' (see
#: CODE_TYPE_CODES below).
_MARSHAL_BASE = "0NFTS.ifxlIsu([{c"
MARSHAL_CODES: dict[int, str] = {
    0: _MARSHAL_BASE,
    1: _MARSHAL_BASE + "tR",
    2: _MARSHAL_BASE + "tRgy<>",
    3: _MARSHAL_BASE + "tgy<>raAzZ)",
    4: _MARSHAL_BASE + "tgy<>raAzZ)",
    5: _MARSHAL_BASE + "tgy<>raAzZ):",
    6: _MARSHAL_BASE + "tgy<>raAzZ):}",
}

# Code-object flag names, by the version that introduced them.
_FLAGS_COMMON = {0x1: "OPTIMIZED", 0x2: "NEWLOCALS", 0x4: "VARARGS", 0x8: "VARKEYWORDS"}
_FLAGS_PY2 = {
    **_FLAGS_COMMON,
    0x10: "NESTED",
    0x20: "GENERATOR",
    0x40: "NOFREE",
    0x1000: "GENERATOR_ALLOWED",
    0x2000: "FUTURE_DIVISION",
    0x4000: "FUTURE_ABSOLUTE_IMPORT",
    0x8000: "FUTURE_WITH_STATEMENT",
    0x10000: "FUTURE_PRINT_FUNCTION",
    0x20000: "FUTURE_UNICODE_LITERALS",
}
_FLAGS_PY3 = {
    **_FLAGS_COMMON,
    0x10: "NESTED",
    0x20: "GENERATOR",
    0x40: "NOFREE",
    0x80: "COROUTINE",
    0x100: "ITERABLE_COROUTINE",
    0x200: "ASYNC_GENERATOR",
    0x2000: "FUTURE_DIVISION",
    0x4000: "FUTURE_ABSOLUTE_IMPORT",
    0x8000: "FUTURE_WITH_STATEMENT",
    0x10000: "FUTURE_PRINT_FUNCTION",
    0x20000: "FUTURE_UNICODE_LITERALS",
    0x40000: "FUTURE_BARRY_AS_BDFL",
    0x80000: "FUTURE_GENERATOR_STOP",
    0x100000: "FUTURE_ANNOTATIONS",
}
_FLAGS_PY314 = {**_FLAGS_PY3, 0x4000000: "HAS_DOCSTRING", 0x8000000: "METHOD"}


def _cpython(version: tuple[int, int], **traits: Any) -> dict[str, Any]:
    return {"implementation": "CPython", "version": version, **traits}


def _pypy(version: tuple[int, int], **traits: Any) -> dict[str, Any]:
    return {"implementation": "PyPy", "version": version, **traits}


# PEP 552 source hashes (hash-based pycs, 3.7+) are SipHash of the source keyed by
# the magic word, with (compression, finalization) rounds per line: SipHash-2-4
# (``siphash24`` in Python/pyhash.c) up to 3.10, SipHash-1-3 from 3.11 on (CPython
# moved its string hash and ``_Py_KeyedHash`` to it); checked against every
# interpreter installed (tests/test_source_hash.py).  None: no hash-based pycs,
# or not known (PyPy).
_SIPHASH_2_4 = (2, 4)
_SIPHASH_1_3 = (1, 3)

_PY2_TRAITS = dict(
    strings="py2", wordcode=False, line_table="lnotab", flag_names=_FLAGS_PY2,
    source_hash_rounds=None,
)
_PY3_OLD = dict(
    strings="py3", wordcode=False, line_table="lnotab", flag_names=_FLAGS_PY3,
    source_hash_rounds=None,
)
_PY3_WORD = dict(
    strings="py3", wordcode=True, line_table="lnotab_signed", flag_names=_FLAGS_PY3,
    source_hash_rounds=None,
)
_PY3_WORD_HASHED = dict(_PY3_WORD, source_hash_rounds=_SIPHASH_2_4)
_PY311 = dict(
    strings="py3",
    wordcode=True,
    line_table="locations",
    flag_names=_FLAGS_PY3,
    code_layout="3.11",
    header_size=16,
    marshal_version=4,
    source_hash_rounds=_SIPHASH_1_3,
)

#: key -> base traits, plus ``eras``: ``((first_magic, overrides), ...)``.
#: ``unsupported`` in an era names why such files cannot be read faithfully.
LINES: dict[str, dict[str, Any]] = {
    # Python 1.0's code objects hold their constants and names in lists: its
    # compile.c newcodeobject() refuses anything but a list for both (1.1 made
    # them tuples); every 1.0 pyc of the uncompyle6 and xdis corpora has lists.
    # Before 1.5 a code object has no line table: SET_LINENO instructions carry the
    # lines (1.5 added co_lnotab and co_firstlineno).
    "1.0": _cpython(
        (1, 0), header_size=8, marshal_version=0, code_layout="1.0", code_lists=True,
        **dict(_PY2_TRAITS, line_table="set_lineno"),
    ),
    "1.1": _cpython((1, 1), header_size=8, marshal_version=0, code_layout="1.0",
                    **dict(_PY2_TRAITS, line_table="set_lineno")),
    "1.3": _cpython((1, 3), header_size=8, marshal_version=0, code_layout="1.3",
                    **dict(_PY2_TRAITS, line_table="set_lineno")),
    "1.4": _cpython((1, 4), header_size=8, marshal_version=0, code_layout="1.3",
                    **dict(_PY2_TRAITS, line_table="set_lineno")),
    "1.5": _cpython((1, 5), header_size=8, marshal_version=0, code_layout="1.5", **_PY2_TRAITS),
    "1.6": _cpython((1, 6), header_size=8, marshal_version=0, code_layout="1.5", **_PY2_TRAITS),
    "2.0": _cpython((2, 0), header_size=8, marshal_version=0, code_layout="1.5", **_PY2_TRAITS),
    "2.1": _cpython((2, 1), header_size=8, marshal_version=0, code_layout="2.1", **_PY2_TRAITS),
    "2.2": _cpython((2, 2), header_size=8, marshal_version=0, code_layout="2.1", **_PY2_TRAITS),
    "2.3": _cpython((2, 3), header_size=8, marshal_version=0, code_layout="2.3", **_PY2_TRAITS),
    "2.4": _cpython((2, 4), header_size=8, marshal_version=1, code_layout="2.3", **_PY2_TRAITS),
    "2.5": _cpython((2, 5), header_size=8, marshal_version=2, code_layout="2.3", **_PY2_TRAITS),
    "2.6": _cpython((2, 6), header_size=8, marshal_version=2, code_layout="2.3", **_PY2_TRAITS),
    "2.7": _cpython((2, 7), header_size=8, marshal_version=2, code_layout="2.3", **_PY2_TRAITS),
    "3.0": _cpython((3, 0), header_size=8, marshal_version=2, code_layout="3.0", **_PY3_OLD),
    "3.1": _cpython((3, 1), header_size=8, marshal_version=2, code_layout="3.0", **_PY3_OLD),
    "3.2": _cpython((3, 2), header_size=8, marshal_version=2, code_layout="3.0", **_PY3_OLD),
    "3.3": _cpython(
        (3, 3),
        header_size=12,
        marshal_version=2,
        code_layout="3.0",
        eras=((3190, {"header_size": 8}), (3210, {"header_size": 12})),
        **_PY3_OLD,
    ),
    "3.4": _cpython((3, 4), header_size=12, marshal_version=4, code_layout="3.0", **_PY3_OLD),
    "3.5": _cpython((3, 5), header_size=12, marshal_version=4, code_layout="3.0", **_PY3_OLD),
    "3.6": _cpython(
        (3, 6),
        header_size=12,
        marshal_version=4,
        code_layout="3.0",
        eras=(
            (3360, {"wordcode": False, "line_table": "lnotab"}),
            (3361, {"wordcode": False, "line_table": "lnotab_signed"}),
            (3370, {"wordcode": True}),
        ),
        **_PY3_WORD,
    ),
    "3.7": _cpython(
        (3, 7),
        header_size=16,
        marshal_version=4,
        code_layout="3.0",
        eras=((3390, {"header_size": 12}), (3392, {"header_size": 16})),
        **_PY3_WORD_HASHED,
    ),
    "3.8": _cpython(
        (3, 8),
        header_size=16,
        marshal_version=4,
        code_layout="3.8",
        eras=((3400, {"code_layout": "3.0"}), (3410, {"code_layout": "3.8"})),
        **_PY3_WORD_HASHED,
    ),
    "3.9": _cpython(
        (3, 9), header_size=16, marshal_version=4, code_layout="3.8", **_PY3_WORD_HASHED
    ),
    "3.10": _cpython(
        (3, 10),
        header_size=16,
        marshal_version=4,
        code_layout="3.10",
        eras=((3430, {"line_table": "lnotab_signed"}), (3431, {"line_table": "linetable"})),
        **{**_PY3_WORD_HASHED, "line_table": "linetable"},
    ),
    "3.11": _cpython(
        (3, 11),
        eras=(
            (
                3450,
                {
                    "unsupported": "3.11 alphas before 3.11a7 (magic 3494) used code-object "
                    "layouts and location tables that changed from one alpha to the next"
                },
            ),
            (3494, {"unsupported": None}),
        ),
        **_PY311,
    ),
    "3.12": _cpython((3, 12), **_PY311),
    "3.13": _cpython((3, 13), **_PY311),
    # Marshal version 5 (slices, type ':') arrived with magic 3608 "Add support
    # for slices" (Include/internal/pycore_magic_number.h); earlier 3.14 alphas
    # wrote version 4.
    "3.14": _cpython(
        (3, 14),
        eras=((3600, {"marshal_version": 4}), (3608, {"marshal_version": 5})),
        **{
            **_PY311,
            "marshal_version": 5,
            "flag_names": _FLAGS_PY314,
            # co_localspluskinds marks argument slots (CO_FAST_ARG_*) from 3.14 on.
            "localsplus_arg_kinds": True,
        },
    ),
    "3.15": _cpython(
        (3, 15),
        **{
            **_PY311,
            "marshal_version": 6,
            "flag_names": _FLAGS_PY314,
            "localsplus_arg_kinds": True,
        },
    ),
    # PyPy: pycs follow the CPython line they implement (header size, code
    # layout), with PyPy's own magic numbers (see magics.py).  Facts from PyPy's
    # pypy/interpreter/pycode.py (pypy_incremental_magic) and xdis' magics.py /
    # unmarshal.py.
    "pypy2.7": _pypy((2, 7), header_size=8, marshal_version=2, code_layout="2.3", **_PY2_TRAITS),
    # PyPy3 2.4's magic 48 keeps Python 3.2's 8-byte header (magic, mtime): every
    # magic-48 pyc of the uncompyle6 and xdis test corpora has its code object at
    # offset 8 (xdis' load.py reads a source-size word there, which these files
    # do not have).  Those files also write every identifier (co_names,
    # co_varnames, co_filename, co_name ...) as a byte string 's'; string
    # constants are 'u' as in CPython 3.2.
    "pypy3.2": _pypy(
        (3, 2), header_size=8, marshal_version=2, code_layout="3.0", byte_names=True,
        **_PY3_OLD,
    ),
    "pypy3.3": _pypy((3, 3), header_size=12, marshal_version=2, code_layout="3.0", **_PY3_OLD),
    "pypy3.5": _pypy((3, 5), header_size=12, marshal_version=4, code_layout="3.0", **_PY3_OLD),
    "pypy3.6": _pypy((3, 6), header_size=12, marshal_version=4, code_layout="3.0", **_PY3_WORD),
    "pypy3.7": _pypy((3, 7), header_size=16, marshal_version=4, code_layout="3.0", **_PY3_WORD),
    "pypy3.8": _pypy((3, 8), header_size=16, marshal_version=4, code_layout="3.8", **_PY3_WORD),
    "pypy3.9": _pypy((3, 9), header_size=16, marshal_version=4, code_layout="3.8", **_PY3_WORD),
    "pypy3.10": _pypy((3, 10), header_size=16, marshal_version=4, code_layout="3.8", **_PY3_WORD),
    "pypy3.11": _pypy(
        (3, 11), header_size=16, marshal_version=4, code_layout="pypy3.11", **_PY3_WORD
    ),
}

# A float's repr was ``%.17g`` (``0.10000000000000001``) until the shortest repr that
# round-trips came in 2.7 and 3.1: dis shows constants the version's way.
for _key in ("1.0", "1.1", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5",
             "2.6", "3.0"):
    LINES[_key]["float_repr"] = "17g"
