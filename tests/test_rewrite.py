"""``bytescope rewrite``: quick constant and name edits from the command line."""

from __future__ import annotations

import importlib.util
import os
import py_compile
import subprocess

import interpreters
import pytest

import bytescope
from bytescope.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLES = os.path.join(ROOT, "examples")
DOC = "Return the n-th Fibonacci number."


def _consts(code: bytescope.Code) -> list:
    return [c for k in code.iter_code() for c in k.co_consts if not isinstance(c, bytescope.Code)]


@pytest.mark.parametrize("name", ["fib.cpython-27.pyc", "fib.cpython-38.pyc",
                                  "fib.cpython-312.pyc", "fib.cpython-314.pyc"])
def test_replace_const_text(name: str, tmp_path) -> None:
    src = os.path.join(EXAMPLES, name)
    out = tmp_path / "out.pyc"
    # only the first '=' splits
    assert main(["rewrite", src, "--replace-const", f"{DOC}=Changed = yes", "-o", str(out)]) == 0
    before, after = bytescope.load(src), bytescope.load(str(out))
    text = (lambda s: s.encode()) if before.version.is_py2 else (lambda s: s)
    assert text(DOC) in _consts(before.code)
    assert text(DOC) not in _consts(after.code)
    assert text("Changed = yes") in _consts(after.code)
    assert after.header == before.header
    # Everything else is unchanged: undoing the edit gives the original bytes back.
    back = tmp_path / "back.pyc"
    assert main(["rewrite", str(out), "--replace-const", f"Changed \\= yes={DOC}",
                 "-o", str(back)]) == 0
    assert back.read_bytes() == open(src, "rb").read()


def test_replace_literal_and_rename(tmp_path) -> None:
    src = os.path.join(EXAMPLES, "fib.cpython-312.pyc")
    out = tmp_path / "out.pyc"
    assert main(["rewrite", src, "--literal", "--replace-const", "2=3",
                 "--rename-name", "squares=cubes", "-o", str(out)]) == 0
    code = bytescope.load(str(out)).code
    assert "cubes" in code.co_names and "squares" not in code.co_names
    fib = next(c for c in code.iter_code() if c.co_name == "fib")
    assert 3 in fib.co_consts and 2 not in fib.co_consts


def test_runs_with_its_interpreter(tmp_path) -> None:
    python = interpreters.require("3.12")
    src = os.path.join(EXAMPLES, "fib.cpython-312.pyc")
    out = tmp_path / "fib.pyc"
    assert main(["rewrite", src, "--literal", "--replace-const", "30=10", "-o", str(out)]) == 0
    run = subprocess.run([python, str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[0] == "55"  # fib(10), not fib(30)


@pytest.mark.parametrize("args,message", [
    (["--replace-const", "no such text=x"], "no constant 'no such text'"),
    (["--replace-const", "novalue"], "expected OLD=NEW"),
    (["--literal", "--replace-const", "(=1"], "not a Python literal"),
    (["--rename-name", "nothere=x"], "no name"),
    ([], "nothing to do"),
    (["--invalidation-mode", "checked-hash"], "needs the source"),
])
def test_errors_are_one_line(args: list, message: str, tmp_path, capsys) -> None:
    src = os.path.join(EXAMPLES, "fib.cpython-312.pyc")
    assert main(["rewrite", src, *args, "-o", str(tmp_path / "o.pyc")]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o.pyc").exists()


def test_python2_hash_mode_is_refused(tmp_path, capsys) -> None:
    src = os.path.join(EXAMPLES, "fib.cpython-27.pyc")
    assert main(["rewrite", src, "--invalidation-mode", "unchecked-hash", "--source",
                 os.path.join(EXAMPLES, "fib.py"), "-o", str(tmp_path / "o.pyc")]) == 1
    assert "hash-based" in capsys.readouterr().err


@pytest.mark.parametrize("mode,flags", [("checked-hash", 3), ("unchecked-hash", 1),
                                        ("timestamp", 0)])
def test_new_header_for_host_pyc(mode: str, flags: int, tmp_path) -> None:
    source = tmp_path / "m.py"
    source.write_text("X = 'a'\n")
    cfile = tmp_path / "m.pyc"
    py_compile.compile(str(source), cfile=str(cfile), doraise=True)
    out = tmp_path / "out.pyc"
    assert main(["rewrite", str(cfile), "--invalidation-mode", mode, "--source", str(source),
                 "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data[16:] == cfile.read_bytes()[16:]
    assert data[4] == flags
    if flags:
        assert data[8:16] == importlib.util.source_hash(source.read_bytes())
    else:
        assert int.from_bytes(data[12:16], "little") == len(source.read_bytes())
        assert int.from_bytes(data[8:12], "little") == int(source.stat().st_mtime)


def test_only_in_one_function(tmp_path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def hello():\n    return 'hello'\n\ndef bye():\n    return 'bye'\n\n"
                      "def main():\n    return hello() + ' world'\n\n"
                      "def other():\n    return hello() + ' world'\n")
    cfile = tmp_path / "m.pyc"
    py_compile.compile(str(source), cfile=str(cfile), doraise=True)
    out = tmp_path / "out.pyc"
    assert main(["rewrite", str(cfile), "--only-in", "main", "--rename-name", "hello=bye",
                 "--replace-const", " world= there", "-o", str(out)]) == 0
    code = bytescope.load(str(out)).code
    ns: dict = {}
    exec(code.to_host(), ns)
    assert ns["main"]() == "bye there"
    assert ns["other"]() == "hello world"
    assert main(["rewrite", str(cfile), "--only-in", "nosuch", "--rename-name", "a=b",
                 "-o", str(out)]) == 1
    assert main(["rewrite", str(cfile), "--only-in", "bye", "--rename-name", "hello=x",
                 "-o", str(out)]) == 1


def test_patch_option(tmp_path) -> None:
    from bytescope.bytecode.decode import unpack
    from bytescope.versions import opcodes

    source = tmp_path / "m.py"
    source.write_text("def pick():\n    x = 'second'\n    return 'first'\n")
    cfile = tmp_path / "m.pyc"
    py_compile.compile(str(source), cfile=str(cfile), doraise=True)
    pick = next(c for c in bytescope.load(str(cfile)).code.iter_code() if c.co_name == "pick")
    tab = opcodes.table(pick.version)
    first = pick.co_consts.index("first")
    offset, _s, op, _a = next(i for i in unpack(pick.co_code, tab, True) if i[3] == first
                              and tab.kinds[tab.deop[i[2]]] == opcodes.K_CONST)
    second = pick.co_consts.index("second")
    out = tmp_path / "out.pyc"
    assert main(["rewrite", str(cfile), "--only-in", "pick", "--patch",
                 f"{offset}={tab.names[op]}:{second}", "-o", str(out)]) == 0
    ns: dict = {}
    exec(bytescope.load(str(out)).code.to_host(), ns)
    assert ns["pick"]() == "second"
    assert main(["rewrite", str(cfile), "--only-in", "pick", "--patch", f"{offset}=NOPE:1",
                 "-o", str(out)]) == 1
    assert main(["rewrite", str(cfile), "--patch", "x=NOP", "-o", str(out)]) == 1
