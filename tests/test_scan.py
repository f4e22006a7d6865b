"""``bytescope scan``: trees, zips and wheels mixing good, damaged and non-pyc files."""

from __future__ import annotations

import importlib.util
import io
import json
import marshal
import os
import types
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bytescope import scan as scan_mod
from bytescope.cli import main
from bytescope.scan import Scanner, Summary, looks_like_pyc, scan, scan_bytes

SOURCE = '''
import os

def outer(a, b=2):
    def inner(c):
        return [c, a, b]
    return inner

class Thing:
    def method(self):
        return {k: v for k, v in os.environ.items()}

VALUE = (1, 2.5, "text", b"bytes", None, lambda: 3)
'''


def _host_pyc(source: str = SOURCE, name: str = "mod.py") -> bytes:
    code = compile(source, name, "exec")
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


def _host_counts(data: bytes) -> tuple[int, int]:
    """Code objects and co_code bytes of a host pyc, by the host's own marshal."""
    top = marshal.loads(data[16:])
    count = size = 0
    stack = [top]
    while stack:
        co = stack.pop()
        count += 1
        size += len(co.co_code)
        stack.extend(c for c in co.co_consts if isinstance(c, types.CodeType))
    return count, size


GOOD = _host_pyc()
GOOD2 = _host_pyc("x = 1\n", "small.py")

#: name -> (bytes, expected outcome: "ok" | "fail" | "skip")
TREE: dict[str, tuple[bytes, str]] = {
    "pkg/__pycache__/mod.cpython-311.pyc": (GOOD, "ok"),
    "pkg/small.pyc": (GOOD2, "ok"),
    "pkg/renamed.bin": (GOOD, "ok"),  # no .pyc name, but a known magic
    "pkg/old.pyo": (GOOD2, "ok"),
    "bad/truncated.pyc": (GOOD[: len(GOOD) // 2], "fail"),
    "bad/badmagic.pyc": (b"\x00\x01\x02\x03" + GOOD[4:], "fail"),
    "bad/empty.pyc": (b"", "fail"),
    "bad/header_only.pyc": (GOOD[:16], "fail"),
    "other/source.py": (SOURCE.encode(), "skip"),
    "other/readme.txt": (b"hello world\n", "skip"),
    "other/tiny": (b"x", "skip"),
}
N_OK = sum(1 for _, o in TREE.values() if o == "ok")
N_FAIL = sum(1 for _, o in TREE.values() if o == "fail")
N_SKIP = sum(1 for _, o in TREE.values() if o == "skip")


def _make_tree(root: Path) -> Path:
    for name, (data, _) in TREE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def _make_zip(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/", b"")  # a directory entry is not a file
        for name, (data, _) in TREE.items():
            zf.writestr(name, data)
    return path


def _expected_outcome(path: str) -> str:
    name = path.split("!", 1)[-1].replace(os.sep, "/")
    for key, (_, outcome) in TREE.items():
        if name.endswith(key):
            return outcome
    raise AssertionError(f"unexpected record for {path}")


def _check_records(records: list[Any], copies: int) -> None:
    assert len(records) == (N_OK + N_FAIL) * copies
    for rec in records:
        want = _expected_outcome(rec.path)
        assert want != "skip", rec.path
        assert rec.ok == (want == "ok"), (rec.path, rec.error)
        if rec.ok:
            assert rec.error is None
            assert rec.version is not None
        else:
            assert rec.error["type"] and rec.error["message"]


def test_tree_counts(tmp_path: Path) -> None:
    root = _make_tree(tmp_path / "tree")
    scanner = Scanner([str(root)], jobs=1)
    records = list(scanner.run())
    _check_records(records, 1)
    assert scanner.skipped == N_SKIP


def test_errors_name_offsets(tmp_path: Path) -> None:
    root = _make_tree(tmp_path / "tree")
    by_name = {Path(r.path).name: r for r in scan([str(root)], jobs=1)}
    trunc = by_name["truncated.pyc"]
    assert trunc.error["type"] == "TruncatedData"
    assert 16 <= trunc.error["offset"] <= len(GOOD) // 2
    assert trunc.version == scan_mod.versions.host().key  # header still reported
    assert trunc.header is not None and trunc.header["size"] == 16
    assert by_name["badmagic.pyc"].error["type"] in ("BadMagic", "UnsupportedVersion")
    assert by_name["badmagic.pyc"].error["offset"] == 0
    assert by_name["empty.pyc"].error["offset"] == 0
    assert by_name["header_only.pyc"].error["offset"] == 16


def test_good_file_counts_match_host_marshal(tmp_path: Path) -> None:
    root = _make_tree(tmp_path / "tree")
    for rec in scan([str(root)], jobs=1):
        if not rec.ok:
            continue
        data = (root / rec.path[len(str(root)) + 1 :]).read_bytes()
        assert (rec.code_objects, rec.code_bytes) == _host_counts(data)
        assert rec.size == len(data)
        assert rec.trailing == 0
        assert rec.header["mode"] == "timestamp"


def test_zip_and_wheel(tmp_path: Path) -> None:
    archive = _make_zip(tmp_path / "bundle.zip")
    scanner = Scanner([str(archive)], jobs=1)
    records = list(scanner.run())
    _check_records(records, 1)
    assert scanner.skipped == N_SKIP
    assert all(r.path.startswith(str(archive) + "!") for r in records)
    # a wheel met while walking a directory is opened too, beside the loose files
    root = _make_tree(tmp_path / "tree")
    _make_zip(root / "dist" / "pkg-1.0-py3-none-any.whl")
    scanner = Scanner([str(root)], jobs=1)
    records = list(scanner.run())
    _check_records(records, 2)
    assert scanner.skipped == 2 * N_SKIP


def test_parallel_gives_same_records(tmp_path: Path) -> None:
    root = _make_tree(tmp_path / "tree")
    _make_zip(root / "a.zip")
    serial = [r.to_dict() for r in Scanner([str(root)], jobs=1, chunk_files=2).run()]
    par = Scanner([str(root)], jobs=2, chunk_files=2)
    parallel = [r.to_dict() for r in par.run()]
    assert parallel == serial
    assert par.skipped == 2 * N_SKIP


def test_damaged_archive_and_missing_path_do_not_stop(tmp_path: Path) -> None:
    root = _make_tree(tmp_path / "tree")
    (root / "broken.whl").write_bytes(b"PK\x03\x04 this is not really a zip")
    missing = str(tmp_path / "nowhere")
    records = list(scan([missing, str(root)], jobs=1))
    assert records[0].path == missing and records[0].error["type"] == "InputError"
    broken = [r for r in records if r.path.endswith("broken.whl")]
    assert len(broken) == 1 and broken[0].error["type"] == "InputError"
    rest = [r for r in records if r not in broken and r.path != missing]
    _check_records(rest, 1)


def test_internal_errors_are_recorded_not_raised(tmp_path: Path, monkeypatch: Any) -> None:
    real = scan_mod.loads

    def flaky(data: bytes, **kw: Any) -> Any:
        if kw.get("path", "").endswith("small.pyc"):
            raise IndexError("simulated reader bug")
        return real(data, **kw)

    monkeypatch.setattr(scan_mod, "loads", flaky)
    root = _make_tree(tmp_path / "tree")
    by_name = {Path(r.path).name: r for r in scan([str(root)], jobs=1)}
    assert by_name["small.pyc"].error["type"] == "InternalError"
    assert "simulated" in by_name["small.pyc"].error["message"]
    assert by_name["old.pyo"].ok


def test_instruction_counter_hook(monkeypatch: Any) -> None:
    monkeypatch.setattr(scan_mod, "_COUNTER_RESOLVED", True)
    monkeypatch.setattr(scan_mod, "_COUNTER", lambda code: len(code.co_code) // 2)
    rec = scan_bytes(GOOD)
    assert rec.instructions == _host_counts(GOOD)[1] // 2
    monkeypatch.setattr(scan_mod, "_COUNTER", None)
    assert scan_bytes(GOOD).instructions is None


def test_looks_like_pyc() -> None:
    assert looks_like_pyc(GOOD[:4])
    assert not looks_like_pyc(b"PK\x03\x04")
    assert not looks_like_pyc(b"#!/u")
    assert not looks_like_pyc(b"ab")


def test_summary_table() -> None:
    summary = Summary()
    summary.add(scan_bytes(GOOD, "a.pyc"))
    summary.add(scan_bytes(GOOD[:20], "b.pyc"))
    summary.add(scan_bytes(b"junk", "c.pyc"))
    assert (summary.files, summary.failed) == (3, 2)
    keys = [k for k, _ in summary.rows()]
    assert keys == [scan_mod.versions.host().key, "unknown"]
    table = summary.table()
    assert table.splitlines()[-1].split()[:3] == ["total", "3", "2"]


# --- the command line ------------------------------------------------------


def _run(argv: list[str], capsys: Any) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_text_and_strict(tmp_path: Path, capsys: Any) -> None:
    root = _make_tree(tmp_path / "tree")
    status, out, err = _run(["scan", "-j1", str(root)], capsys)
    assert status == 0
    assert err == ""  # no progress line when stderr is not a terminal
    assert out.count("FAIL ") == N_FAIL
    assert f"{N_OK + N_FAIL} pyc(s) read, {N_FAIL} failed, {N_SKIP} other" in out
    status, _, _ = _run(["scan", "-j1", "--strict", str(root)], capsys)
    assert status == 1
    status, out, _ = _run(["scan", "-j1", "--strict", str(root / "pkg")], capsys)
    assert status == 0
    assert " 0 failed" in out


def test_cli_json_lines(tmp_path: Path, capsys: Any) -> None:
    root = _make_tree(tmp_path / "tree")
    archive = _make_zip(tmp_path / "b.zip")
    status, out, err = _run(["scan", "--json", "-j2", str(root), str(archive)], capsys)
    assert status == 0 and err == ""
    lines = [json.loads(line) for line in io.StringIO(out)]
    assert len(lines) == 2 * (N_OK + N_FAIL)
    assert sum(1 for d in lines if d["ok"]) == 2 * N_OK
    for d in lines:
        assert set(d) >= {"path", "version", "header", "code_objects", "instructions", "error"}
        assert (d["error"] is None) == d["ok"]


def test_cli_forced_version(tmp_path: Path, capsys: Any) -> None:
    root = _make_tree(tmp_path / "tree")
    status, out, _ = _run(
        ["scan", "--json", "-j1", "--python-version", "3.11", str(root / "pkg")], capsys
    )
    assert status == 0
    paths = [json.loads(line)["path"] for line in io.StringIO(out)]
    # with a forced version only .pyc/.pyo names are read (no magic sniffing)
    assert not any(p.endswith("renamed.bin") for p in paths)
    assert len(paths) == 3


def test_cli_bad_jobs(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        main(["scan", "-j", "0", "."])


def test_instruction_counts_match_host_dis() -> None:
    if scan_mod.instruction_counter() is None:
        pytest.skip("this build has no bytescope.bytecode decoder")
    import dis

    top = marshal.loads(GOOD[16:])
    want = 0
    stack = [top]
    while stack:
        co = stack.pop()
        # the decoder folds EXTENDED_ARG into the instruction it prefixes
        want += sum(1 for i in dis.get_instructions(co) if i.opname != "EXTENDED_ARG")
        stack.extend(c for c in co.co_consts if isinstance(c, types.CodeType))
    assert scan_bytes(GOOD).instructions == want


def test_progress_only_on_a_terminal() -> None:
    from bytescope.commands.scan import _Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    summary = Summary()
    summary.add(scan_bytes(GOOD, "a.pyc"))
    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        progress = _Progress(stream, True)
        progress.update(summary, len(GOOD))
        progress.close()
    assert "scanned 1 pycs (0 failed)" in tty.getvalue()
    assert pipe.getvalue() == ""
    quiet = Tty()
    progress = _Progress(quiet, False)  # --no-progress
    progress.update(summary, 1)
    assert quiet.getvalue() == ""
