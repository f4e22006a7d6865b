"""``dis_api(v)``'s text functions vs each installed interpreter's own ``dis`` (2.7, 3.6+).

Widens tests/test_instructions_native.py (instruction fields) to the texts a
tool gets from ``dis``: ``disassemble(co, lasti)`` for a few ``lasti`` per code
object (one inside an instruction's caches on 3.11+), ``Bytecode(co,
first_line=..., current_offset=...).dis()``, ``code_info``, the option texts
(``show_caches``, ``show_offsets``, ``show_positions``), bare bytecode
(``dis.dis(co.co_code)``; 2.7's ``disassemble_string`` with the code's tables),
``findlabels`` and ``findlinestarts``.  The interpreter dumps its own answers
(tests/_dis_api_native.py); bytescope reads the same pycs on the host.  Texts are
compared after :func:`test_dis_oracles.normalise` (addresses, frozenset order).

The default run covers the lines whose own test_dis cannot run here (bytescope
needs 3.9+; test_dis_api.py runs 3.9-3.15's): 2.7 on a few of its standard
modules, 3.6-3.8 on the shared samples and a few test sources; ``slow`` runs
every line on every 7th module of its standard library.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from _dis_fuzz import printed
from interpreters import find, require_test_dis, shared_dir
from test_dis_oracles import normalise
from test_instructions_native import compile_all, native_records

import bytescope
from bytescope.code import Code

HERE = os.path.dirname(os.path.abspath(__file__))
DUMPER = os.path.join(HERE, "_dis_api_native.py")
VERSIONS = ("2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
DEFAULT_VERSIONS = ("2.7", "3.6", "3.7", "3.8")
OPTION_KEYS = {"caches": "show_caches", "offsets": "show_offsets", "positions": "show_positions"}


def ours(code: Code, rec: dict[str, Any]) -> dict[str, Any]:
    """Return bytescope's answers to the calls recorded in ``rec``."""
    api = bytescope.dis_api(code.version)
    lastis = rec["lastis"]
    out: dict[str, Any] = {
        "disassemble": [printed(api.disassemble, code, lasti) for lasti in lastis],
        "raw": printed(api.dis, code.co_code),
        "labels": api.findlabels(code.co_code),
        "linestarts": [list(p) for p in api.findlinestarts(code)],
    }
    if "bytecode" in rec:
        out["bytecode"] = [
            api.Bytecode(code, first_line=1000,
                         current_offset=None if lasti < 0 else lasti).dis()
            for lasti in lastis]
        out["info"] = api.code_info(code)
    for key, option in OPTION_KEYS.items():
        if key in rec:
            out[key] = [printed(api.disassemble, code, lasti, **{option: True})
                        for lasti in lastis]
    if "string" in rec:
        out["string"] = printed(api.disassemble_string, code.co_code, lastis[-1],
                                code.co_varnames, code.co_names, code.co_consts)
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return normalise(a) == normalise(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def compare(python: str, pycs: list[str]) -> tuple[int, list[str]]:
    """Return (answers compared, differences) between ``python``'s dis and ours."""
    diffs: list[str] = []
    compared = 0
    for rec, code in native_records(python, DUMPER, pycs):
        mine = ours(code, rec)
        for key, value in mine.items():
            compared += 1
            if rec[key] == value or _same(rec[key], value):
                continue
            where = f"{key} {os.path.basename(rec['file'])} {rec['path']}"
            if isinstance(value, list) and isinstance(rec[key], list):
                for lasti, a, b in zip(rec["lastis"], value, rec[key]):
                    if not _same(a, b):
                        diffs.append(f"{where} lasti={lasti}:\n{_first_diff(a, b)}")
                        break
                else:
                    diffs.append(f"{where}: {value!r} vs native {rec[key]!r}")
            else:
                diffs.append(f"{where}:\n{_first_diff(value, rec[key])}")
    return compared, diffs


def _first_diff(a: Any, b: Any) -> str:
    if not isinstance(a, str) or not isinstance(b, str):
        return f"  ours   {a!r}\n  native {b!r}"
    la, lb = normalise(a).splitlines(), normalise(b).splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"  line {i}: ours   {x!r}\n  line {i}: native {y!r}"
    return f"  {len(la)} lines vs native {len(lb)}"


def _sources() -> list[str]:
    files = sorted(glob.glob(os.path.join(shared_dir("samples") or "", "*.py")))
    return files + [os.path.join(HERE, name) for name in ("test_bytecode.py", "marshal_builder.py")]


def _stdlib(python: str) -> list[str]:
    lib = subprocess.run([python, "-c", "import os; print(os.path.dirname(os.__file__))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return sorted(glob.glob(os.path.join(lib, "*.py")))[::7]


@pytest.mark.parametrize("version", DEFAULT_VERSIONS)
def test_dis_texts_match_native(version: str, tmp_path: Any) -> None:
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    sources = _sources() if version != "2.7" else _stdlib(python)[::6]
    pycs = compile_all(python, sources, str(tmp_path))
    assert pycs
    compared, diffs = compare(python, pycs)
    assert compared > 50
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:5])


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_dis_texts_match_native_stdlib(version: str, tmp_path: Any) -> None:
    """Every 7th module of the interpreter's own standard library."""
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    pycs = compile_all(python, _stdlib(python), str(tmp_path))
    compared, diffs = compare(python, pycs)
    assert compared > 500
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:5])


@pytest.mark.parametrize("version", ("3.6", "3.7", "3.8"))
def test_cpython_test_dis_passes_bridged(version: str) -> None:
    """CPython 3.6-3.8's own test_dis, its ``dis`` answered by bytescope's
    ``dis_api(version)`` on this host (tools/run_test_dis_bridged.py: bytescope needs
    3.9+, so the old interpreter sends each code object's marshal bytes over a pipe)."""
    python = require_test_dis(version)
    tool = os.path.join(os.path.dirname(HERE), "tools", "run_test_dis_bridged.py")
    res = subprocess.run([python, tool, "--host", sys.executable, "--json"],
                         capture_output=True, text=True, timeout=900)
    counts = json.loads(res.stdout.strip().splitlines()[-1])
    assert counts["failed"] == 0, (counts["failures"], res.stderr[-3000:])
    assert counts["passed"] >= 50
