"""Smoke test: ``bench/run.py`` runs end to end on a tiny corpus (nothing is timed here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "bench" / "run.py"


def test_bench_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    host = f"{sys.version_info[0]}.{sys.version_info[1]}"
    out, raw = tmp_path / "RESULTS.md", tmp_path / "results.json"
    cmd = [
        sys.executable, str(RUN), "--versions", "host", "--files", "4", "--runs", "1",
        "--tasks", "load,write", "--no-xdis", "--curve-max", "0.01", "--hostile-size", "20000",
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
    assert [r["size"] for r in results["curve"]] == sorted(r["size"] for r in results["curve"])
    assert len(results["curve"]) == 2
    assert results["hostile"] and all("outcome" in r for r in results["hostile"])
    assert results["scan"]["j1"]["files"] == results["scan"]["j2"]["files"] == 4

    text = out.read_text()
    for heading in ("## Load", "## Cost per MB", "## Memory on hostile input", "## Targets"):
        assert heading in text
    assert f"| {host} | 4 |" in text
