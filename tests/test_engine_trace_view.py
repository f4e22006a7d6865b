"""``bytescope run --trace``: checked against the instruction layer.

Every instruction line must show an offset where the code object has an
instruction and the text ``Listing.text_of`` gives for it (the version's own
``dis`` text); the executed offsets of a straight-line function must be its
instructions in order; ``--trace-calls`` must name host callables by their
qualified names; ``--trace-json`` must carry the same events as data.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _engine_util import SRC, bytescope_cli
from interpreters import find

import bytescope
from bytescope.bytecode.listing import listing
from bytescope.code import Code

PROGRAM = """\
import marshal, os
def add(a, b):
    c = a + b
    return c
x = add(1, 2)
exec("y = x * 2")
data = marshal.dumps(compile("z = 1", "s", "exec"))
print(x, y, len(data) > 0, os.sep)
"""

_LINE = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\S+) (?P<func>\S+) +(?P<offset>\d+) (?P<text>.*?) +\[")


def _compile(tmp_path: Path, version: str) -> Path:
    src = tmp_path / "prog.py"
    src.write_text(PROGRAM)
    python = find(version)
    if python is None:
        pytest.skip(f"no Python {version} installed")
    pyc = tmp_path / "prog.pyc"
    subprocess.run([python, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], "
                    "cfile=sys.argv[2], doraise=True)", str(src), str(pyc)], check=True)
    return pyc


def _traced(tmp_path: Path, *argv: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run ``bytescope run`` with the trace text written to a file; return (process, trace)."""
    out = tmp_path / "trace.txt"
    proc = bytescope_cli("run", "--trace-output", str(out), *argv)
    return proc, out.read_text() if out.exists() else ""


def _codes(pyc: Path) -> dict[str, Code]:
    root = bytescope.load(str(pyc)).code
    return {c.co_qualname or c.co_name: c for c in root.iter_code()}


@pytest.mark.parametrize("version", ["3.8", "3.11", "3.13"])
def test_trace_lines_are_the_instruction_layers_text(tmp_path: Path, version: str) -> None:
    pyc = _compile(tmp_path, version)
    proc, trace = _traced(tmp_path, "--trace", str(pyc))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == "3 6 True /\n"
    codes = _codes(pyc)
    seen: dict[str, list[int]] = {}
    for line in trace.splitlines():
        m = _LINE.match(line)
        if not m or m["func"] not in codes or m["file"].split(":")[0] != "prog.py":
            continue
        code = codes[m["func"]]
        offset = int(m["offset"])
        assert m["text"].rstrip() == listing(code).text_of(offset).rstrip(), line
        seen.setdefault(m["func"], []).append(offset)
    # add() runs once, straight through: every one of its instructions, in order
    add = codes["add"]
    assert seen["add"] == [ins[0] for ins in listing(add).raw]
    assert seen["<module>"][0] == 0


def test_trace_calls_names_host_functions(tmp_path: Path) -> None:
    pyc = _compile(tmp_path, "3.11")
    proc, trace = _traced(tmp_path, "--trace-calls", str(pyc))
    calls = [ln for ln in trace.splitlines() if ln.startswith("call ")]
    names = [ln.split()[1].split("(")[0] for ln in calls]
    assert names[:5] == [
        "add", "builtins.exec", "builtins.compile", "marshal.dumps", "builtins.len"]
    assert "return from add -> 3" in trace
    assert not any(_LINE.match(ln) for ln in trace.splitlines())


def test_trace_json_and_filters(tmp_path: Path) -> None:
    pyc = _compile(tmp_path, "3.12")
    out = tmp_path / "trace.jsonl"
    proc = bytescope_cli("run", "--trace-json", str(out), "--trace-function", "add", str(pyc))
    assert proc.returncode == 0 and proc.stderr == ""
    events = [json.loads(ln) for ln in out.read_text().splitlines()]
    kinds = {e["event"] for e in events}
    assert kinds == {"call", "instruction", "return"}
    instructions = [e for e in events if e["event"] == "instruction"]
    assert {e["code"] for e in instructions} == {"add"}
    code = _codes(pyc)["add"]
    for e in instructions:
        assert e["text"] == listing(code).text_of(e["offset"])
    binop = next(e for e in instructions if e["opname"] == "BINARY_OP")
    assert binop["stack"] == ["3"]
    _, lines = _traced(tmp_path, "--trace", "--trace-lines", "3-3", str(pyc))
    traced = [m["line"] for m in map(_LINE.match, lines.splitlines()) if m]
    assert traced and set(traced) == {"3"}


def test_trace_of_exec_shows_the_executed_code(tmp_path: Path) -> None:
    pyc = _compile(tmp_path, "3.11")
    _, trace = _traced(tmp_path, "--trace", str(pyc))
    assert any(ln.startswith("<string>:1 <module>") for ln in trace.splitlines())
    assert os.path.exists(pyc)


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    # `bytescope run --trace x.pyc | head -1`: no traceback, exit status 0, and the run
    # stops (the program below would loop for a long time under --trace)
    src = tmp_path / "long.py"
    src.write_text("class K:\n    pass\ntotal = 0\nfor i in range(10**6):\n    total += i\n")
    env = dict(os.environ, PYTHONPATH=SRC)
    proc = subprocess.Popen([sys.executable, "-m", "bytescope", "run", "--trace",
                             str(src)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert first and "Traceback" not in err, err


def test_class_statements_call_the_builtin_build_class(tmp_path: Path) -> None:
    src = tmp_path / "cls.py"
    src.write_text("class K:\n    pass\n")
    proc = bytescope_cli("run", "--trace-calls", str(src))
    assert "call builtins.__build_class__(" in proc.stdout, proc.stdout
