"""The editing API: validation that names the problem, and the common edit helpers."""

from __future__ import annotations

import dataclasses
import dis
import glob
import marshal
import os
import sys

import interpreters
import pytest

import bytescope
from bytescope import edit
from bytescope.bytecode import lines
from bytescope.bytecode.decode import unpack
from bytescope.edit import EditError
from bytescope.versions import by_name, host, opcodes

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = sorted(glob.glob(os.path.join(HERE, "fixtures", "*", "*.py[co]")))


def _fixture_id(path: str) -> str:
    return os.path.relpath(path, os.path.join(HERE, "fixtures"))


def _host(src: str) -> bytescope.Code:
    return bytescope.Code.from_host(compile(src, "t.py", "exec"))


def _run(code: bytescope.Code) -> dict:
    ns: dict = {}
    exec(code.to_host(), ns)
    return ns


def _find(code: bytescope.Code, name: str) -> bytescope.Code:
    want = name.encode() if code.version.is_py2 else name
    return next(c for c in code.iter_code() if c.co_name == want)


def _instrs(code: bytescope.Code):
    tab = opcodes.table(code.version)
    return tab, unpack(code.co_code, tab, code.version.wordcode)


# --- validation ----------------------------------------------------------------


def test_fixtures_exist() -> None:
    assert len(FIXTURES) > 30


@pytest.mark.parametrize("path", FIXTURES, ids=_fixture_id)
def test_compiler_output_validates(path: str) -> None:
    """Everything a real compiler wrote passes validation (no false alarms)."""
    edit.validate(bytescope.load(path).code)


SAMPLE = """
G = 5
def f(a, b=2):
    if a:
        return g(a, "text", 1.5)
    for i in range(3):
        b += i
    return b
"""


def test_const_index_out_of_range_is_named() -> None:
    code = _find(_host(SAMPLE), "f")
    tab, instrs = _instrs(code)
    load_const = tab.opmap["LOAD_CONST"]
    offset = next(o for o, _s, op, _a in instrs if tab.deop[op] == load_const)
    raw = bytearray(code.co_code)
    raw[offset + 1] = 200
    with pytest.raises(EditError) as info:
        edit.replace(code, co_code=bytes(raw))
    assert "co_consts" in str(info.value) and "index 200" in str(info.value)
    assert info.value.offset == offset
    assert "f" in info.value.where


def test_name_index_out_of_range_is_named() -> None:
    code = _find(_host(SAMPLE), "f")
    with pytest.raises(EditError, match="co_names"):
        edit.replace(code, co_names=())


def test_jump_beyond_the_end_is_named() -> None:
    code = _find(_host(SAMPLE), "f")
    tab, instrs = _instrs(code)
    from bytescope.bytecode.decode import jump_target

    jump = next(i for i in instrs if i[3] is not None
                and jump_target(tab, i[0], i[2], i[3], True) is not None)
    raw = bytearray(code.co_code)
    raw[jump[0] + 1] = 250
    with pytest.raises(EditError, match="beyond the end|not an instruction start") as info:
        edit.replace(code, co_code=bytes(raw))
    assert info.value.offset == jump[0]


def test_unknown_opcode_is_named() -> None:
    code = _find(_host(SAMPLE), "f")
    tab = opcodes.table(code.version)
    unused = next(i for i in range(1, 256) if tab.names[i].startswith("<"))
    raw = bytes([unused, 0]) + code.co_code[2:]
    with pytest.raises(EditError, match=f"opcode {unused} does not exist") as info:
        edit.replace(code, co_code=raw)
    assert info.value.offset == 0


@pytest.mark.parametrize("changes,match", [
    ({"co_code": b"\x00"}, "odd length"),
    ({"co_names": ("ok", 3)}, r"co_names\[1\]"),
    ({"co_flags": 2**40}, "co_flags"),
    ({"co_consts": [1]}, "co_consts is not a tuple"),
    ({"co_linetable": "x"}, "co_linetable"),
])
def test_field_problems_are_named(changes: dict, match: str) -> None:
    code = _host("x = 1\n")
    with pytest.raises(EditError, match=match):
        edit.replace(code, **changes)


def test_python2_names_must_be_strings() -> None:
    code = bytescope.load(os.path.join(HERE, "fixtures", "2.7", "basics.pyc")).code
    with pytest.raises(EditError, match="co_names"):
        edit.replace(code, co_names=code.co_names + (5,))


def test_nested_code_problems_name_the_path() -> None:
    top = _host(SAMPLE)
    inner = _find(top, "f")
    broken = inner.replace(co_consts=())
    consts = tuple(broken if c is inner else c for c in top.co_consts)
    with pytest.raises(EditError) as info:
        edit.validate(top.replace(co_consts=consts))
    assert info.value.where == "<module>/f"


def test_validation_is_iterative_for_deep_nesting() -> None:
    code = _host("x = 1\n")
    for _ in range(3000):
        code = code.replace(co_consts=(code, None))
    edit.validate(code)  # no RecursionError


# --- replace_const ---------------------------------------------------------------


def test_replace_const_everywhere_including_nested_code_and_tuples() -> None:
    code = _host("A = 'old'\nT = ('old', 1)\ndef f(x):\n    return 'old' + x\n")
    new = edit.replace_const(code, "old", "new")
    ns = _run(new)
    assert (ns["A"], ns["T"], ns["f"]("x")) == ("new", ("new", 1), "newx")


def test_replace_const_is_type_exact() -> None:
    code = _host("a = 1\nb = True\nc = 1.0\nd = 0.0\ne = -0.0\n")
    ns = _run(edit.replace_const(code, 1, 7))
    assert (ns["a"], ns["b"], ns["c"]) == (7, True, 1.0)
    ns = _run(edit.replace_const(code, -0.0, 9.5))
    assert (ns["d"], ns["e"]) == (0.0, 9.5)


def test_replace_const_missing_is_an_error_or_a_no_op() -> None:
    code = _host("a = 1\n")
    with pytest.raises(EditError, match="no constant 'zzz'"):
        edit.replace_const(code, "zzz", "y")
    assert edit.replace_const(code, "zzz", "y", must_match=False) is code


def test_replace_const_python2_bytes_constant() -> None:
    pyc = bytescope.load(os.path.join(HERE, "..", "examples", "fib.cpython-27.pyc"))
    old = b"Return the n-th Fibonacci number."
    new = edit.replace_const(pyc.code, old, b"changed")
    assert b"changed" in _find(new, "fib").co_consts
    back = bytescope.loads(dataclasses.replace(pyc, code=new).to_bytes())
    assert back.code == new


def test_same_value() -> None:
    assert edit.same_value((1, "a"), (1, "a"))
    assert not edit.same_value((1,), (True,))
    assert not edit.same_value(0.0, -0.0)
    assert edit.same_value(float("nan"), float("nan"))
    assert not edit.same_value(b"a", "a")


# --- rename_global / map_code -------------------------------------------------------


def test_rename_global_in_one_function_changes_the_call() -> None:
    code = _host("def a():\n    return 'a'\ndef b():\n    return 'b'\n"
                 "def main():\n    return a()\n")
    new = edit.map_code(code, lambda c: edit.rename_global(c, "a", "b", recursive=False)
                        if c.co_name == "main" else c)
    assert _run(new)["main"]() == "b"
    assert _run(code)["main"]() == "a"


def test_rename_global_everywhere_and_missing_name() -> None:
    code = _host("import os\ndef f():\n    return os.sep\n")
    new = edit.rename_global(code, "os", "sys")
    assert all("os" not in c.co_names for c in new.iter_code())
    with pytest.raises(EditError, match="no name"):
        edit.rename_global(code, "nothere", "x")


def test_map_code_keeps_identity_when_nothing_changes() -> None:
    code = _host(SAMPLE)
    assert edit.map_code(code, lambda c: c) is code


# --- patch_instruction -------------------------------------------------------------


def test_patch_instruction_changes_behaviour() -> None:
    code = _host("def f():\n    x = 'second'\n    return 'first'\n")
    f = _find(code, "f")
    tab, instrs = _instrs(f)
    first, second = f.co_consts.index("first"), f.co_consts.index("second")
    offset, _s, op, _a = next(i for i in instrs if i[3] == first
                              and tab.kinds[tab.deop[i[2]]] == opcodes.K_CONST)
    patched = edit.patch_instruction(f, offset, tab.names[op], second)
    assert len(patched.co_code) == len(f.co_code)
    new = edit.map_code(code, lambda c: patched if c is f else c)
    assert _run(new)["f"]() == "second"


def test_patch_instruction_refusals() -> None:
    f = _find(_host("def f():\n    return 1\n"), "f")
    tab, instrs = _instrs(f)
    offset = next(o for o, _s, op, _a in instrs if tab.names[op] == "RETURN_VALUE")
    with pytest.raises(EditError, match="no opcode named"):
        edit.patch_instruction(f, offset, "NO_SUCH_OP")
    with pytest.raises(EditError, match="needs .* bytes"):
        edit.patch_instruction(f, instrs[-1][0], "LOAD_CONST", 70000)
    with pytest.raises(EditError, match="no instruction starts"):
        edit.patch_instruction(f, 1, "NOP")
    with pytest.raises(EditError, match="co_consts"):
        edit.patch_instruction(f, instrs[-1][0], "LOAD_CONST", 50)


def test_patch_instruction_python2_bytecode() -> None:
    pyc = bytescope.load(os.path.join(HERE, "fixtures", "2.7", "basics.pyc"))
    code = pyc.code
    tab, instrs = _instrs(code)
    offset, _s, op, arg = next(i for i in instrs if tab.names[i[2]] == "LOAD_CONST")
    other = (arg + 1) % len(code.co_consts)
    patched = edit.patch_instruction(code, offset, "LOAD_CONST", other)
    assert patched.co_code[offset:offset + 3] == bytes((op, other, 0))
    with pytest.raises(EditError, match="needs"):
        edit.patch_instruction(code, offset, "LOAD_CONST", 2**20)


# --- line tables ------------------------------------------------------------------------


def _host_sources(limit: int) -> list[str]:
    root = os.path.dirname(os.__file__)
    return sorted(glob.glob(os.path.join(root, "*.py")))[:limit]


def test_locations_reencode_byte_for_byte() -> None:
    if host().line_table != "locations":
        pytest.skip("host has no 3.11+ location tables")
    count = 0
    for path in _host_sources(40):
        with open(path, encoding="utf-8", errors="replace") as fh:
            try:
                top = _host(fh.read())
            except SyntaxError:
                continue
        for code in top.iter_code():
            entries = lines.locations(code.co_linetable, code.co_firstlineno)
            assert edit.encode_locations(entries, code.co_firstlineno) == code.co_linetable
            count += 1
    assert count > 100


def test_set_positions_is_what_the_host_reports() -> None:
    if host().line_table != "locations":
        pytest.skip("host has no 3.11+ location tables")
    code = _find(_host(SAMPLE), "f")
    units = len(code.co_code) // 2
    wanted = [(100 + i // 3, 100 + i // 3 + (i % 2), i % 7, i % 7 + 3) if i % 5 else
              (None, None, None, None) for i in range(units)]
    wanted[1] = (5000, 5001, None, None)
    wanted[2] = (7, 7, None, None)
    new = edit.set_positions(code, wanted)
    assert list(new.to_host().co_positions()) == wanted
    with pytest.raises(EditError, match="positions for"):
        edit.set_positions(code, wanted[:-1])
    with pytest.raises(EditError, match="set_positions"):
        edit.set_line_starts(code, [(0, 1)])


LNOTAB_FIXTURES = [p for p in FIXTURES
                   if bytescope.load(p).version.line_table != "locations"]


@pytest.mark.parametrize("path", LNOTAB_FIXTURES, ids=_fixture_id)
def test_line_starts_round_trip_for_older_versions(path: str) -> None:
    """Decode each code's line table, rebuild it from the pairs, decode again: same lines."""
    for code in bytescope.load(path).code.iter_code():
        kind = code.version.line_table
        n = len(code.co_code)
        if kind == "linetable":
            want = lines.lines_310(code.co_linetable, code.co_firstlineno, n)
            new = edit.set_line_starts(code, [(s, line) for s, _e, line in want])
            assert lines.lines_310(new.co_linetable, code.co_firstlineno, n) == want
        else:
            want = lines.lnotab_starts(code.co_linetable, code.co_firstlineno, n, kind)
            new = edit.set_line_starts(code, sorted(want.items()))
            assert lines.lnotab_starts(new.co_linetable, code.co_firstlineno, n, kind) == want


@pytest.mark.parametrize("signed", [True, False])
def test_lnotab_large_gaps(signed: bool) -> None:
    pairs = [(0, 10), (600, 400), (601, 1000), (2000, 1001)]
    if signed:
        pairs += [(2100, 700), (2102, 3)]
    table = edit.encode_lnotab(pairs, 10, signed=signed)
    variant = "lnotab_signed" if signed else "lnotab"
    assert lines.lnotab_starts(table, 10, 3000, variant) == dict(pairs)


def test_unsigned_lnotab_cannot_go_back() -> None:
    with pytest.raises(EditError, match="cannot go back"):
        edit.encode_lnotab([(0, 5), (4, 3)], 5, signed=False)
    with pytest.raises(EditError, match="offset order"):
        edit.encode_lnotab([(4, 5), (0, 3)], 5)


def test_linetable_310_large_gaps_and_no_line() -> None:
    pairs = [(0, 1), (600, None), (1000, 500), (1002, 2), (1004, 3)]
    table = edit.encode_linetable_310(pairs, 1, 1200)
    assert lines.lines_310(table, 1, 1200) == [
        (0, 600, 1), (600, 1000, None), (1000, 1002, 500), (1002, 1004, 2), (1004, 1200, 3)
    ]


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="compares with host 3.11 dis")
def test_host_findlinestarts_after_rebuild() -> None:
    code = _find(_host(SAMPLE), "f")
    positions = [(p[0] + 50 if p[0] else None, p[1] + 50 if p[1] else None, p[2], p[3])
                 for p in lines.positions_311(code.co_linetable, code.co_firstlineno,
                                              len(code.co_code))]
    new = edit.set_positions(code, positions)
    before = dict(dis.findlinestarts(code.to_host()))
    after = dict(dis.findlinestarts(new.to_host()))
    assert after == {k: v + 50 for k, v in before.items()}


def test_host_marshal_accepts_edited_code() -> None:
    code = edit.replace_const(_host(SAMPLE), "text", "other")
    from bytescope.marshal.writer import dumps

    data = dumps(code, host())
    f = next(c for c in marshal.loads(data).co_consts if hasattr(c, "co_consts"))
    assert "other" in f.co_consts and "text" not in f.co_consts


def test_without_an_opcode_table_fields_are_still_validated(monkeypatch) -> None:
    code = _find(_host(SAMPLE), "f")
    monkeypatch.setattr(edit, "_op_table", lambda code: None)
    raw = bytearray(code.co_code)
    raw[1] = 250  # would be an out-of-range argument; unchecked without a table
    edit.validate(code.replace(co_code=bytes(raw)))
    with pytest.raises(EditError, match="co_names"):
        edit.validate(code.replace(co_names=(1,)))
    with pytest.raises(EditError, match="no opcode table"):
        edit.patch_instruction(code, 0, "NOP")
    assert by_name("1.5").line_table == "lnotab"


def test_write_pyc_validates_first(tmp_path) -> None:
    pyc = bytescope.load(os.path.join(HERE, "..", "examples", "fib.cpython-312.pyc"))
    out = tmp_path / "o.pyc"
    with pytest.raises(EditError):
        edit.write_pyc(pyc, pyc.code.replace(co_names=()), str(out))
    assert not out.exists()
    new = edit.replace_const(pyc.code, DOC312, "x")
    data = edit.write_pyc(pyc, new, str(out))
    assert out.read_bytes() == data and bytescope.loads(data).code == new
    assert edit.write_pyc(pyc, pyc.code) == pyc.data


DOC312 = "Return the n-th Fibonacci number."


def test_linetable_310_first_start_after_zero() -> None:
    table = edit.encode_linetable_310([(4, 9)], 1, 10)
    assert lines.lines_310(table, 1, 10) == [(0, 4, None), (4, 10, 9)]


def test_validate_finds_code_inside_tuple_constants() -> None:
    inner = _find(_host(SAMPLE), "f").replace(co_consts=())
    top = _host("x = 1\n")
    with pytest.raises(EditError, match="f"):
        edit.validate(top.replace(co_consts=((1, (inner,)),) + top.co_consts))


def _old_corpus() -> list[str]:
    base = interpreters.shared_dir("corpora", "uncompyle6")
    if base is None:
        return []
    return sorted(p for p in glob.glob(os.path.join(base, "*", "*")) if os.path.isfile(p))


def test_old_corpus_validates_and_patches() -> None:
    """Real 1.5 - 3.2 pycs (../shared/corpora) pass validation; an instruction patch holds."""
    files = _old_corpus()
    if not files:
        pytest.skip("../shared/corpora/uncompyle6 is absent")
    checked = 0
    for path in files:
        try:
            pyc = bytescope.load(path)
        except bytescope.UnsupportedVersion:
            continue
        edit.validate(pyc.code)
        tab, instrs = _instrs(pyc.code)
        loads = [i for i in instrs if tab.names[i[2]] == "LOAD_CONST"]
        if loads and len(pyc.code.co_consts) > 1:
            offset, _s, _op, arg = loads[0]
            other = (arg + 1) % len(pyc.code.co_consts)
            patched = edit.patch_instruction(pyc.code, offset, "LOAD_CONST", other)
            back = bytescope.loads(dataclasses.replace(pyc, code=patched).to_bytes())
            assert back.code == patched
        checked += 1
    assert checked > 20


def test_pre_wordcode_36_alpha_validates_and_patches() -> None:
    """3.6a1 (magic 3361) still has 3-byte instructions: validate and patch must say so."""
    from bytescope import versions
    from bytescope.edit import patch_instruction, validate

    v = versions.by_magic((3361).to_bytes(2, "little") + b"\r\n")
    assert v.key == "3.6" and not v.wordcode
    # LOAD_CONST 0; JUMP_FORWARD 0 (to 6); LOAD_CONST 1; RETURN_VALUE
    code = bytescope.Code(v, co_code=b"d\x00\x00n\x00\x00d\x01\x00S", co_consts=(None, 1))
    validate(code)  # before: 'opcode 0 does not exist' (read as wordcode)
    patched = patch_instruction(code, 6, "LOAD_CONST", 0)
    assert patched.co_code == b"d\x00\x00n\x00\x00d\x00\x00S"
