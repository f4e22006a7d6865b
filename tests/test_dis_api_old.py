"""``dis_api`` of the print-statement versions (1.x-2.7, 3.0-3.3) and of the
bytecode versions before wordcode: bare-bytecode disassembly and labels.

The expected texts were printed by CPython 2.7.18's own ``dis`` (and are
checked against it again where that interpreter is installed); 3.0-3.3's
``_disassemble_bytes`` is 2.7's ``disassemble_string`` written with
``print(..., end=' ')``, so each line keeps a trailing space.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import re
import subprocess
from typing import Any

import pytest
from interpreters import find, shared_dir

import bytescope
from bytescope.bytecode.resolve import BAD
from bytescope.code import Code
from bytescope.versions import by_name

#: LOAD_CONST 0, STORE_FAST 0, LOAD_FAST 0, LOAD_ATTR 1, COMPARE_OP 2, JUMP_ABSOLUTE 0,
#: SETUP_LOOP 5, LOAD_DEREF 0, <144> 1 (no such opcode), SETUP_WITH 1, LOAD_NAME 1,
#: RETURN_VALUE
RAW27 = (b"d\x00\x00}\x00\x00|\x00\x00j\x01\x00k\x02\x00q\x00\x00x\x05\x00\x88\x00\x00"
         b"\x90\x01\x00\x8f\x01\x00e\x01\x00S")
TAIL = (
    "         12 COMPARE_OP          2 (==)\n"
    "         15 JUMP_ABSOLUTE       0\n"
    "         18 SETUP_LOOP          5 (to 26)\n"
    "         21 LOAD_DEREF          0\n"
    "         24 <144>               1\n"
    "         27 SETUP_WITH          1 (to 31)\n"
)
#: 2.7.18: dis.dis(RAW27) (an unknown opcode shows as <144>; LOAD_DEREF's free
#: variable is not explained)
NATIVE_DIS = (
    "    >>    0 LOAD_CONST          0 (0)\n"
    "          3 STORE_FAST          0 (0)\n"
    "          6 LOAD_FAST           0 (0)\n"
    "          9 LOAD_ATTR           1 (1)\n" + TAIL +
    "         30 LOAD_NAME           1 (1)\n"
    "         33 RETURN_VALUE   \n"
)
#: 2.7.18: dis.disassemble_string(RAW27, 3, ('a',), ('n0', 'n1'), (None, 's'))
NATIVE_TABLES = (
    "    >>    0 LOAD_CONST          0 (None)\n"
    "-->       3 STORE_FAST          0 (a)\n"
    "          6 LOAD_FAST           0 (a)\n"
    "          9 LOAD_ATTR           1 (n1)\n" + TAIL +
    "         30 LOAD_NAME           1 (n1)\n"
    "         33 RETURN_VALUE   \n"
)


def _printed(fn: Any, *args: Any) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn(*args)
    return out.getvalue()


def test_27_bare_bytecode_is_disassemble_string() -> None:
    """2.7's ``dis.dis(str)`` and ``disassemble_string`` print no line column, names
    padded to 15, arguments by number without tables (was: dis(raw) printed the
    code-object layout; disassemble_string called dis with the wrong arguments and
    disassembled the last traceback)."""
    api = bytescope.dis_api("2.7")
    assert _printed(api.dis, RAW27) == NATIVE_DIS
    assert _printed(api.disassemble_string, RAW27) == NATIVE_DIS
    assert _printed(api.disassemble_string, RAW27, 3, ("a",), ("n0", "n1"),
                    (None, b"s")) == NATIVE_TABLES


def test_27_disassemble_string_shows_what_native_cannot() -> None:
    """Where native 2.7 raises IndexError (a name index past the table), the index is
    shown; a truncated last argument reads as zero."""
    api = bytescope.dis_api("2.7")
    text = _printed(api.disassemble_string, RAW27 + b"\xff", -1, (), ())
    assert "LOAD_NAME           1 (<bad name index 1>)" in text
    assert text.endswith("         34 <255>               0\n")


def test_30_to_33_bare_bytecode_keeps_the_trailing_space() -> None:
    api = bytescope.dis_api("3.3")
    ops = api.opmap
    raw = bytes([ops["LOAD_CONST"], 0, 0, ops["RETURN_VALUE"]])
    assert _printed(api.dis, raw) == (
        "          0 LOAD_CONST          0 (0) \n"
        "          3 RETURN_VALUE    \n"
    )


def _jump_past_64k(key: str) -> Code:
    """EXTENDED_ARG 1; JUMP_ABSOLUTE 6 (target 65542); LOAD_CONST 0; RETURN_VALUE."""
    version = by_name(key)
    api = bytescope.dis_api(key)
    ops = api.opmap
    raw = bytes([api.EXTENDED_ARG, 1, 0, ops["JUMP_ABSOLUTE"], 6, 0, ops["LOAD_CONST"], 0, 0,
                 ops["RETURN_VALUE"]])
    name = b"f" if version.is_py2 else "f"
    return Code(version, co_code=raw, co_consts=(None,), co_filename=name, co_name=name,
                co_firstlineno=1, co_linetable=b"\x00\x01")


#: 2.7.18's dis.dis of that code (its findlabels reads each jump's own 16 bits)
NATIVE_JUMP = (
    "  2           0 EXTENDED_ARG             1\n"
    "              3 JUMP_ABSOLUTE        65542L\n"
    "        >>    6 LOAD_CONST               0 (None)\n"
    "              9 RETURN_VALUE        \n"
)


@pytest.mark.parametrize("key", ["2.7", "3.5"])
def test_labels_before_36_ignore_extended_arg(key: str) -> None:
    """Before 3.6, ``findlabels`` (and so ``>>``) takes a jump's own 16-bit argument:
    the target of ``EXTENDED_ARG 1; JUMP_ABSOLUTE 6`` is marked at 6, not 65542."""
    code = _jump_past_64k(key)
    api = bytescope.dis_api(key)
    assert api.findlabels(code.co_code) == [6]
    assert bytescope.findlabels(code) == [6]
    jump = list(bytescope.get_instructions(code))[1]
    assert jump.argval == 65542  # the target itself is the folded one
    if key == "2.7":
        assert bytescope.dis_text(code) == NATIVE_JUMP


_NATIVE27 = """
import dis, sys
raw = %r
dis.dis(raw)
dis.disassemble_string(raw, 3, ('a',), ('n0', 'n1'), (None, 's'))
import types
jump = %r
co = types.CodeType(0, 0, 1, 0, jump, (None,), (), (), 'f', 'f', 1, '\\x00\\x01')
dis.dis(co)
"""


def test_against_native_27() -> None:
    python = find("2.7")
    if python is None:
        pytest.skip("Python 2.7 interpreter not installed")
    script = _NATIVE27 % (RAW27.decode("latin-1"), _jump_past_64k("2.7").co_code.decode(
        "latin-1"))
    res = subprocess.run([python, "-c", script], capture_output=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode("latin-1") == NATIVE_DIS + NATIVE_TABLES + NATIVE_JUMP


# --- every line, one hand-written loop: the nearest forms give the right answers -------------


def _loop_program(key: str) -> tuple[Code, list[tuple[str, Any, int, bool, Any]], list[int],
                                      list[tuple[int, int]], int]:
    """Return ``x = 1; while x < 3: x = x`` as line ``key``'s compiler would write it (by
    opcode name), with what ``get_instructions`` must give for it: ``(opname, argval,
    offset, is_jump_target, starts_line)`` per instruction, ``findlabels``,
    ``findlinestarts`` and the offset of the conditional jump.

    The facts used are the lines' own, written here independently of bytescope's
    tables: SET_LINENO carries the lines of 1.0-1.4; JUMP_IF_FALSE (relative, 1.x-2.6
    and 3.0) or POP_JUMP_IF_FALSE (absolute); wordcode from 3.6 (PyPy 3.6 too).
    """
    version = by_name(key)
    api = bytescope.dis_api(key)
    ops = api.opmap
    base = key[4:] if key.startswith("pypy") else key
    wordcode = tuple(int(p) for p in base.split(".")) >= (3, 6)
    set_lineno = version.line_table == "set_lineno"
    relative = "JUMP_IF_FALSE" in ops and "POP_JUMP_IF_FALSE" not in ops
    cond = "JUMP_IF_FALSE" if relative else "POP_JUMP_IF_FALSE"
    lines = {"top": 2, "start": 1, "body": 3}
    # (label, opname, argument or a label to jump to)
    prog: list[tuple[str, str, Any]] = [
        ("start", "LOAD_CONST", 0), ("", "STORE_NAME", 0),
        ("top", "LOAD_NAME", 0), ("", "LOAD_CONST", 1), ("", "COMPARE_OP", 0), ("", cond, "end"),
        ("body", "LOAD_NAME", 0), ("", "STORE_NAME", 0), ("", "JUMP_ABSOLUTE", "top"),
        ("end", "LOAD_CONST", 2), ("", "RETURN_VALUE", None),
    ]
    if set_lineno:  # the line markers come first in their line
        for label in ("start", "top", "body"):
            i = next(k for k, item in enumerate(prog) if item[0] == label)
            prog[i] = ("", *prog[i][1:])
            prog.insert(i, (label, "SET_LINENO", lines[label]))

    def size(name: str) -> int:
        return 2 if wordcode else (3 if ops[name] >= api.HAVE_ARGUMENT else 1)

    offsets, at = [], 0
    for _label, name, _arg in prog:
        offsets.append(at)
        at += size(name)
    where = {label: offsets[i] for i, (label, _n, _a) in enumerate(prog) if label}
    raw = bytearray()
    for i, (_label, name, arg) in enumerate(prog):
        if isinstance(arg, str):  # a jump
            arg = where[arg] - (offsets[i] + size(name)) if name == "JUMP_IF_FALSE" else where[arg]
        raw.append(ops[name])
        if wordcode:
            raw.append(arg or 0)
        elif ops[name] >= api.HAVE_ARGUMENT:
            raw += bytes((arg & 0xFF, arg >> 8))
    text = (lambda s: s.encode()) if version.is_py2 else str
    fields: dict[str, Any] = dict(co_code=bytes(raw), co_consts=(1, 3, None), co_names=(text("x"),),
                                  co_filename=text("loop.py"), co_name=text("<module>"))
    if version.code_lists:
        fields.update(co_consts=[1, 3, None], co_names=[text("x")])
    starts = [(where[label], lines[label]) for label in ("start", "top", "body")]
    if not set_lineno:
        fields["co_firstlineno"] = 1
        fields["co_linetable"] = bytes((where["top"], 1, where["body"] - where["top"], 1))
    code = Code(version, **fields)
    argvals = {"LOAD_CONST": (1, 3, None), "LOAD_NAME": ("x",), "STORE_NAME": ("x",)}
    expected = []
    first = dict(starts)
    for i, (_label, name, arg) in enumerate(prog):
        if isinstance(arg, str):
            value: Any = where[arg]
        elif name in argvals:
            value = argvals[name][arg]
        elif name == "COMPARE_OP":
            value = "<"
        else:
            value = arg
        expected.append((name, value, offsets[i], offsets[i] in (where["top"], where["end"]),
                         first.get(offsets[i])))
    cond_at = offsets[next(i for i, item in enumerate(prog) if item[1] == cond)]
    return code, expected, [where["end"], where["top"]], starts, cond_at


#: lines whose loop the helper can write (3.10+ count jumps in words, 3.11+ add caches:
#: their interpreters are here; PyPy 3.10+ follows them)
LOOP_LINES = [k for k in bytescope.versions.known_lines()
              if k not in ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "pypy3.10",
                           "pypy3.11")]


@pytest.mark.parametrize("key", LOOP_LINES)
def test_every_old_line_decodes_a_loop(key: str) -> None:
    """dis_api of every line (nearest forms where the version had no such dis) gives
    the instructions, labels, line starts and ``-->`` a reader of that version expects."""
    code, expected, labels, starts, cond_at = _loop_program(key)
    api = bytescope.dis_api(key)
    got = [(i.opname, i.argval, i.offset, i.is_jump_target, i.starts_line)
           for i in api.get_instructions(code)]
    assert got == expected
    assert api.findlabels(code.co_code) == labels
    assert list(api.findlinestarts(code)) == starts
    marked = [line for line in _printed(api.disassemble, code, cond_at).splitlines()
              if "-->" in line]
    assert len(marked) == 1 and "JUMP_IF_FALSE" in marked[0]
    text = _printed(api.dis, code)
    assert text.count(">>") == 2
    assert [i.opname for i in api.Bytecode(code)] == [e[0] for e in expected]
    assert "loop.py" in api.code_info(code)


# --- real old pycs (../shared/corpora) ------------------------------------------------------

CORPUS = shared_dir("corpora", "uncompyle6")
FOLDERS = sorted(glob.glob(os.path.join(CORPUS, "*"))) if CORPUS else []


@pytest.mark.skipif(not FOLDERS, reason="../shared/corpora/uncompyle6 not present")
@pytest.mark.parametrize("folder", FOLDERS, ids=[os.path.basename(f) for f in FOLDERS])
def test_corpus_through_dis_api(folder: str) -> None:
    """Real 1.5/2.1/2.6/2.7/3.2 pycs through ``dis_api`` of their version: instructions
    with resolved arguments, line starts on instructions and in the code's lines,
    labels on instructions, ``-->`` on the instruction asked for."""
    checked = 0
    for path in sorted(glob.glob(os.path.join(folder, "*.py[co]"))):
        try:
            pyc = bytescope.load(path)
        except bytescope.BytescopeError:
            continue
        api = bytescope.dis_api(pyc)
        for code in pyc.code.iter_code():
            instrs = list(bytescope.get_instructions(code))
            offsets = [i.offset for i in instrs]
            assert all(i.argval is not BAD for i in instrs), (path, code.co_name)
            assert set(api.findlabels(code.co_code)) <= set(offsets) | {len(code.co_code)}
            for offset, line in api.findlinestarts(code):
                assert offset in offsets, (path, code.co_name, offset)
                assert code.co_firstlineno <= line < code.co_firstlineno + 10000
            if offsets:
                lasti = offsets[len(offsets) // 2]
                marked = [ln for ln in _printed(api.disassemble, code, lasti).splitlines()
                          if re.match(r"\s*\d*\s+-->", ln)]
                assert len(marked) == 1 and f" {lasti} " in marked[0], (path, lasti)
            checked += 1
    assert checked


def test_corpus_27_matches_native_27(tmp_path: Any) -> None:
    """The 2.7 pycs of the corpora: every dis text, label and line start as 2.7's own."""
    from test_dis_api_native import compare

    python = find("2.7")
    pycs = sorted(glob.glob(os.path.join(CORPUS or "", "*2.7*", "*.py[co]")))
    if python is None or not pycs:
        pytest.skip("Python 2.7 interpreter or ../shared/corpora not present")
    compared, diffs = compare(python, pycs)
    assert compared > 100
    assert not diffs, "\n".join(diffs[:5])
