"""The command line: info and dump on every fixture, and one-line errors on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bytescope.cli import main

ROOT = os.path.dirname(os.path.dirname(__file__))
EXAMPLES = os.path.join(ROOT, "examples")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    return subprocess.run(
        [sys.executable, "-m", "bytescope", *args], capture_output=True, text=True, env=env,
        timeout=120,
    )


def example(name: str) -> str:
    return os.path.join(EXAMPLES, name)


@pytest.mark.parametrize("name,version", [
    ("fib.cpython-27.pyc", "CPython 2.7 (magic 62211"),
    ("fib.cpython-38.pyc", "CPython 3.8 (magic 3413"),
    ("fib.cpython-312.pyc", "CPython 3.12 (magic 3531"),
    ("fib.cpython-314.pyc", "CPython 3.14 (magic 3627"),
])
def test_info_names_version_and_code_tree(name: str, version: str, capsys) -> None:
    assert main(["info", example(name)]) == 0
    out = capsys.readouterr().out
    assert version in out
    for fn in ("<module>", "fib", "Counter", "step", "squares"):
        assert fn in out


def test_info_json_describes_header_and_every_code_object(capsys) -> None:
    assert main(["info", "--json", example("fib.cpython-314.pyc")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"]["version"] == "3.14"
    assert doc["header"]["mode"] == "checked-hash"
    assert len(doc["header"]["source_hash"]) == 16
    names = []
    stack = [doc["code"]]
    while stack:
        node = stack.pop()
        names.append(node["qualname"])
        stack.extend(node["children"])
    assert doc["code_objects"] == len(names)
    assert "Counter.step" in names


def test_info_timestamp_is_iso_date(capsys) -> None:
    assert main(["info", "--json", example("fib.cpython-38.pyc")]) == 0
    header = json.loads(capsys.readouterr().out)["header"]
    assert header["mode"] == "timestamp"
    assert header["mtime_iso"].endswith("Z") and header["mtime_iso"][:2] == "20"


def test_dump_lists_offsets_types_and_refs(capsys) -> None:
    assert main(["dump", example("fib.cpython-312.pyc")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["offset", "size", "object"]
    assert lines[1].startswith("00000000  00000004") and "magic 3531" in lines[1]
    code_lines = [ln for ln in lines if "'c' code" in ln]
    assert len(code_lines) >= 5
    assert any("[ref #" in ln for ln in lines)
    assert any("'r' ref" in ln and "-> #" in ln for ln in lines)
    # nested code objects are indented deeper than the module's own fields
    indents = {len(ln[20:]) - len(ln[20:].lstrip()) for ln in code_lines}
    assert len(indents) >= 2


def test_dump_json_tree_matches_spans(capsys) -> None:
    assert main(["dump", "--json", example("fib.cpython-27.pyc")]) == 0
    doc = json.loads(capsys.readouterr().out)
    root = doc["object"]
    assert root["type"] == "c" and root["offset"] == 8
    assert root["fields"]["firstlineno"] == 1
    labels = [item["label"] for item in root["items"]]
    assert labels[:3] == ["co_code", "co_consts", "co_names"]


def test_dump_hex_shows_bytes(capsys) -> None:
    assert main(["dump", "--hex", example("fib.cpython-38.pyc")]) == 0
    out = capsys.readouterr().out
    assert " e3 00 00 00" in out or "e3 00 00 00" in out


def test_dump_of_truncated_file_prints_up_to_damage(tmp_path) -> None:
    data = open(example("fib.cpython-312.pyc"), "rb").read()
    bad = tmp_path / "bad.pyc"
    bad.write_bytes(data[:700])
    r = run_cli("dump", str(bad))
    assert r.returncode == 1
    assert "magic 3531" in r.stdout and "'c' code" in r.stdout
    assert r.stderr.startswith("bytescope: error:") and "offset" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("content,needle", [
    (None, "no such file"),
    ("dir", "directory"),
    (b"", "empty"),
    (b"print('hi')\n", "source"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(64), "not a pyc"),
    (b"\x01\x02\r\n" + bytes(12), "unknown magic"),
])
def test_bad_inputs_give_one_line_errors(tmp_path, content, needle) -> None:
    if content is None:
        target = str(tmp_path / "missing.pyc")
    elif content == "dir":
        target = str(tmp_path)
    else:
        name = "mod.py" if needle == "source" else "x.pyc"
        (tmp_path / name).write_bytes(content)
        target = str(tmp_path / name)
    for cmd in ("info", "dump"):
        r = run_cli(cmd, target)
        assert r.returncode != 0
        assert "Traceback" not in r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], r.stderr


def test_unknown_magic_names_nearest_versions(tmp_path) -> None:
    (tmp_path / "x.pyc").write_bytes((3445).to_bytes(2, "little") + b"\r\n" + bytes(12))
    r = run_cli("info", str(tmp_path / "x.pyc"))
    assert "3445" in r.stderr and "3439" in r.stderr and "3450" in r.stderr


def test_forced_version_and_raw_marshal(tmp_path) -> None:
    import marshal

    (tmp_path / "raw.bin").write_bytes(marshal.dumps(compile("a = 1", "raw.py", "exec")))
    r = run_cli("info", "--raw", str(tmp_path / "raw.bin"))
    assert r.returncode == 0 and "raw marshal" in r.stdout
    data = open(example("fib.cpython-312.pyc"), "rb").read()
    (tmp_path / "game.pyc").write_bytes(b"\x42\x42\x42\x42" + data[4:])
    r = run_cli("info", "--python-version", "3.12", str(tmp_path / "game.pyc"))
    assert r.returncode == 0 and "fib" in r.stdout
