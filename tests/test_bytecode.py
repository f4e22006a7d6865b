"""Unit tests of bytescope.bytecode: decoding, line tables, exception tables.

The host interpreter is one real version: its own code objects give exact
expectations (``co_lines()``, ``co_positions()``, its dis) for that version's
tables; other versions are covered by tests/test_dis_oracles.py.
"""

from __future__ import annotations

import dis
import os
import random
import sys

import pytest

from bytescope import Code
from bytescope.bytecode import exceptions, lines
from bytescope.bytecode.decode import unpack
from bytescope.versions import by_name, known_lines, opcodes
from bytescope.views.dis_text import dis_text

HOST = f"{sys.version_info[0]}.{sys.version_info[1]}"


def _host_codes() -> list:
    """Return code objects compiled from a few stdlib sources (nested ones included)."""
    out = []
    for mod in ("argparse", "dis", "json/decoder", "asyncio/tasks"):
        path = os.path.join(os.path.dirname(os.__file__), mod + ".py")
        with open(path, encoding="utf-8") as fh:
            top = compile(fh.read(), path, "exec")
        stack = [top]
        while stack:
            co = stack.pop()
            out.append(co)
            stack.extend(c for c in co.co_consts if hasattr(c, "co_code"))
    return out


HOST_CODES = _host_codes()


def test_co_lines_match_host() -> None:
    for co in HOST_CODES:
        ours = lines.co_lines(Code.from_host(co))
        theirs = list(co.co_lines())
        if sys.version_info < (3, 10):
            theirs_starts = dict(dis.findlinestarts(co))
            ours_starts = lines.linestarts(Code.from_host(co), "lnotab_signed_clip")
            assert ours_starts == theirs_starts, co
        else:
            merged: list = []
            for start, end, line in theirs:
                if start == end:
                    continue
                if merged and merged[-1][2] == line and merged[-1][1] == start:
                    merged[-1] = (merged[-1][0], end, line)
                else:
                    merged.append((start, end, line))
            assert ours == merged, co.co_name


@pytest.mark.skipif(sys.version_info < (3, 11), reason="co_positions is 3.11+")
def test_co_positions_match_host() -> None:
    for co in HOST_CODES:
        assert lines.co_positions(Code.from_host(co)) == list(co.co_positions()), co.co_name


@pytest.mark.skipif(sys.version_info < (3, 11), reason="exception tables are 3.11+")
def test_exception_table_matches_host() -> None:
    seen = 0
    for co in HOST_CODES:
        want = [tuple(e) for e in dis._parse_exception_table(co)]
        got = [tuple(e) for e in exceptions.parse(co.co_exceptiontable)]
        assert got == want, co.co_name
        seen += len(want)
    assert seen > 10


def test_host_dis_text_matches_host_dis() -> None:
    """The host's own dis on stdlib code: a second differential check for the host version."""
    import io

    for co in HOST_CODES[:200]:
        buf = io.StringIO()
        dis.disassemble(co, file=buf)
        ours = dis_text(Code.from_host(co), recurse=False)
        want = buf.getvalue()
        import re

        norm = re.compile(r" at 0x[0-9a-f]+")
        assert norm.sub("", ours) == norm.sub("", want), co.co_name


def test_extended_arg_chain() -> None:
    """More than 256 names and constants: EXTENDED_ARG prefixes, same text as host dis."""
    import io
    import re

    src = "\n".join(f"v{i} = {i}.5" for i in range(300)) + "\nprint(v299)\n"
    co = compile(src, "many.py", "exec")
    ext = dis.opmap["EXTENDED_ARG"]
    assert any(op == ext for op in co.co_code[::2])
    buf = io.StringIO()
    dis.disassemble(co, file=buf)
    norm = re.compile(r" at 0x[0-9a-f]+")
    assert norm.sub("", dis_text(Code.from_host(co))) == norm.sub("", buf.getvalue())
    table = opcodes.table(by_name(HOST))
    instrs = unpack(co.co_code, table, True)
    starts = [s for off, s, op, arg in instrs if op != ext and s != off]
    assert starts, "start_offset should point at the EXTENDED_ARG prefix"


@pytest.mark.parametrize("key", [k for k in known_lines() if not k.startswith("pypy")])
def test_garbage_bytecode_never_raises(key: str) -> None:
    """Random code strings (unknown opcodes, bad indexes, odd lengths) still disassemble."""
    try:
        version = by_name(key)
        table = opcodes.table(version)
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no table for {key}: {exc}")
    rng = random.Random(hash(key) & 0xFFFF)
    for n in (0, 1, 2, 3, 7, 64, 301):
        raw = bytes(rng.randrange(256) for _ in range(n))
        lt = bytes(rng.randrange(256) for _ in range(rng.randrange(12)))
        code = Code(version, co_code=raw, co_consts=(1,), co_names=("x",),
                    co_varnames=("a",), co_linetable=lt, co_exceptiontable=lt,
                    co_localsplusnames=("a",) if version.has_localsplus else None,
                    co_localspluskinds=b" " if version.has_localsplus else None)
        text = dis_text(code, show_caches="show_caches" in table.traits["options"])
        assert isinstance(text, str)
    assert any(name.startswith("<") for name in table.names)


def test_unknown_opcode_shown_by_number() -> None:
    version = by_name("3.12")
    table = opcodes.table(version)
    unused = next(i for i, n in enumerate(table.names) if n.startswith("<"))
    code = Code(version, co_code=bytes([unused, 7]), co_localsplusnames=(),
                co_localspluskinds=b"")
    assert f"<{unused}>" in dis_text(code)


def test_py2_long_after_extended_arg() -> None:
    """Python 2's dis prints arguments built from EXTENDED_ARG as longs (``65537L``)."""
    version = by_name("2.7")
    table = opcodes.table(version)
    ext = table.opmap["EXTENDED_ARG"]
    load = table.opmap["LOAD_CONST"]
    code = Code(version, co_code=bytes([ext, 1, 0, load, 1, 0]), co_consts=(0,) * 2,
                co_linetable=b"", co_firstlineno=1)
    text = dis_text(code)
    assert "65537L" in text


@pytest.mark.parametrize("key,unit", [("2.7", bytes([145, 1, 1])), ("3.8", bytes([144, 255])),
                                      ("3.12", bytes([144, 255]))])
def test_hostile_extended_arg_chain_is_linear(key: str, unit: bytes) -> None:
    """100k EXTENDED_ARGs in a row: no quadratic big-int growth (native dis would crawl)."""
    import time

    version = by_name(key)
    tail = bytes([100, 0, 0]) if key == "2.7" else bytes([100, 0])
    lp = version.has_localsplus
    code = Code(version, co_code=unit * 100_000 + tail, co_consts=(1,),
                co_localsplusnames=() if lp else None, co_localspluskinds=b"" if lp else None)
    start = time.perf_counter()
    text = dis_text(code)
    assert time.perf_counter() - start < 20
    assert text.count("EXTENDED_ARG") == 100_000


def test_set_order_replays_cpython_sets() -> None:
    """Hash-stable items come out in the order a CPython set built from them iterates."""
    from bytescope.bytecode.set_order import set_order, stable_hash

    rng = random.Random(7)
    for _ in range(200):
        items = [rng.choice([rng.randrange(-999, 999), rng.random() * 50,
                             (rng.randrange(40), rng.randrange(3)), 2 ** rng.randrange(90)])
                 for _ in range(rng.randrange(1, 40))]
        items = list(dict.fromkeys(items))
        built: set = set()
        for item in items:
            built.add(item)
        assert set_order(tuple(items)) == list(built)
    for value in ((1, 2, (3.5, -4)), -1, 2**65, -0.0, 1e308):
        assert stable_hash(value) == hash(value)
    assert set_order(("a", 1)) is None


# PyPy's changes to the CPython table of its line, as its real pycs use them
# (uncompyle6/xdis/decompile3 corpora; data in versions/opcodes/pypy.py).
PYPY_OPS = [
    ("pypy2.7", {201: "LOOKUP_METHOD", 202: "CALL_METHOD", 204: "JUMP_IF_NOT_DEBUG"}),
    ("pypy3.5", {155: "FORMAT_VALUE", 157: "BUILD_STRING", 204: "JUMP_IF_NOT_DEBUG"}),
    ("pypy3.6", {134: "MAKE_CLOSURE", 140: "CALL_FUNCTION_VAR", 142: "CALL_FUNCTION_VAR_KW",
                 202: "CALL_METHOD", 204: "JUMP_IF_NOT_DEBUG"}),
    ("pypy3.7", {160: "<160>", 161: "CALL_METHOD", 201: "LOOKUP_METHOD", 204: "CALL_METHOD_KW"}),
    ("pypy3.8", {121: "SETUP_EXCEPT", 161: "CALL_METHOD", 201: "LOOKUP_METHOD",
                 203: "BUILD_LIST_FROM_ARG", 204: "CALL_METHOD_KW"}),
    ("pypy3.9", {120: "SETUP_EXCEPT", 160: "LOAD_METHOD", 161: "CALL_METHOD", 162: "<162>",
                 164: "LIST_EXTEND", 166: "DICT_MERGE", 167: "DICT_UPDATE"}),
    ("pypy3.10", {120: "SETUP_EXCEPT", 161: "CALL_METHOD", 166: "DICT_MERGE",
                  167: "DICT_UPDATE", 204: "CALL_METHOD_KW"}),
    # PyPy 3.11 kept CPython 3.10's instruction set (xdis' 59 PyPy 3.11 test pycs)
    ("pypy3.11", {114: "POP_JUMP_IF_FALSE", 129: "<129>", 37: "CHECK_EG_MATCH",
                  161: "CALL_METHOD", 166: "DICT_MERGE", 204: "CALL_METHOD_KW"}),
]


@pytest.mark.parametrize("key,ops", PYPY_OPS, ids=[k for k, _ in PYPY_OPS])
def test_pypy_opcode_tables(key: str, ops: dict) -> None:
    table = opcodes.table(by_name(key))
    assert {op: table.names[op] for op in ops} == ops
    jumps = {table.names[op] for op in range(256) if table.is_jump[op]}
    assert ("JUMP_IF_NOT_DEBUG" in jumps) == (204 in ops and ops[204] == "JUMP_IF_NOT_DEBUG")
    if "SETUP_EXCEPT" in ops.values():
        assert "SETUP_EXCEPT" in jumps


def test_pypy37_call_method_kw_is_a_call() -> None:
    """``l.sort(key=f)`` as PyPy 3.7 compiles it: 204 takes an argument count."""
    from bytescope.edit import validate

    raw = bytes([101, 0, 201, 1, 101, 1, 100, 0, 204, 1, 1, 0, 100, 1, 83, 0])
    code = Code(by_name("pypy3.7"), co_code=raw, co_consts=(("key",), None),
                co_names=("l", "sort", "f"))
    text = dis_text(code)
    assert "LOOKUP_METHOD            1 (sort)" in text
    assert "CALL_METHOD_KW           1\n" in text and ">>" not in text
    validate(code)  # no jump into the middle of an instruction


# Python 1.0 - 1.4: the old calling convention's opcodes (in the 1.0 - 1.2 pycs of
# the uncompyle6/xdis corpora), and LOAD_GLOBALS / BINARY_POWER by release.
OLD_OPS = [
    ("1.0", {14: "UNARY_CALL", 26: "BINARY_CALL", 81: "RAISE_EXCEPTION", 84: "<84>",
             86: "BUILD_FUNCTION", 94: "UNPACK_ARG", 117: "SET_FUNC_ARGS", 19: "<19>",
             123: "RESERVE_FAST"}),
    ("1.1", {26: "BINARY_CALL", 84: "LOAD_GLOBALS", 86: "BUILD_FUNCTION", 19: "<19>"}),
    ("1.3", {26: "BINARY_CALL", 84: "LOAD_GLOBALS", 131: "CALL_FUNCTION", 19: "<19>"}),
    ("1.4", {26: "BINARY_CALL", 84: "<84>", 19: "BINARY_POWER", 132: "MAKE_FUNCTION"}),
    ("1.5", {26: "<26>", 84: "<84>", 86: "<86>", 19: "BINARY_POWER", 123: "<123>"}),
]


@pytest.mark.parametrize("key,ops", OLD_OPS, ids=[k for k, _ in OLD_OPS])
def test_python1_opcode_tables(key: str, ops: dict) -> None:
    table = opcodes.table(by_name(key))
    assert {op: table.names[op] for op in ops} == ops


@pytest.mark.parametrize("key,slots", [("1.0", {b"path": 0, b"st": 1}), ("1.1", (b"path", b"st"))])
def test_python1_fast_locals_named_by_reserve_fast(key: str, slots: object) -> None:
    """1.0-1.2 code has no co_varnames: RESERVE_FAST's constant names the slots."""
    from bytescope.edit import validate

    # RESERVE_FAST 1; UNPACK_ARG 1; STORE_FAST 0; LOAD_FAST 1; LOAD_GLOBAL 0; BINARY_CALL;
    # RETURN_VALUE
    raw = bytes([123, 1, 0, 94, 1, 0, 125, 0, 0, 124, 1, 0, 116, 0, 0, 26, 83])
    seq = list if key == "1.0" else tuple
    code = Code(by_name(key), co_code=raw, co_consts=seq([None, slots]),
                co_names=seq([b"st", b"len", b"path"]))
    text = dis_text(code)
    assert "STORE_FAST               0 (path)" in text
    assert "LOAD_FAST                1 (st)" in text
    assert "BINARY_CALL" in text and "<" not in text.replace("<bad", "")
    validate(code)


def test_pypy311_has_no_inline_caches() -> None:
    table = opcodes.table(by_name("pypy3.11"))
    assert not any(table.caches) and table.traits["jump_scale"] == 2
    # POP_JUMP_IF_FALSE 9: 3.10's absolute jump in instruction units, to offset 18
    code = Code(by_name("pypy3.11"), co_code=bytes([101, 0, 114, 9] + [9, 0] * 6 + [83, 0] * 3),
                co_names=("x",))
    assert "POP_JUMP_IF_FALSE        9 (to 18)" in dis_text(code)
