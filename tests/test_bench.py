"""``bench/run.py``: it runs end to end on a tiny corpus, and its report renders
old and new raw figures (nothing is timed here)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "bench" / "run.py"
WORKER = ROOT / "bench" / "host_worker.py"

_spec = importlib.util.spec_from_file_location("bench_run", RUN)
assert _spec is not None and _spec.loader is not None
bench_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_run)


def test_bench_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    host = f"{sys.version_info[0]}.{sys.version_info[1]}"
    out, raw = tmp_path / "RESULTS.md", tmp_path / "results.json"
    cmd = [
        sys.executable, str(RUN), "--versions", "host", "--files", "4", "--runs", "1",
        "--tasks", "load,write", "--no-xdis", "--no-accel", "--curve-max", "0.01",
        "--hostile-size", "20000",
        "--corpora", str(tmp_path / "corpora"), "--out", str(out), "--json", str(raw),
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]

    results = json.loads(raw.read_text())
    assert list(results["per_version"]) == [host]
    load = results["per_version"][host]["load"]
    for tool in ("native", "bytescope"):
        assert load[tool]["files"] == 4, load[tool]
        assert load[tool]["mb_s"] > 0 and load[tool]["peak_rss_kb"] > 0
    assert "bytescope-accel" not in load
    assert results["accel"] == {"note": "--no-accel"}
    assert [r["size"] for r in results["curve"]] == sorted(r["size"] for r in results["curve"])
    assert len(results["curve"]) == 2
    assert results["hostile"] and all("outcome" in r for r in results["hostile"])
    assert results["scan"]["j1"]["files"] == results["scan"]["j2"]["files"] == 4

    text = out.read_text()
    for heading in ("## Load", "## Cost per MB", "## Memory on hostile input", "## Targets"):
        assert heading in text
    assert f"| {host} | 4 |" in text
    assert "- accelerated build: not measured (--no-accel)" in text
    assert "- accelerated build within 1.5× of native: not measured (--no-accel)" in text


# --------------------------------------------------------------------------
# the report from synthetic raw figures


def _timed(mb_s: float, files: int = 10, nbytes: int = 2_000_000) -> dict[str, Any]:
    """Return a raw worker result whose best pass reads ``nbytes`` at ``mb_s``."""
    best = nbytes / 1e6 / mb_s
    return {"times": [best * 1.1, best], "files": files, "bytes": nbytes, "errors": 0,
            "first_error": None, "peak_rss_kb": 20480, "base_rss_kb": 10240}


def _results(load: dict[str, dict[str, dict[str, Any]]], **extra: Any) -> dict[str, Any]:
    """Return raw results (as results.json holds them) with these load rows."""
    return {
        "machine": {"cpu": "test cpu", "cores": 2, "memory": "1 GiB", "os": "test os",
                    "host_python": "3.11.7", "date": "2000-01-01 00:00 UTC", "commit": "abc",
                    "load_before": "0", "load_after": "0"},
        "runs": 2, "files_label": "10 spread evenly", "xdis": None,
        "corpora": {v: {"python": v + ".0"} for v in load},
        "per_version": {v: {"load": tools} for v, tools in load.items()},
        **extra,
    }


def _rerender(tmp_path: Path, results: dict[str, Any]) -> str:
    """Write ``results`` as a results.json; return the report ``--render`` makes of it."""
    raw, out = tmp_path / "results.json", tmp_path / "RESULTS.md"
    raw.write_text(json.dumps(results))
    assert bench_run.main(["--render", str(raw), "--out", str(out)]) == 0
    return out.read_text()


def _load_row(text: str, ver: str) -> dict[str, str]:
    """Return the cells of the load table's row for ``ver``, by column name."""
    return _table_row(text, "## Load", ver)


def _table_row(text: str, heading: str, ver: str) -> dict[str, str]:
    """Return the cells of ``ver``'s row in the table under ``heading``, by column name."""
    lines = text.split(heading, 1)[1].split("\n## ", 1)[0].splitlines()
    header = next(line for line in lines if line.startswith("| version |"))
    row = next(line for line in lines if line.startswith(f"| {ver} |"))
    names = [c.strip() for c in header.strip("|").split("|")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(names) == len(cells), (header, row)
    return dict(zip(names, cells))


def test_report_shows_the_accelerated_columns_and_target(tmp_path: Path) -> None:
    text = _rerender(tmp_path, _results({
        "2.7": {"native": _timed(300), "bytescope": _timed(50), "bytescope-accel": _timed(250)},
        "3.11": {"native": _timed(200), "bytescope": _timed(25), "bytescope-accel": _timed(160)},
    }, accel={"dir": "bench/.accel"}))
    row = _load_row(text, "3.11")
    assert row["accel MB/s"] == "160.00"
    assert row["accel time ÷ native"] == "1.25×"
    assert row["bytescope MB/s"] == "25.00" and row["bytescope time ÷ native"] == "8.0×"
    assert _load_row(text, "2.7")["accel time ÷ native"] == "1.20×"
    assert "compiled by mypyc with `tools/build_accel.py`" in text
    assert "- accelerated build: `bytescope/marshal/_fast.py` compiled by mypyc" in text
    assert "- accelerated build within 1.5× of native: met (worst 1.25×)" in text

    text = _rerender(tmp_path, _results({"3.11": {
        "native": _timed(200), "bytescope": _timed(25), "bytescope-accel": _timed(100)}}))
    assert "- accelerated build within 1.5× of native: not met (worst 2.00×)" in text


def test_report_of_results_without_the_accelerated_build(tmp_path: Path) -> None:
    # results.json of runs made before the accelerated build was measured
    old = _results({"3.11": {"native": _timed(200), "bytescope": _timed(25)}})
    text = _rerender(tmp_path, old)
    row = _load_row(text, "3.11")
    assert row["accel MB/s"] == "–" and row["accel time ÷ native"] == "–"
    assert row["bytescope MB/s"] == "25.00"
    assert "- accelerated build: not measured (no figures in these results)" in text
    assert "- accelerated build within 1.5× of native: not measured" in text

    # a run where the build was skipped says why
    text = _rerender(tmp_path, dict(old, accel={"note": "mypyc is not installed"}))
    assert "- accelerated build: not measured (mypyc is not installed)" in text
    assert "- accelerated build within 1.5× of native: not measured (mypyc is not installed)" \
        in text

    # a version the compiled reader could not time: "–", the note, and the target names it
    text = _rerender(tmp_path, _results({
        "2.7": {"native": _timed(300), "bytescope": _timed(50),
                "bytescope-accel": {"unavailable": True, "note": "worker failed: boom"}},
        "3.11": {"native": _timed(200), "bytescope": _timed(25), "bytescope-accel": _timed(160)},
    }, accel={"dir": "bench/.accel"}))
    assert _load_row(text, "2.7")["accel MB/s"] == "–"
    assert "- 2.7 bytescope-accel: worker failed: boom" in text
    assert "met (worst 1.25×; not measured for 2.7)" in text


DECODE, DIS, WRITE = "## Decode: every instruction", "## `dis` text", "## Write: marshal out"


def _tasks(load: dict[str, Any], **tasks: dict[str, Any]) -> dict[str, Any]:
    """Return one version's raw row: the load tools and ``task=tools`` rows."""
    return {"load": load, **tasks}


def test_report_shows_xdis_decode_and_dis(tmp_path: Path) -> None:
    results = _results({})
    results["corpora"] = {"2.7": {"python": "2.7.18"}, "3.11": {"python": "3.11.7"}}
    results["per_version"] = {
        "2.7": _tasks(
            {"native": _timed(300), "bytescope": _timed(50)},
            decode={"native": {"unavailable": True, "note": "no dis.get_instructions"},
                    "bytescope": _timed(10), "xdis": _timed(1)},
            dis={"native": _timed(1), "bytescope": _timed(3),
                 "xdis": dict(_timed(0.5, files=8), errors=2,
                              first_error="TypeError: unhashable type: 'slice'")},
            write={"native": _timed(100), "bytescope": _timed(20)}),
        "3.11": _tasks(
            {"native": _timed(200), "bytescope": _timed(25)},
            decode={"native": _timed(4), "bytescope": _timed(18), "xdis": _timed(0.6)},
            dis={"native": _timed(2), "bytescope": _timed(5),
                 "xdis": {"unavailable": True, "note": "read no file (KeyError: 3666)"}},
            write={"native": _timed(100), "bytescope": _timed(20)}),
    }
    text = _rerender(tmp_path, results)
    row = _table_row(text, DECODE, "3.11")
    assert row["xdis MB/s"] == "0.60" and row["bytescope speed-up over xdis"] == "30.00×"
    assert row["bytescope MB/s"] == "18.00" and row["bytescope speed-up over native"] == "4.50×"
    row = _table_row(text, DECODE, "2.7")
    assert row["native MB/s"] == "no dis.get_instructions"
    assert row["xdis MB/s"] == "1.00" and row["bytescope speed-up over xdis"] == "10.00×"
    row = _table_row(text, DIS, "2.7")
    assert row["xdis MB/s"] == "0.50" and row["bytescope speed-up over xdis"] == "6.00×"
    row = _table_row(text, DIS, "3.11")
    assert row["xdis MB/s"] == "–" and row["bytescope speed-up over xdis"] == "–"
    dis_part = text.split(DIS, 1)[1].split(WRITE, 1)[0]
    assert "xdis: `xdis.bytecode.Bytecode(c, opc).dis()`" in dis_part
    assert "- 2.7: 2 file(s) left out, first: `TypeError: unhashable type: 'slice'`" in dis_part
    assert "- 3.11: read no file (KeyError: 3666)" in dis_part
    assert "Bytecode(c, opc).get_instructions(c)" in text.split(DECODE, 1)[1]
    # the write table has no xdis columns
    row = _table_row(text, WRITE, "3.11")
    assert "xdis MB/s" not in row and row["bytescope MB/s"] == "20.00"


def test_report_of_results_without_xdis_decode_and_dis(tmp_path: Path) -> None:
    # results.json of runs that timed xdis's load only: "–" in the new columns
    results = _results({"3.11": {}})
    results["per_version"] = {"3.11": _tasks(
        {"native": _timed(200), "bytescope": _timed(25), "xdis": _timed(2)},
        decode={"native": _timed(4), "bytescope": _timed(18)},
        dis={"native": _timed(2), "bytescope": _timed(5)})}
    text = _rerender(tmp_path, results)
    for heading in (DECODE, DIS):
        row = _table_row(text, heading, "3.11")
        assert row["xdis MB/s"] == "–" and row["bytescope speed-up over xdis"] == "–"
        assert row["bytescope speed-up over native"] in ("4.50×", "2.50×")
    assert "could not load or" not in text
    assert _load_row(text, "3.11")["bytescope speed-up over xdis"] == "12.50×"


def test_report_of_a_run_without_the_load(tmp_path: Path) -> None:
    # --tasks decode,dis into a fresh --json: no load rows at all
    results = _results({"3.11": {}})
    results["per_version"] = {"3.11": {
        "decode": {"native": _timed(4), "bytescope": _timed(18), "xdis": _timed(0.6)},
        "dis": {"native": _timed(2), "bytescope": _timed(5), "xdis": _timed(0.4)}}}
    text = _rerender(tmp_path, results)
    assert _table_row(text, DIS, "3.11")["bytescope speed-up over xdis"] == "12.50×"
    assert "| 3.11 |" not in text.split("## Load", 1)[1].split(DECODE, 1)[0]
    assert "- load ≥ 8× faster than xdis: not met (worst –×)" in text


# --------------------------------------------------------------------------
# the workers


def _worker(tmp_path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    proc = subprocess.run([sys.executable, str(WORKER), str(path)], capture_output=True,
                          text=True, timeout=300, check=True)
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _fixture_pycs() -> list[str]:
    files = sorted((ROOT / "tests" / "fixtures").glob("3.11/*.pyc"))
    assert files
    return [str(p) for p in files[:3]]


def test_accel_worker_refuses_a_pure_build(tmp_path: Path) -> None:
    pure = tmp_path / "pure"
    shutil.copytree(ROOT / "src" / "bytescope", pure / "bytescope",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    spec = {"tool": "bytescope-accel", "task": "load", "files": _fixture_pycs(),
            "header_size": 16, "runs": 1, "src": str(pure)}
    res = _worker(tmp_path, spec)
    assert res["unavailable"] and res["accelerated"] is False and "times" not in res
    assert "accelerated() is False" in res["note"]


@pytest.mark.slow
def test_bench_measures_the_accelerated_build(tmp_path: Path) -> None:
    why = bench_run.ensure_accel(str(tmp_path / "accel"))[1]
    if why:
        pytest.skip(f"accelerated build unavailable: {why}")
    res = bench_run.summarise(_worker(tmp_path, {
        "tool": "bytescope-accel", "task": "load", "files": _fixture_pycs(), "header_size": 16,
        "runs": 1, "src": str(tmp_path / "accel")}))
    assert res["accelerated"] is True and res["files"] == 3 and res["mb_s"] > 0
    # up to date: the second call reuses the build
    assert bench_run.ensure_accel(str(tmp_path / "accel")) == (str(tmp_path / "accel"), "")


XDIS_PYTHON = ROOT / "bench" / ".venv-xdis" / "bin" / "python"


@pytest.mark.skipif(not XDIS_PYTHON.exists(), reason="no bench/.venv-xdis (python bench/run.py)")
@pytest.mark.parametrize("task", ["decode", "dis"])
def test_xdis_worker_times_decode_and_dis(tmp_path: Path, task: str) -> None:
    # (xdis 6.3.0 cannot load basics.pyc: "unpack requires a buffer of 2 bytes")
    files = [str(ROOT / "tests" / "fixtures" / "3.11" / f"{n}.pyc") for n in ("closures", "errors")]
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps({"tool": "xdis", "task": task, "files": files[:2],
                                     "header_size": 16, "runs": 1}))
    proc = subprocess.run([str(XDIS_PYTHON), str(WORKER), str(spec_path)], capture_output=True,
                          text=True, timeout=300, check=True)
    res = bench_run.summarise(json.loads(proc.stdout.splitlines()[-1]))
    assert res["files"] == 2 and res["errors"] == 0 and res["mb_s"] > 0, res
    # a file xdis cannot read is counted and left out, not fatal
    bad = tmp_path / "bad.pyc"
    bad.write_bytes(Path(files[0]).read_bytes()[:40])
    spec_path.write_text(json.dumps({"tool": "xdis", "task": task, "files": [files[0], str(bad)],
                                     "header_size": 16, "runs": 1}))
    proc = subprocess.run([str(XDIS_PYTHON), str(WORKER), str(spec_path)], capture_output=True,
                          text=True, timeout=300, check=True)
    res = json.loads(proc.stdout.splitlines()[-1])
    assert res["files"] == 1 and res["errors"] == 1 and res["first_error"], res
