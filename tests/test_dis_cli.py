"""The ``bytescope dis`` command and the ``dis()`` library function."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types

import pytest
from interpreters import find
from test_dis_oracles import FIXTURES, normalise

import bytescope
from bytescope.cli import main
from bytescope.views.dis_text import OptionUnsupported, dis

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def fixture(version: str, name: str) -> str:
    return os.path.join(FIXTURES, version, name)


def read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


@pytest.mark.parametrize("version", ["2.7", "3.8", "3.12", "3.13", "3.15"])
def test_cli_matches_fixture(version: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["dis", fixture(version, "basics.pyc")], capsys)
    assert status == 0
    assert normalise(out) == normalise(read(fixture(version, "basics.dis")))


def test_cli_options(capsys: pytest.CaptureFixture[str]) -> None:
    for flag, suffix in (("--show-caches", "caches"), ("--show-offsets", "offsets"),
                         ("--show-positions", "positions")):
        status, out, _ = run(["dis", flag, fixture("3.14", "errors.pyc")], capsys)
        assert status == 0
        assert normalise(out) == normalise(read(fixture("3.14", f"errors.{suffix}.dis")))
    status, out, _ = run(["dis", "--info", fixture("3.11", "closures.pyc")], capsys)
    assert status == 0 and normalise(out) == normalise(read(fixture("3.11", "closures.info")))


@pytest.mark.parametrize("version,flag", [("2.7", "--show-caches"), ("3.10", "--show-caches"),
                                          ("3.12", "--show-offsets"),
                                          ("3.13", "--show-positions")])
def test_cli_option_the_version_lacks(version: str, flag: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["dis", flag, fixture(version, "basics.pyc")], capsys)
    assert status == 1 and out == ""
    assert flag in err and f"Python {version}" in err and len(err.strip().splitlines()) == 1


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["dis", "--json", fixture("3.12", "errors.pyc")], capsys)
    assert status == 0
    doc = json.loads(out)
    assert doc["version"] == "3.12" and doc["nested"]
    first = doc["instructions"][0]
    assert first["opname"] == "RESUME" and first["offset"] == 0
    jumps = [i for d in [doc] + doc["nested"] for i in d["instructions"] if i["jump_target"]]
    assert jumps and all(isinstance(i["jump_target"], int) for i in jumps)
    tables = [d["exception_table"] for d in doc["nested"] if d["exception_table"]]
    assert tables and {"start", "end", "target", "depth", "lasti"} <= set(tables[0][0])
    caches = [i["caches"] for i in doc["instructions"] if i["caches"]]
    assert caches and caches[0][0]["name"] == "counter"


def test_cli_snippet_and_source(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["dis", "-c", "x = y + 1", "--source"], capsys)
    assert status == 0
    assert "# 1: x = y + 1" in out and "STORE_NAME" in out
    path = os.path.join(str(tmp_path), "mod.py")
    with open(path, "w") as fh:
        fh.write("def f(a):\n    return a * 2\n")
    status, out, _ = run(["dis", path, "--source"], capsys)
    assert status == 0
    assert "# 2: return a * 2" in out and "Disassembly of <code object f" in out


def test_cli_compile_with_other_python(tmp_path: object,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    python = find("2.7")
    if python is None:
        pytest.skip("Python 2.7 interpreter not installed")
    path = os.path.join(str(tmp_path), "old.py")
    with open(path, "w") as fh:
        fh.write("print 'hi', 1L\n")
    status, out, _ = run(["dis", "--python", python, path], capsys)
    assert status == 0
    native = subprocess.run(
        [python, "-c", "import dis,sys; dis.dis(compile(open(sys.argv[1]).read(), sys.argv[1],"
         " 'exec'))", path], capture_output=True, text=True, check=True).stdout
    assert out == native


def test_same_text_on_every_host() -> None:
    """The 2.7 text made on another host (3.9 or 3.13) equals the host's text."""
    want = bytescope.views.dis_text.dis_text(bytescope.load(fixture("2.7", "basics.pyc")).code)
    for version in ("3.9", "3.13"):
        python = find(version)
        if python is None or python == sys.executable:
            continue
        got = subprocess.run(
            [python, "-m", "bytescope", "dis", fixture("2.7", "basics.pyc")],
            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=SRC), check=True,
        ).stdout
        assert got == want, version
        got = subprocess.run(
            [python, "-m", "bytescope", "dis", fixture("3.13", "errors.pyc")],
            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=SRC), check=True,
        ).stdout
        assert normalise(got) == normalise(read(fixture("3.13", "errors.dis"))), version


def test_library_dis_accepts_functions_code_and_pyc() -> None:
    def f(a: int) -> int:
        return a + 1

    for obj in (f, f.__code__, bytescope.Code.from_host(f.__code__)):
        buf = io.StringIO()
        dis(obj, file=buf)
        assert "RETURN" in buf.getvalue()
    buf = io.StringIO()
    dis(bytescope.load(fixture("3.12", "basics.pyc")), file=buf)
    assert normalise(buf.getvalue()) == normalise(read(fixture("3.12", "basics.dis")))
    with pytest.raises(OptionUnsupported):
        dis(bytescope.load(fixture("2.7", "basics.pyc")), show_caches=True)
    with pytest.raises(TypeError):
        dis(types.SimpleNamespace(), file=io.StringIO())


def test_cli_source_found_next_to_pyc(tmp_path: object,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """--source finds mod.py from __pycache__/mod.cpython-XY.pyc; --source-file overrides."""
    import py_compile

    path = os.path.join(str(tmp_path), "mod.py")
    with open(path, "w") as fh:
        fh.write("import os\nVALUE = os.sep\n")
    pyc = py_compile.compile(path, doraise=True)
    status, out, _ = run(["dis", pyc, "--source"], capsys)
    assert status == 0 and "# 1: import os" in out and "# 2: VALUE = os.sep" in out
    other = os.path.join(str(tmp_path), "other.py")
    with open(other, "w") as fh:
        fh.write("first\nsecond\n")
    status, out, _ = run(["dis", pyc, "--source-file", other], capsys)
    assert status == 0 and "# 2: second" in out
    os.remove(path)
    status, out, err = run(["dis", pyc, "--source"], capsys)
    assert status == 0 and "no source found" in err and "# 1:" not in out
