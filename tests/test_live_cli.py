"""``bytescope attach`` on the command line, against a child process."""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from interpreters import find  # noqa: E402
from live.harness import child, ptrace_problem  # noqa: E402

from bytescope.cli import main  # noqa: E402
from bytescope.marshal.reader import loads  # noqa: E402
from bytescope.versions import by_name  # noqa: E402

_PTRACE = ptrace_problem()
pytestmark = pytest.mark.skipif(_PTRACE is not None, reason=_PTRACE or "")


@pytest.fixture(scope="module")
def kid():
    exe = find("3.12") or find("3.11") or sys.executable
    with child(exe) as info:
        yield info


def test_dis_by_name_equals_native(kid, capsys):
    assert main(["attach", str(kid["pid"]), "Klass.method", "dis"]) == 0
    out = capsys.readouterr().out
    assert re.sub(r" at 0x[0-9a-f]+", " at 0x?", out) == kid["funcs"]["Klass.method"][2]


def test_info_by_address_and_output_pyc(kid, capsys, tmp_path):
    addr, marshal_hex, _ = kid["funcs"]["consts"]
    out = tmp_path / "consts.pyc"
    assert main(["attach", str(kid["pid"]), hex(addr), "info", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "consts" in text and kid["version"] in text
    v = by_name(kid["version"])
    data = out.read_bytes()
    assert data[:4] == v.magic_bytes
    assert data[v.header_size:].hex() == marshal_hex


def test_info_json(kid, capsys):
    assert main(["attach", str(kid["pid"]), "__main__:loops", "info", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "loops" in json.dumps(doc)


def test_dump(kid, capsys):
    assert main(["attach", str(kid["pid"]), "gen", "dump"]) == 0
    out = capsys.readouterr().out
    assert "code 'gen'" in out


def test_list(kid, capsys):
    assert main(["attach", str(kid["pid"]), "--list"]) == 0
    out = capsys.readouterr().out
    assert "__main__:" in out
    assert re.search(r"^\s+Klass\.method\s+0x[0-9a-f]+$", out, re.M)
    assert main(["attach", str(kid["pid"]), "--list", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert any(f["qualname"] == "outer.<locals>.inner" for f in doc)


def test_freeze_resumes(kid, capsys):
    assert main(["attach", str(kid["pid"]), "nested", "--freeze"]) == 0
    capsys.readouterr()
    with open(f"/proc/{kid['pid']}/stat") as fh:
        state = fh.read().rsplit(")", 1)[1].split()[0]
    assert state not in ("T", "t")


def test_adaptive_view(kid, capsys):
    # The live form shows specialised instructions (3.11+); -o refuses it.
    assert main(["attach", str(kid["pid"]), "Klass.method", "--adaptive"]) == 0
    capsys.readouterr()
    assert main(["attach", str(kid["pid"]), "Klass.method", "--adaptive", "-o", "/dev/null"]) == 1


def test_code_equals_via_api(kid):
    from bytescope.live import attach

    with attach(kid["pid"]) as target:
        for _name, (addr, marshal_hex, _) in kid["funcs"].items():
            assert target.code_at(addr) == loads(bytes.fromhex(marshal_hex),
                                                 by_name(kid["version"]))


# --- issue 16: what a new user trips over ----------------------------------------------


def test_list_filters_by_module_or_prefix(kid, capsys):
    pid = str(kid["pid"])
    assert main(["attach", pid, "__main__", "--list"]) == 0
    out = capsys.readouterr().out
    modules = [ln[:-1] for ln in out.splitlines() if ln.endswith(":")]
    assert modules == ["__main__"] and "Klass.method" in out
    assert main(["attach", pid, "--list", "Klass"]) == 0
    out = capsys.readouterr().out
    names = [ln.split()[0] for ln in out.splitlines() if ln.startswith("    ")]
    assert names == ["Klass.method", "Klass.static"]
    assert out.splitlines()[-1] == "2 functions matching 'Klass'"
    assert main(["attach", pid, "--list"]) == 0
    out = capsys.readouterr().out
    assert "_frozen_importlib:" not in out and "importlib._bootstrap:" not in out
    if not kid["version"].startswith("2."):
        assert "of the frozen import system not listed" in out.splitlines()[-1]


def test_unqualified_method_name_says_did_you_mean(kid, capsys):
    if kid["version"].startswith("2."):
        pytest.skip("2.7 functions have no qualname: 'method' names Klass.method itself")
    assert main(["attach", str(kid["pid"]), "method"]) == 1
    err = capsys.readouterr().err
    assert "no function or code object named 'method'" in err
    assert "did you mean __main__:Klass.method" in err


def test_options_after_the_target_and_quiet_output(kid, capsys, tmp_path):
    pid = str(kid["pid"])
    assert main(["attach", pid, "Klass.method", "--freeze", "dis"]) == 0
    assert "RETURN" in capsys.readouterr().out
    out_pyc = tmp_path / "m.pyc"
    assert main(["attach", pid, "Klass.method", "-o", str(out_pyc)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and f"wrote {out_pyc}" in err
    assert bytescope_load(out_pyc).code.co_name == "method"


def test_live_info_shows_no_invented_header(kid, capsys):
    assert main(["attach", str(kid["pid"]), "Klass.method", "info"]) == 0
    out = capsys.readouterr().out
    assert "header:       none (live code object: no pyc header)" in out
    assert "mtime" not in out and "source size" not in out
    assert main(["attach", str(kid["pid"]), "Klass.method", "info", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["header"] is None and doc["origin"] == "live code object: no pyc header"


def test_stack_dis_has_no_trailing_spaces(kid, capsys):
    assert main(["attach", str(kid["pid"]), "--stack", "dis"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(ln.startswith("        ") for ln in lines) and "" in lines
    # blank lines between dis blocks stay empty (2.7's own dis pads some instruction
    # lines with spaces: those are kept as native prints them)
    assert [ln for ln in lines if ln.strip() == "" and ln] == []


def bytescope_load(path):
    import bytescope

    return bytescope.load(str(path))
