"""``bytescope run --trace``, ``--trace-json`` and ``--trace-calls`` checked against the
instruction layer (issue 13, item 5 and "tests of the terminal views").

A straight-line program, compiled by the host, must be traced instruction by
instruction in the order of :func:`bytescope.bytecode.listing.listing` (caches
skipped), each event naming the code object, the offset, the instruction as that
version's ``dis`` shows it (opname and argrepr) and the value stack after it; the
calls-only trace must name host functions by qualified name.  What these tests
assume of the JSON events: one object per line with ``"event"`` (``"instruction"``
for an instruction), ``"code"`` (the code object's qualified name), ``"offset"``,
``"opname"``, ``"argrepr"`` and ``"stack"`` (a list of value reprs), written to the
file ``--trace-json FILE`` names.  Each test skips while its option is absent.
"""

from __future__ import annotations

import json
import py_compile
import sys
from pathlib import Path
from typing import Any

import engine_harness as H
import pytest

import bytescope
from bytescope.bytecode.listing import listing

PROGRAM = "x = 1\ny = x + 2\nz = (y, 'text')\nprint(y, z)\n"
CALLS = ("import marshal, os\n"
         "data = marshal.dumps([1, 2])\n"
         "print(marshal.loads(data), os.path.basename('/a/b'))\n"
         "exec('w = 5')\n")


@pytest.fixture(autouse=True)
def _known_engine_gaps(request: pytest.FixtureRequest) -> None:
    H.mark_known_failure(request)


def _help() -> str:
    reason = H.run_unavailable(None)
    if reason:
        pytest.skip(reason)
    proc = H.run_command(H.engine_command() + ["run", "--help"], H.engine_env(), 120)
    return proc.stdout


def _need(option: str) -> None:
    if option not in _help():
        pytest.skip(f"bytescope run has no {option} yet")


def _pyc(tmp_path: Path, source: str) -> Path:
    src = tmp_path / "traced.py"
    src.write_text(source)
    out = tmp_path / "traced.pyc"
    py_compile.compile(str(src), cfile=str(out), doraise=True)
    return out


def _module_instructions(pyc: Path) -> list[Any]:
    code = bytescope.load(pyc).code
    return [i for i in listing(code).instructions() if i.opname != "CACHE"]


def test_trace_json_follows_the_instruction_layer(tmp_path: Path) -> None:
    _need("--trace-json")
    pyc = _pyc(tmp_path, PROGRAM)
    out = tmp_path / "trace.jsonl"
    proc = H.run_command(H.engine_command() + ["run", "--trace-json", str(out), str(pyc)],
                         H.engine_env(), 300)
    assert proc.status == 0, proc.stderr_tail
    assert proc.stdout == "3 (3, 'text')\n"
    events = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    module = [e for e in events if e.get("event") == "instruction" and e.get("code") == "<module>"]
    want = _module_instructions(pyc)
    assert [(e["offset"], e["opname"]) for e in module] == [(i.offset, i.opname) for i in want]
    assert [e["argrepr"] for e in module] == [i.argrepr for i in want]
    after_tuple = [e for e in module if e["opname"] == "BUILD_TUPLE"]
    assert after_tuple and after_tuple[0]["stack"][-1] == repr((3, "text"))
    stores = [e for e in module if e["opname"] == "STORE_NAME"]
    assert stores and all(e["stack"] == [] for e in stores)


def test_trace_text_shows_each_instruction_as_dis_does(tmp_path: Path) -> None:
    _need("--trace")
    pyc = _pyc(tmp_path, PROGRAM)
    proc = H.run_command(H.engine_command() + ["run", "--trace", str(pyc)], H.engine_env(), 300)
    assert proc.status == 0, proc.stderr_tail
    lines = proc.stdout.splitlines()
    position = 0
    for ins in _module_instructions(pyc):
        while position < len(lines) and not (
                ins.opname in lines[position] and str(ins.offset) in lines[position]
                and ins.argrepr in lines[position]):
            position += 1
        assert position < len(lines), f"no trace line for {ins.offset} {ins.opname} {ins.argrepr}"
        position += 1


def test_trace_calls_names_host_functions(tmp_path: Path) -> None:
    _need("--trace-calls")
    pyc = _pyc(tmp_path, CALLS)
    proc = H.run_command(H.engine_command() + ["run", "--trace-calls", str(pyc)],
                         H.engine_env(), 300)
    assert proc.status == 0, proc.stderr_tail
    for name in ("marshal.dumps", "marshal.loads", "builtins.print", "builtins.exec"):
        assert name in proc.stdout, (name, proc.stdout[-3000:])
    assert "basename" in proc.stdout


def test_trace_leaves_the_program_output_alone(tmp_path: Path) -> None:
    _need("--trace-json")
    pyc = _pyc(tmp_path, PROGRAM)
    plain = H.run_command([sys.executable, str(pyc)], H.clean_env(), 60)
    traced = H.run_command(H.engine_command() + ["run", "--trace-json", str(tmp_path / "t.jsonl"),
                                                 str(pyc)], H.engine_env(), 300)
    assert traced.key() == plain.key()
