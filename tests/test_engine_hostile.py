"""Hostile bytecode under ``bytescope run`` (issue 13, "no host crash").

Each case is a module code object built by hand into a pyc of a given version
(the header and layout come from the committed fixture ``basics.pyc`` of that
version, the instructions from that version's opcode table): stack underflow,
a jump out of range, an unknown opcode, a wrong argument count, bad constant,
name and local indexes, falling off the end of the code.  Each must end with a
one-line ``bytescope: error:`` naming the code object and the offset of the bad
instruction, exit status 1, no host traceback.  Runaway programs (infinite
loops in VM code, in host code that calls VM code, in host code alone) must stop
under ``--max-instructions`` / ``--timeout`` with a clear message, and deep
recursion (direct, or through host callbacks) must end in ``RecursionError`` or
a clear error, never a crash of the host.  Every run is a subprocess with a
timeout.  The tests skip while ``bytescope run`` does not exist.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import engine_harness as H
import pytest

import bytescope
from bytescope.versions.opcodes import table

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGINE_VERSIONS = [v for v in H.ENGINE_VERSIONS if (FIXTURES / v / "basics.pyc").exists()]
#: Default run: the host's line plus one of the block-stack era and the newest stable line.
DEFAULT_VERSIONS = sorted({f"{sys.version_info[0]}.{sys.version_info[1]}", "3.8", "3.14"}
                          & set(ENGINE_VERSIONS), key=H.version_tuple)

Op = tuple[str, int]


@pytest.fixture(autouse=True)
def _known_engine_gaps(request: pytest.FixtureRequest) -> None:
    H.mark_known_failure(request)


def _unused_opcode(opmap: dict[str, int]) -> int:
    used = set(opmap.values())
    return next(n for n in range(255, 0, -1) if n not in used)


def assemble(version: str, ops: list[Op]) -> tuple[bytes, list[int]]:
    """Return (co_code, offset of each op) for ``ops`` in ``version``'s wordcode.

    A ``RESUME 0`` is put first where the version has that opcode; each
    instruction is followed by its inline cache entries; ``"?"`` is an opcode
    number the version does not define.
    """
    tab = table(bytescope.load(FIXTURES / version / "basics.pyc").version)
    opmap = dict(tab.opmap)
    caches = tab.caches
    out = bytearray()
    offsets = []
    prefix: list[Op] = [("RESUME", 0)] if "RESUME" in opmap else []
    for i, (name, arg) in enumerate(prefix + ops):
        op = _unused_opcode(opmap) if name == "?" else opmap[name]
        for shift in (24, 16, 8):
            if arg >> shift:
                out += bytes([opmap["EXTENDED_ARG"], (arg >> shift) & 0xFF])
        if i >= len(prefix):
            offsets.append(len(out))
        out += bytes([op, arg & 0xFF])
        out += b"\0\0" * caches[op]
    return bytes(out), offsets


def hostile_pyc(version: str, ops: list[Op], path: Path, **fields: object) -> list[int]:
    """Write a ``version`` pyc whose module code runs ``ops``; return the ops' offsets."""
    pyc = bytescope.load(FIXTURES / version / "basics.pyc")
    code_bytes, offsets = assemble(version, ops)
    have = pyc.code.fields()
    changes: dict[str, object] = {
        "co_code": code_bytes, "co_consts": (None,), "co_names": ("x",), "co_varnames": (),
        "co_cellvars": (), "co_freevars": (), "co_nlocals": 0, "co_stacksize": 8,
        "co_name": "<module>",
    }
    if "co_qualname" in have:
        changes["co_qualname"] = "<module>"
    for table_field in ("co_lnotab", "co_linetable", "co_exceptiontable"):
        if table_field in have:
            changes[table_field] = b""
    changes.update(fields)
    code = pyc.code.replace(**changes)
    path.write_bytes(dataclasses.replace(pyc, code=code).to_bytes())
    return offsets


def _call_op(version: str) -> str:
    opmap = table(bytescope.load(FIXTURES / version / "basics.pyc").version).opmap
    return "CALL" if "CALL" in opmap else "CALL_FUNCTION"


def _return(version: str) -> list[Op]:
    return [("LOAD_CONST", 0), ("RETURN_VALUE", 0)]


#: name -> (ops builder, index of the op the error must name)
CASES = {
    "stack_underflow": (lambda v: [("POP_TOP", 0)] + _return(v), 0),
    "return_empty_stack": (lambda v: [("RETURN_VALUE", 0)], 0),
    "jump_out_of_range": (lambda v: [("JUMP_FORWARD", 200)] + _return(v), 0),
    "unknown_opcode": (lambda v: [("?", 0)] + _return(v), 0),
    "wrong_argument_count_build": (lambda v: [("LOAD_CONST", 0), ("BUILD_TUPLE", 5)]
                                   + _return(v), 1),
    "wrong_argument_count_call": (lambda v: [("LOAD_CONST", 0), (_call_op(v), 9)]
                                  + _return(v), 1),
    "bad_const_index": (lambda v: [("LOAD_CONST", 99), ("RETURN_VALUE", 0)], 0),
    "bad_const_index_extended": (lambda v: [("LOAD_CONST", 70000), ("RETURN_VALUE", 0)], 0),
    "bad_name_index": (lambda v: [("LOAD_NAME", 99)] + _return(v), 0),
    "bad_local_index": (lambda v: [("LOAD_FAST", 99)] + _return(v), 0),
    "fall_off_the_end": (lambda v: [("NOP", 0), ("NOP", 0)], 1),
}


def _skip_without_engine() -> None:
    reason = H.run_unavailable(None)
    if reason:
        pytest.skip(reason)


def run_engine(args: list[str], timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``bytescope ARGS`` on this host in a subprocess; return (process, seconds)."""
    start = time.monotonic()
    try:
        proc = subprocess.run(H.engine_command() + args, capture_output=True, text=True,
                              timeout=timeout, env=H.engine_env(), errors="backslashreplace",
                              cwd=H.cache_dir("cwd"), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"bytescope {' '.join(args[:-1])} ... did not end within {timeout:g} s "
                    f"(hang)", pytrace=False)
    return proc, time.monotonic() - start


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def assert_clear_error(proc: subprocess.CompletedProcess, code_name: str,
                       offset: Optional[int]) -> str:
    """Check ``proc`` ended with one clear bytescope error naming the code object and offset."""
    last = _last_line(proc.stderr)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-3000:])
    assert "Traceback (most recent call last)" not in proc.stderr, proc.stderr[-3000:]
    assert last.startswith("bytescope: error:"), proc.stderr[-3000:]
    assert code_name in last, (code_name, last)
    if offset is not None:
        found = [int(m) for m in re.findall(r"offset (\d+)", last)]
        assert offset in found, (f"expected the offset {offset} of the bad instruction", last)
    return last


def _case_params(versions: list[str]) -> list[tuple[str, str]]:
    return [(v, name) for v in versions for name in CASES]


def _hostile(tmp_path: Path, version: str, case: str) -> None:
    build, bad_index = CASES[case]
    path = tmp_path / f"{case}.pyc"
    offsets = hostile_pyc(version, build(version), path)
    proc, _ = run_engine(["run", str(path)], timeout=60)
    assert_clear_error(proc, "<module>", offsets[bad_index])


def test_assembler_places_caches_and_extended_args() -> None:
    for version in ENGINE_VERSIONS:
        code, offsets = assemble(version, [("LOAD_CONST", 70000), ("RETURN_VALUE", 0)])
        assert len(code) % 2 == 0 and offsets[0] < offsets[1] <= len(code) - 2
        assert code[offsets[0] + 1] == 70000 & 0xFF
        assert code[offsets[0] - 2] == table(
            bytescope.load(FIXTURES / version / "basics.pyc").version).opmap["EXTENDED_ARG"]


def test_hostile_pycs_load_and_disassemble(tmp_path: Path) -> None:
    """The hand-built files are well-formed pycs (bytescope reads and lists them)."""
    for version in ENGINE_VERSIONS:
        for case, (build, _) in CASES.items():
            path = tmp_path / f"{version}-{case}.pyc"
            hostile_pyc(version, build(version), path)
            pyc = bytescope.load(path)
            assert pyc.code.co_name == "<module>"
            assert pyc.version.key == version
            assert pyc.code.co_code[-2:] == assemble(version, build(version))[0][-2:]


@pytest.mark.parametrize("version,case", _case_params(DEFAULT_VERSIONS))
def test_hostile_bytecode(tmp_path: Path, version: str, case: str) -> None:
    _skip_without_engine()
    _hostile(tmp_path, version, case)


@pytest.mark.slow
@pytest.mark.parametrize("version,case", _case_params(
    [v for v in ENGINE_VERSIONS if v not in DEFAULT_VERSIONS]))
def test_hostile_bytecode_every_version(tmp_path: Path, version: str, case: str) -> None:
    _skip_without_engine()
    _hostile(tmp_path, version, case)


RUNAWAYS = {
    "vm_loop": "while True:\n    pass\n",
    "vm_calls": "def f(x):\n    return x\nwhile True:\n    f(1)\n",
    "host_calls_vm": "import itertools\nfor _ in map(lambda v: v, itertools.count()):\n    pass\n",
    "generator_loop": "def g():\n    while True:\n        yield 1\nfor _ in g():\n    pass\n",
}


def _source_pyc(tmp_path: Path, name: str, source: str) -> Path:
    import py_compile

    src = tmp_path / f"{name}.py"
    src.write_text(source)
    out = tmp_path / f"{name}.pyc"
    py_compile.compile(str(src), cfile=str(out), doraise=True)
    src.unlink()
    return out


@pytest.mark.parametrize("name", sorted(RUNAWAYS))
def test_max_instructions_stops_a_runaway(tmp_path: Path, name: str) -> None:
    _skip_without_engine()
    pyc = _source_pyc(tmp_path, name, RUNAWAYS[name])
    proc, _ = run_engine(["run", "--max-instructions", "200000", str(pyc)], timeout=60)
    last = _last_line(proc.stderr)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert last.startswith("bytescope: error:") and "instruction" in last, proc.stderr[-2000:]
    assert "200000" in last.replace(",", "").replace("_", ""), last


@pytest.mark.parametrize("name", sorted(RUNAWAYS) + ["host_only"])
def test_timeout_stops_a_runaway(tmp_path: Path, name: str) -> None:
    _skip_without_engine()
    source = RUNAWAYS.get(name, "import itertools\nsum(itertools.count())\n")
    pyc = _source_pyc(tmp_path, name, source)
    proc, seconds = run_engine(["run", "--timeout", "2", str(pyc)], timeout=30)
    last = _last_line(proc.stderr)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert last.startswith("bytescope: error:") and ("time" in last.lower()), last
    assert seconds < 2 + 20, f"stopped after {seconds:.1f} s for a 2 s limit"


RECURSION = {
    "direct": "import sys\nsys.setrecursionlimit(100000)\n"
              "def f(n):\n    return f(n + 1)\nf(0)\n",
    "through_host": "import sys\nsys.setrecursionlimit(1000000)\n"
                    "def f(n):\n    return sorted([n], key=f)\nf(0)\n",
    "through_dunder": "import sys\nsys.setrecursionlimit(1000000)\n"
                      "class A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())\n",
}


@pytest.mark.parametrize("name", sorted(RECURSION))
def test_deep_recursion_never_crashes_the_host(tmp_path: Path, name: str) -> None:
    _skip_without_engine()
    pyc = _source_pyc(tmp_path, name, RECURSION[name])
    proc, _ = run_engine(["run", str(pyc)], timeout=120)
    last = _last_line(proc.stderr)
    assert proc.returncode == 1, (f"exit status {proc.returncode} (negative: killed by a signal)",
                                  proc.stderr[-2000:])
    assert last.startswith(("RecursionError", "bytescope: error:")), proc.stderr[-2000:]


def test_engine_command_lists_its_limits() -> None:
    """``bytescope run --help`` names the options the issue asks for."""
    _skip_without_engine()
    proc, _ = run_engine(["run", "--help"])
    for option in ("--max-instructions", "--timeout", "--path", "--python-version", "-c", "-m",
                   "--trace", "--trace-calls", "--trace-json"):
        assert option in proc.stdout, option


def _control_ops() -> list[Op]:
    """A well-formed module built by the same assembler: ``x = None`` and return."""
    return [("LOAD_CONST", 0), ("STORE_NAME", 0), ("LOAD_CONST", 0), ("RETURN_VALUE", 0)]


@pytest.mark.parametrize("version", ENGINE_VERSIONS)
def test_assembled_control_runs_natively(tmp_path: Path, version: str) -> None:
    """The assembler's output is sound: its well-formed module runs on the real interpreter,
    so each hostile case differs from a valid file only by its one defect."""
    from interpreters import require

    python = require(version)
    path = tmp_path / "control.pyc"
    hostile_pyc(version, _control_ops(), path)
    proc = subprocess.run([python, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]


@pytest.mark.parametrize("version", DEFAULT_VERSIONS)
def test_assembled_control_runs_in_the_engine(tmp_path: Path, version: str) -> None:
    _skip_without_engine()
    path = tmp_path / "control.pyc"
    hostile_pyc(version, _control_ops(), path)
    proc, _ = run_engine(["run", str(path)])
    assert proc.returncode == 0, proc.stderr[-2000:]
