# ruff: noqa: UP031
"""``get_instructions``/``Bytecode``/``findlinestarts``/``findlabels`` of ``dis_api(v)`` vs
each installed interpreter's own ``dis``, field by field.

Every installed interpreter (3.6-3.15) compiles the sources of ../shared/samples
and a few of tests/ (the default run) or a sample of its own standard library
(slow), loads the pycs and dumps its own ``dis.get_instructions`` (plain, with
``first_line``, with ``show_caches`` on 3.11/3.12), ``dis.Bytecode`` iteration,
``findlinestarts`` and ``findlabels`` for every code object
(tests/_instructions_native.py).  bytescope reads the same pycs on the host and
must give the same fields.  Argument values are compared by the target version's
repr (code objects by name and first line, frozensets as sorted items, addresses
removed): a frozenset's order depends on the hash seed of the process that
printed it.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
from typing import Any, Iterator

import pytest
from interpreters import find, shared_dir
from test_dis_oracles import normalise

import bytescope
from bytescope.bytecode.target_repr import target_repr
from bytescope.code import Code

HERE = os.path.dirname(os.path.abspath(__file__))
DUMPER = os.path.join(HERE, "_instructions_native.py")
ADDR = re.compile(r" at 0x[0-9a-fA-F]+")
VERSIONS = ("3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")


def canon(value: Any, version: Any) -> Any:
    """Return ``value`` (an instruction field) in the dumper's comparable form."""
    if isinstance(value, Code):
        return "code:%s:%d" % (value.co_name, value.co_firstlineno)
    if isinstance(value, frozenset):
        return "set:" + ",".join(sorted(ADDR.sub("", target_repr(v, version)) for v in value))
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [canon(v, version) for v in value]
    if isinstance(value, list):
        return [canon(v, version) for v in value]
    if isinstance(value, bytes) and len(value) <= 64:
        return "bytes:" + value.hex()
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return "repr:" + normalise(repr(value))
    return "repr:" + ADDR.sub("", target_repr(value, version))


def fields(ins: Any, version: Any) -> list[Any]:
    out = []
    for name in ins._fields:
        value = getattr(ins, name)
        if name == "cache_info":
            out.append(None if value is None else [[n, s, d.hex()] for n, s, d in value])
        elif name == "argrepr":
            out.append(normalise(value))
        else:
            out.append(canon(value, version))
    return out


def compile_all(python: str, sources: list[str], out_dir: str) -> list[str]:
    """Compile ``sources`` with ``python`` into ``out_dir``; return the pycs it accepted."""
    script = (
        "import py_compile, sys, os\n"
        "for src in sys.stdin.read().split():\n"
        "    out = os.path.join(sys.argv[1], os.path.basename(src) + 'c')\n"
        "    try:\n"
        "        py_compile.compile(src, cfile=out, doraise=True)\n"
        "        print(out)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    res = subprocess.run([python, "-c", script, out_dir], input="\n".join(sources),
                         capture_output=True, text=True, timeout=600)
    return [line for line in res.stdout.splitlines() if line]


def native_records(python: str, dumper: str, pycs: list[str]) -> Iterator[tuple[Any, Code]]:
    """Yield ``(record, code)``: each JSON record ``dumper`` prints under ``python`` for
    ``pycs`` (one per code object: ``file`` and ``path``, the indexes leading to it),
    with bytescope's reading of that code object."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    res = subprocess.run([python, dumper], input="\n".join(pycs), capture_output=True,
                         text=True, timeout=1800, env=env)
    assert res.returncode == 0, res.stderr[-2000:]
    loaded: dict[str, Code] = {}
    for line in res.stdout.splitlines():
        rec = json.loads(line)
        if rec["file"] not in loaded:
            loaded[rec["file"]] = bytescope.load(rec["file"]).code
        code = loaded[rec["file"]]
        for i in rec["path"]:
            code = code.co_consts[i]
        yield rec, code


def compare(python: str, pycs: list[str]) -> tuple[int, list[str]]:
    """Return (records compared, differences) between ``python``'s dis and ours."""
    diffs: list[str] = []
    compared = 0
    for rec, code in native_records(python, DUMPER, pycs):
        api = bytescope.dis_api(code.version)
        v = code.version
        ours = {
            "get": list(api.get_instructions(code)),
            "bytecode": list(api.Bytecode(code)),
            "first_line": list(api.get_instructions(code, first_line=1000)),
        }
        if "caches" in rec:
            ours["caches"] = list(api.get_instructions(code, show_caches=True))
        for kind, instrs in ours.items():
            compared += 1
            mine = [fields(x, v) for x in instrs]
            theirs = [row[:4] + [normalise(row[4])] + row[5:] for row in rec[kind]]
            if mine != theirs:
                first = next((f"{a}\n   native {b}" for a, b in zip(mine, theirs) if a != b),
                             f"{len(mine)} vs {len(theirs)} instructions")
                diffs.append(f"{kind} {rec['file']} {rec['path']}: ours {first}")
        compared += 2
        if [list(p) for p in api.findlinestarts(code)] != rec["linestarts"]:
            diffs.append(f"findlinestarts {rec['file']} {rec['path']}")
        if api.findlabels(code.co_code) != rec["labels"]:
            diffs.append(f"findlabels {rec['file']} {rec['path']}")
    return compared, diffs


def _sources() -> list[str]:
    files = sorted(glob.glob(os.path.join(shared_dir("samples") or "", "*.py")))
    return files + [os.path.join(HERE, name) for name in ("test_bytecode.py", "marshal_builder.py")]


@pytest.mark.parametrize("version", VERSIONS)
def test_instructions_match_native(version: str, tmp_path: Any) -> None:
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    pycs = compile_all(python, _sources(), str(tmp_path))
    assert pycs
    compared, diffs = compare(python, pycs)
    assert compared > 50
    assert not diffs, "\n".join(diffs[:5])


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_instructions_match_native_stdlib(version: str, tmp_path: Any) -> None:
    """A sample of the interpreter's own standard library (every 7th module)."""
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    lib = subprocess.run([python, "-c", "import os; print(os.path.dirname(os.__file__))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    sources = sorted(glob.glob(os.path.join(lib, "*.py")))[::7]
    pycs = compile_all(python, sources, str(tmp_path))
    compared, diffs = compare(python, pycs)
    assert compared > 500
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:5])
