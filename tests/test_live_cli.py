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
