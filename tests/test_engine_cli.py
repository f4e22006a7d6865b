"""``bytescope run`` as ``python`` is run: ``-c``, ``-m`` (a module and a package), a ``.py``
compiled by the host or by ``--python PATH``, ``--python-version`` for a private magic
number, ``--path``, and ``bytescope.run(...)`` in the library (issue 13, item 1).

Each case runs natively and in the engine and compares stdout, the last line of
stderr and the exit status, as the differential corpus does.  The tests skip while
``bytescope run`` does not exist.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import engine_harness as H
import pytest
from interpreters import require

HOST = sys.executable
EXTRA = os.path.join(H.PROGRAMS, "extra")
CODE = ("import sys\nprint(sys.argv, __name__)\n"
        "print(sum(i * i for i in range(10)), [c for c in 'ab'])\n"
        "raise SystemExit(len(sys.argv))\n")


@pytest.fixture(autouse=True)
def _known_engine_gaps(request: pytest.FixtureRequest) -> None:
    H.mark_known_failure(request)


@pytest.fixture(autouse=True)
def _engine() -> None:
    reason = H.run_unavailable(None)
    if reason:
        pytest.skip(reason)


def _native(cmd: list[str], pythonpath: str = "") -> H.Outcome:
    extra = {"PYTHONPATH": pythonpath} if pythonpath else {}
    return H.run_command(cmd, H.clean_env(extra), 60)


def _engine_run(args: list[str]) -> H.Outcome:
    return H.run_command(H.engine_command() + ["run", *args], H.engine_env(), 300)


def _same(want: H.Outcome, got: H.Outcome) -> None:
    assert got.key() == want.key(), (f"native: {want.key()}\nengine: {got.key()}\n"
                                     f"engine stderr:\n{got.stderr_tail}")


def test_dash_c() -> None:
    _same(_native([HOST, "-c", CODE, "a", "b c"]), _engine_run(["-c", CODE, "a", "b c"]))


def test_dash_c_uncaught_exception() -> None:
    code = "def f():\n    raise ValueError('from -c')\nf()\n"
    _same(_native([HOST, "-c", code]), _engine_run(["-c", code]))


def test_dash_m_module_on_path(tmp_path: Path) -> None:
    _same(_native([HOST, "-m", "runnable_mod", "x", "y"], EXTRA),
          _engine_run(["--path", EXTRA, "-m", "runnable_mod", "x", "y"]))


def test_dash_m_package_main() -> None:
    _same(_native([HOST, "-m", "runnable_pkg", "--opt"], EXTRA),
          _engine_run(["--path", EXTRA, "-m", "runnable_pkg", "--opt"]))


def test_py_source_compiled_by_the_host(tmp_path: Path) -> None:
    src = tmp_path / "prog.py"
    shutil.copy(os.path.join(H.PROGRAMS, "gen_yield_from.py"), src)
    _same(_native([HOST, str(src), "arg"]), _engine_run([str(src), "arg"]))


@pytest.mark.parametrize("version", ["3.8", "3.12"])
def test_py_source_compiled_by_another_python(tmp_path: Path, version: str) -> None:
    python = require(version)
    src = tmp_path / "prog.py"
    shutil.copy(os.path.join(H.PROGRAMS, "unpack_errors.py"), src)  # messages differ by version
    _same(_native([python, str(src)]), _engine_run(["--python", python, str(src)]))


def test_python_version_reads_a_private_magic(tmp_path: Path) -> None:
    python = require("3.8")
    prog = H.program("cls_inheritance_mro")
    tree = H.compile_tree("3.8")
    data = bytearray(Path(tree.pyc(prog)).read_bytes())
    data[0:2] = b"\x42\x42"  # a magic number no CPython release has
    private = tmp_path / "private.pyc"
    private.write_bytes(bytes(data))
    want = _native([python, tree.pyc(prog)])
    _same(want, _engine_run(["--python-version", "3.8", str(private)]))


def test_path_makes_a_folder_of_modules_importable() -> None:
    prog = H.program("imports_pythonpath")
    tree = H.compile_tree("3.11" if H.find("3.11") else H.ENGINE_VERSIONS[-1])
    _same(H.native(prog, tree.version),
          _engine_run(["--path", os.path.join(tree.root, "extra"), tree.pyc(prog)]))


def test_library_run_matches_the_command(tmp_path: Path) -> None:
    prog = H.program("sys_argv_name_file")
    version = "3.11" if H.find("3.11") else H.ENGINE_VERSIONS[-1]
    pyc = H.compile_tree(version).pyc(prog)
    script = ("import sys, bytescope\n"
              f"sys.exit(bytescope.run({pyc!r}, {list(prog.args)!r}))\n")
    got = H.run_command([HOST, "-c", script], H.engine_env(), 300)
    _same(H.native(prog, version), got)
