"""Edit pycs compiled by every installed interpreter, then run them with that interpreter.

For each version: the interpreter compiles a small module; bytescope (on the
host) changes a string constant, renames the function one function calls,
patches one instruction, writes the pyc; the same interpreter imports the
result and the test checks the changed behaviour.  Versions whose interpreter
is absent are skipped with the reason.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess

import interpreters
import pytest

import bytescope
from bytescope import edit
from bytescope.bytecode.decode import unpack
from bytescope.pyc import make_header
from bytescope.versions import opcodes

# Python 2.7 and 3.x compatible.
SOURCE = '''\
def hello():
    return "hello"

def goodbye():
    return "goodbye"

def main():
    return hello() + " world"

def pick():
    unused = "second"
    return "first"

RESULT = main() + "|" + pick()
'''

RUN = "import sys; sys.path.insert(0, sys.argv[1]); import m; sys.stdout.write(m.RESULT)"


def _compile(python: str, src_dir: str, out: str) -> None:
    subprocess.run(
        [python, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], "
         "doraise=True)", os.path.join(src_dir, "m.py"), out],
        check=True, capture_output=True, timeout=120,
    )


def _run(python: str, path_dir: str) -> str:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([python, "-c", RUN, path_dir], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _text(code: bytescope.Code, value: str) -> object:
    return value.encode() if code.version.is_py2 else value


def _patch_pick(code: bytescope.Code) -> bytescope.Code:
    """In pick(), make the instruction that loads "first" load "second" instead."""
    tab = opcodes.table(code.version)
    first = code.co_consts.index(_text(code, "first"))
    second = code.co_consts.index(_text(code, "second"))
    for offset, _start, op, arg in unpack(code.co_code, tab, code.version.wordcode):
        if tab.kinds[tab.deop[op]] == opcodes.K_CONST and arg == first:
            return edit.patch_instruction(code, offset, op, second)
    raise AssertionError("no instruction loads 'first'")


def _edited(pyc: bytescope.Pyc) -> bytescope.Code:
    code = pyc.code
    code = edit.replace_const(code, _text(code, " world"), _text(code, " there"))

    def one(c: bytescope.Code) -> bytescope.Code:
        if c.co_name == _text(c, "main"):
            return edit.rename_global(c, "hello", "goodbye", recursive=False)
        if c.co_name == _text(c, "pick"):
            return _patch_pick(c)
        return c

    code = edit.map_code(code, one)
    edit.validate(code)
    return code


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_edited_pyc_runs_with_its_interpreter(version: str, tmp_path) -> None:
    python = interpreters.require(version)
    src = tmp_path / "src"
    src.mkdir()
    (src / "m.py").write_text(SOURCE)
    original = tmp_path / "orig.pyc"
    _compile(python, str(src), str(original))
    pyc = bytescope.load(str(original))
    assert pyc.version.key == version

    new = dataclasses.replace(pyc, code=_edited(pyc))
    data = new.to_bytes()
    assert bytescope.load(data).code == new.code

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "m.pyc").write_bytes(data)  # sourceless import
    assert _run(python, str(run_dir)) == "goodbye there|second"

    # and the original, as compiled, said something else
    (run_dir / "m.pyc").write_bytes(original.read_bytes())
    assert _run(python, str(run_dir)) == "hello world|first"


@pytest.mark.parametrize("version", [v for v in interpreters.VERSIONS
                                     if tuple(map(int, v.split("."))) >= (3, 7)])
def test_checked_hash_pyc_is_accepted_by_its_interpreter(version: str, tmp_path) -> None:
    """A checked-hash pyc next to its source is used only if our source hash is right."""
    python = interpreters.require(version)
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    source = SOURCE.encode()
    (pkg / "m.py").write_bytes(source)
    compiled = tmp_path / "orig.pyc"
    _compile(python, str(pkg), str(compiled))
    pyc = bytescope.load(str(compiled))
    header = make_header(pyc.version, mode="checked-hash", source=source,
                         magic_word=pyc.header.magic_word)
    edited = dataclasses.replace(pyc, code=_edited(pyc), header=header)
    tag = subprocess.run([python, "-c", "import sys; print(sys.implementation.cache_tag)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    cache = pkg / "__pycache__"
    cache.mkdir()
    (cache / f"m.{tag}.pyc").write_bytes(edited.to_bytes())
    # The interpreter hashes m.py itself; a wrong hash would make it recompile the
    # source and print the original text.
    assert _run(python, str(pkg)) == "goodbye there|second"
    # Changing the source invalidates the checked pyc: the interpreter recompiles.
    (pkg / "m.py").write_bytes(source + b"\n")
    assert _run(python, str(pkg)) == "hello world|first"


LINES = ("import sys, dis; sys.path.insert(0, sys.argv[1]); import m; "
         "sys.stdout.write(repr([(o, l) for o, l in dis.findlinestarts(m.main.__code__)]))")


def _shift_lines(code: bytescope.Code, by: int) -> bytescope.Code:
    """Rebuild ``code``'s line table with every line moved down by ``by``."""
    from bytescope.bytecode import lines

    n = len(code.co_code)
    kind = code.version.line_table
    if kind == "locations":
        positions = [
            (p[0] + by if p[0] is not None else None, p[1] + by if p[1] is not None else None,
             p[2], p[3])
            for p in lines.positions_311(code.co_linetable, code.co_firstlineno, n)
        ]
        return edit.set_positions(code, positions)
    if kind == "linetable":
        ranges = lines.lines_310(code.co_linetable, code.co_firstlineno, n)
        return edit.set_line_starts(
            code, [(s, line + by if line is not None else None) for s, _e, line in ranges])
    starts = lines.lnotab_starts(code.co_linetable, code.co_firstlineno, n, kind)
    return edit.set_line_starts(code, [(o, line + by) for o, line in sorted(starts.items())])


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_rebuilt_line_table_is_read_back_by_its_interpreter(version: str, tmp_path) -> None:
    python = interpreters.require(version)
    (tmp_path / "m.py").write_text(SOURCE)
    original = tmp_path / "orig.pyc"
    _compile(python, str(tmp_path), str(original))
    pyc = bytescope.load(str(original))
    code = edit.map_code(pyc.code, lambda c: _shift_lines(c, 100)
                         if c.co_name == _text(c, "main") else c)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")

    def starts(data: bytes) -> list:
        (run_dir / "m.pyc").write_bytes(data)
        proc = subprocess.run([python, "-c", LINES, str(run_dir)], capture_output=True,
                              text=True, timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr
        return eval(proc.stdout)  # a list of (int, int|None) tuples

    before = starts(original.read_bytes())
    after = starts(dataclasses.replace(pyc, code=code).to_bytes())
    assert before and after == [(o, line + 100 if line is not None else None)
                                for o, line in before]


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_canonical_write_runs_with_its_interpreter(version: str, tmp_path) -> None:
    """Without any recording the writer's own choices still load and run."""
    from bytescope.marshal.writer import dumps

    python = interpreters.require(version)
    (tmp_path / "m.py").write_text(SOURCE)
    original = tmp_path / "orig.pyc"
    _compile(python, str(tmp_path), str(original))
    pyc = bytescope.load(str(original))
    code = _edited(pyc)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "m.pyc").write_bytes(pyc.header.to_bytes() + dumps(code, pyc.version))
    assert _run(python, str(run_dir)) == "goodbye there|second"
