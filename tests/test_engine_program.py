"""``bytescope run`` as a program sees it: argv, ``__main__``, exit status, tracebacks,
its own modules, limits; and bad bytecode refused with an error naming the place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _engine_util import bytescope_cli, run_engine
from interpreters import find

import bytescope
from bytescope.code import Code
from bytescope.engine.codeobj import VMCode
from bytescope.engine.errors import BadBytecode, InstructionLimit
from bytescope.engine.program import run_code_in


def _pyc(tmp_path: Path, name: str, source: str, version: str = "3.11") -> Path:
    python = find(version)
    if python is None:
        pytest.skip(f"no Python {version} installed")
    src = tmp_path / f"{name}.py"
    src.write_text(source)
    pyc = tmp_path / f"{name}.pyc"
    subprocess.run([python, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], "
                    "cfile=sys.argv[2], doraise=True)", str(src), str(pyc)], check=True)
    return pyc


def _native(version: str, pyc: Path, *args: str) -> subprocess.CompletedProcess[str]:
    python = find(version)
    assert python is not None
    return subprocess.run([python, str(pyc), *args], capture_output=True, text=True,
                          cwd=pyc.parent)


@pytest.mark.parametrize("version", ["3.7", "3.11", "3.14"])
def test_main_module_argv_and_exit_status(tmp_path: Path, version: str) -> None:
    pyc = _pyc(tmp_path, "prog", "import sys\nprint(__name__, sys.argv[1:], "
               "__file__.endswith('prog.pyc'))\nsys.exit(int(sys.argv[1]))\n", version)
    want = _native(version, pyc, "3", "x")
    got = bytescope_cli("run", str(pyc), "3", "x", cwd=str(tmp_path))
    assert (got.stdout, got.returncode) == (want.stdout, want.returncode) == (
        "__main__ ['3', 'x'] True\n", 3)


@pytest.mark.parametrize("version", ["3.8", "3.11", "3.13"])
def test_uncaught_exception_report_is_native(tmp_path: Path, version: str) -> None:
    source = ("class Boom(Exception):\n    pass\n"
              "def inner(d):\n    return d['missing']\n"
              "def outer():\n    try:\n        inner({})\n"
              "    except KeyError as e:\n        raise Boom('wrapped') from e\n"
              "print('start')\nouter()\n")
    pyc = _pyc(tmp_path, "prog", source, version)
    (tmp_path / "prog.py").unlink()  # only the pyc: the source lines come from nowhere
    want = _native(version, pyc)
    got = bytescope_cli("run", str(pyc), cwd=str(tmp_path))
    assert got.returncode == want.returncode == 1
    assert got.stdout == want.stdout

    def frames(text: str) -> list[str]:
        return [ln.strip() for ln in text.splitlines() if ln.strip().startswith("File ")]

    assert frames(got.stderr) == frames(want.stderr)
    assert got.stderr.splitlines()[-1] == want.stderr.splitlines()[-1]
    assert "direct cause" in got.stderr


def test_system_exit_message_and_dash_c() -> None:
    got = bytescope_cli("run", "-c", "import sys; print(sys.argv); raise SystemExit('bye')", "a")
    assert got.stdout == "['-c', 'a']\n" and got.stderr == "bye\n" and got.returncode == 1


def test_programs_own_modules_run_in_the_engine(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    helper = _pyc(lib, "helper", "import sys\nFRAME = type(sys._getframe()).__name__\n"
                  "def twice(x):\n    return 2 * x\n")
    (lib / "helper.py").unlink()
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .mod import value\n")
    (pkg / "mod.py").write_text("value = 'from pkg'\n")
    main = tmp_path / "main.py"
    main.write_text("import helper, pkg\nimport pkg.mod\nprint(helper.twice(21), "
                    "helper.FRAME, pkg.value, type(helper.twice).__name__)\n")
    got = bytescope_cli("run", "--path", str(lib), str(main), cwd=str(tmp_path))
    assert got.stdout == "42 FrameProxy from pkg function\n", got.stderr
    assert helper.exists()


def test_run_dash_m(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "__main__.py").write_text("import sys\nprint('main of app', __name__)\n")
    got = bytescope_cli("run", "-m", "app", cwd=str(tmp_path))
    assert got.stdout == "main of app __main__\n", got.stderr


def test_max_instructions_in_the_library() -> None:
    with pytest.raises(InstructionLimit) as info:
        run_engine("while True:\n    pass\n", max_instructions=5000)
    assert "5000" in str(info.value) and "<module>" in str(info.value)


# --- bad bytecode ---------------------------------------------------------------------------


def _module_code(source: str) -> Code:
    return Code.from_host(compile(source, "bad.py", "exec"))


def _run(code: Code) -> None:
    g: dict[str, object] = {"__name__": "bad"}
    run_code_in(VMCode(code), g, g)


def _op(name: str) -> int:
    from bytescope.versions.opcodes import table

    return table(bytescope.versions.host()).opmap[name]


def test_stack_underflow_is_refused_where_it_happens() -> None:
    code = _module_code("x = 1\n")
    raw = bytearray(code.co_code)
    at = len(raw) - 4  # put a POP_TOP before the final load + return: the stack is empty
    raw[at:at + 2] = bytes([_op("POP_TOP"), 0])
    with pytest.raises(BadBytecode) as info:
        _run(code.replace(co_code=bytes(raw)))
    assert "stack underflow" in str(info.value) and f"offset {at}" in str(info.value)
    assert "'<module>'" in str(info.value)


def test_bad_constant_index_and_unknown_opcode() -> None:
    code = _module_code("x = 1\n")
    raw = bytearray(code.co_code)
    i = raw.index(_op("LOAD_CONST"))
    raw[i + 1] = 200
    with pytest.raises(BadBytecode, match="constant index 200 out of range"):
        _run(code.replace(co_code=bytes(raw)))
    unknown = next(n for n in range(255, 0, -1)
                   if bytescope.versions.opcodes.table(code.version).names[n].startswith("<"))
    raw = bytearray(code.co_code)
    raw[i] = unknown
    with pytest.raises(BadBytecode, match=f"unknown opcode {unknown}"):
        _run(code.replace(co_code=bytes(raw)))


def test_jump_out_of_the_code_and_running_off_its_end() -> None:
    code = _module_code("x = 1\nwhile x:\n    x = 0\n")
    raw = bytearray(code.co_code)
    jumps = [i for i in range(0, len(raw), 2) if "JUMP" in
             bytescope.versions.opcodes.table(code.version).names[raw[i]]]
    raw[jumps[0] + 1] = 250
    with pytest.raises(BadBytecode, match="jump to offset"):
        _run(code.replace(co_code=bytes(raw)))
    tail = _module_code("x = 1\n")
    raw = bytearray(tail.co_code)[:-2]  # no RETURN at the end
    raw += bytes([_op("NOP"), 0])
    with pytest.raises(BadBytecode, match="past the end"):
        _run(tail.replace(co_code=bytes(raw)))


def test_engine_error_is_a_bytescope_error() -> None:
    assert issubclass(BadBytecode, bytescope.BytescopeError)
    assert sys.getrecursionlimit() < 100000  # runs restore the host's limit
