# ruff: noqa: UP031
"""``bytescope.dis_api(version)`` and the top-level dis functions.

The heavy proof is CPython's own test_dis of each installed interpreter run with
``dis`` replaced by ``dis_api`` (tools/run_test_dis.py, run here for every
interpreter found); the tests below pin the API's shape and behaviour on the
host and on pycs of other versions.
"""

from __future__ import annotations

import dis
import inspect
import io
import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from interpreters import require_test_dis

import bytescope
from bytescope.disapi.inputs import VersionMismatch
from bytescope.disapi.signatures import SIGNATURES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLES = os.path.join(ROOT, "examples")
HOST = "%d.%d" % sys.version_info[:2]


def sample(a: int, b: int = 2) -> Any:
    """A function with a loop, a try and a closure."""
    total = 0
    for i in range(a):
        try:
            total += i // b
        except ZeroDivisionError:
            total = -1
    return lambda: total


def _text(fn: Any, *args: Any, **kwargs: Any) -> str:
    buf = io.StringIO()
    fn(*args, file=buf, **kwargs)
    return buf.getvalue()


def test_signatures_are_each_versions_own() -> None:
    for key in ("3.9", "3.12", "3.14"):
        api = bytescope.dis_api(key)
        for name, (kind, signature) in SIGNATURES[key].items():
            if kind == "function" and signature and hasattr(api, name):
                assert str(inspect.signature(getattr(api, name))) == signature, (key, name)
    with pytest.raises(TypeError):
        bytescope.dis_api("3.12").dis(sample, show_offsets=True)  # a 3.13 option


def test_host_functions_give_native_text_and_instructions() -> None:
    api = bytescope.dis_api(HOST)
    assert _text(api.dis, sample) == _text(dis.dis, sample)
    assert list(api.get_instructions(sample)) == list(dis.get_instructions(sample))
    assert list(api.Bytecode(sample)) == list(dis.Bytecode(sample))
    assert api.code_info(sample) == dis.code_info(sample)
    assert list(api.findlinestarts(sample.__code__)) == list(dis.findlinestarts(sample.__code__))
    assert api.findlabels(sample.__code__.co_code) == dis.findlabels(sample.__code__.co_code)
    # the current-instruction marker and renumbered lines, as native
    lasti = list(dis.get_instructions(sample))[5].offset
    assert _text(api.disassemble, sample.__code__, lasti) == _text(
        dis.disassemble, sample.__code__, lasti)
    assert api.Bytecode(sample, first_line=100, current_offset=lasti).dis() == dis.Bytecode(
        sample, first_line=100, current_offset=lasti).dis()
    # bare bytecode and source strings
    raw = sample.__code__.co_code
    assert _text(api.dis, raw) == _text(dis.dis, raw)
    # (each side compiles the string itself: the nested code's address differs)
    addr = re.compile(r"0x[0-9a-f]+")
    assert addr.sub("", _text(api.dis, "x = [i for i in y]")) == addr.sub(
        "", _text(dis.dis, "x = [i for i in y]"))


def test_host_results_are_host_types_built_from_bytescope() -> None:
    api = bytescope.dis_api(HOST)
    b = api.Bytecode(sample)
    assert isinstance(b.codeobj, type(sample.__code__))
    assert b.codeobj == sample.__code__ and b.codeobj is not sample.__code__
    consts = [i.argval for i in api.get_instructions(sample) if i.opname == "LOAD_CONST"]
    assert any(isinstance(c, type(sample.__code__)) for c in consts)


def test_pycs_of_other_versions() -> None:
    pyc = bytescope.load(os.path.join(EXAMPLES, "fib.cpython-312.pyc"))
    api = bytescope.dis_api(pyc)
    assert api is bytescope.dis_api("3.12")
    instrs = list(bytescope.get_instructions(pyc))
    assert instrs[0]._fields == ("opname", "opcode", "arg", "argval", "argrepr", "offset",
                                 "starts_line", "is_jump_target", "positions")
    assert all(isinstance(i, bytescope.Instruction) for i in instrs)
    assert list(api.Bytecode(pyc))[0].opname == "RESUME"
    assert "fib" in bytescope.code_info(pyc)
    text = _text(bytescope.disassemble, pyc, instrs[3].offset)
    assert text.splitlines()[3].split()[1] == "-->" or "-->" in text
    new = bytescope.load(os.path.join(EXAMPLES, "fib.cpython-314.pyc"))
    i314 = list(bytescope.get_instructions(new))
    assert i314[0]._fields[6:9] == ("start_offset", "starts_line", "line_number")
    assert i314[0].baseopname == i314[0].opname
    old = bytescope.load(os.path.join(EXAMPLES, "fib.cpython-27.pyc"))
    i27 = list(bytescope.get_instructions(old))
    assert i27[0].opname == "LOAD_CONST" and i27[0].starts_line == 1


def test_version_mismatch_is_a_clear_error() -> None:
    pyc = bytescope.load(os.path.join(EXAMPLES, "fib.cpython-312.pyc"))
    with pytest.raises(VersionMismatch, match="3.12"):
        list(bytescope.dis_api("3.11").get_instructions(pyc))
    other = "3.12" if HOST != "3.12" else "3.11"
    with pytest.raises(VersionMismatch, match="host"):
        bytescope.dis_api(other).dis(sample)
    with pytest.raises(TypeError, match="don't know how to disassemble int"):
        bytescope.dis_api(HOST).get_instructions(42)


def test_stack_effect_top_level_matches_host() -> None:
    for name in ("LOAD_CONST", "POP_TOP", "BUILD_TUPLE"):
        op = dis.opmap[name]
        arg = 3 if op >= dis.HAVE_ARGUMENT else None
        assert bytescope.stack_effect(op, arg) == dis.stack_effect(op, arg)


VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")


@pytest.mark.parametrize("version", VERSIONS)
def test_cpython_test_dis_passes(version: str) -> None:
    """CPython's own test_dis, with ``dis`` replaced by ``dis_api(version)``."""
    python = require_test_dis(version)
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    res = subprocess.run([python, os.path.join(ROOT, "tools", "run_test_dis.py"), "--json"],
                         capture_output=True, text=True, env=env, timeout=900)
    counts = json.loads(res.stdout.strip().splitlines()[-1])
    assert counts["failed"] == 0, (counts["failures"], res.stderr[-3000:])
    assert counts["passed"] >= 60


def test_dis_prints_and_dis_text_returns() -> None:
    """``bytescope.dis`` prints and returns None, as ``dis.dis``; ``dis_text`` returns
    the same text (the README's library section promised text from ``dis``)."""
    pyc = bytescope.load(os.path.join(EXAMPLES, "fib.cpython-38.pyc"))
    buf = io.StringIO()
    assert bytescope.dis(pyc, file=buf) is None
    assert buf.getvalue() == bytescope.dis_text(pyc)
    assert bytescope.dis_text(pyc).startswith("  1           0 LOAD_CONST")


def test_every_line_has_a_dis_api() -> None:
    from bytescope.versions import known_lines

    for key in known_lines():
        api = bytescope.dis_api(key)
        assert api.version.key == key
        assert callable(api.dis) and callable(api.get_instructions), key
        assert isinstance(api.opname, list) and api.opname, key
