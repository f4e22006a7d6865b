#!/usr/bin/env python3
"""Benchmark: whole-stdlib disassembly to text, bytescope vs the native ``dis`` of each version.

For every installed interpreter of 3.11+ (and any other given with
``--versions``), the stdlib pycs it compiled for itself are disassembled to
text (``dis.dis(code)`` with nested code objects, what ``bytescope dis``
prints) twice:

* natively: one process of that interpreter loads every pyc with ``marshal``
  and runs ``dis.dis`` into a StringIO (timed inside, loading excluded);
* by bytescope on the host: ``bytescope.load`` then ``dis_text`` (timed with
  loading, i.e. the whole job from pyc bytes to text, and without it).

Results (seconds, ratios) are printed and written between the ``dis`` markers
of bench/RESULTS.md.  Not a test: run it by hand.

usage: python3 bench/bench_dis.py [--versions 3.11,3.12,3.13] [--limit N] [--repeat N]
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import bytescope  # noqa: E402
from bytescope.views.dis_text import dis_text  # noqa: E402

NATIVE = r"""
import dis, io, marshal, sys, time
paths = sys.stdin.read().split("\n")
codes = []
for p in paths:
    with open(p, "rb") as fh:
        codes.append(marshal.loads(fh.read()[16:]))
best = None
for _ in range(int(sys.argv[1])):
    t = time.perf_counter()
    for c in codes:
        buf = io.StringIO()
        dis.dis(c, file=buf)
    t = time.perf_counter() - t
    best = t if best is None else min(best, t)
print(best)
"""


def stdlib_pycs(python: str, version: str) -> list[str]:
    """Return the non-optimised stdlib pycs of ``python`` (its own cache tag)."""
    lib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    tag = "cpython-" + version.replace(".", "")
    found = glob.glob(os.path.join(lib, "**", f"*.{tag}.pyc"), recursive=True)
    return sorted(p for p in found if ".opt-" not in p and "site-packages" not in p)


def bench(version: str, python: str, limit: int, repeat: int) -> dict:
    """Return the timings of one version."""
    pycs = stdlib_pycs(python, version)[:limit]
    native = float(subprocess.run(
        [python, "-c", NATIVE, str(repeat)], input="\n".join(pycs), capture_output=True,
        text=True, check=True,
    ).stdout.strip())
    datas = []
    for p in pycs:
        with open(p, "rb") as fh:
            datas.append(fh.read())
    best_total = best_text = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        codes = [bytescope.loads(d).code for d in datas]
        t1 = time.perf_counter()
        for c in codes:
            dis_text(c)
        t2 = time.perf_counter()
        total, text = t2 - t0, t2 - t1
        best_total = total if best_total is None else min(best_total, total)
        best_text = text if best_text is None else min(best_text, text)
    return {"version": version, "files": len(pycs), "native": native,
            "ours_total": best_total, "ours_text": best_text}


def write_results(rows: list[dict]) -> None:
    """Replace the dis section of bench/RESULTS.md with ``rows``."""
    path = os.path.join(HERE, "RESULTS.md")
    host = ".".join(str(x) for x in sys.version_info[:3])
    lines = [
        "<!-- dis:begin -->",
        "## dis: stdlib to text, bytescope vs native dis",
        "",
        f"Host (runs bytescope): CPython {host}.  Native: each version's own `dis.dis` into a",
        "StringIO, code objects preloaded.  bytescope: `load` + `dis_text` (total) and",
        "`dis_text` alone.  Best of the repeats; ratio = native / bytescope (>1: faster).",
        f"Load average when written: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(both sides ran under the same load).",
        "",
        "| version | pycs | native s | bytescope total s | ratio | bytescope text-only s | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['version']} | {r['files']} | {r['native']:.2f} | {r['ours_total']:.2f} | "
            f"{r['native'] / r['ours_total']:.2f}x | {r['ours_text']:.2f} | "
            f"{r['native'] / r['ours_text']:.2f}x |"
        )
    lines.append("<!-- dis:end -->")
    block = "\n".join(lines) + "\n"
    text = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    if "<!-- dis:begin -->" in text:
        text = re.sub(r"<!-- dis:begin -->.*?<!-- dis:end -->\n?", lambda m: block, text,
                      flags=re.S)
    else:
        text = (text.rstrip("\n") + "\n\n" if text else "# Benchmarks\n\n") + block
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def main() -> int:
    """Run the benchmark; return the exit status."""
    from interpreters import find

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--versions", default="3.11,3.12,3.13")
    ap.add_argument("--limit", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows = []
    for version in args.versions.split(","):
        python = find(version)
        if python is None:
            print(f"{version}: no interpreter, skipped")
            continue
        r = bench(version, python, args.limit, args.repeat)
        rows.append(r)
        print(f"{version}: {r['files']} pycs native {r['native']:.2f}s, bytescope "
              f"{r['ours_total']:.2f}s total ({r['native'] / r['ours_total']:.2f}x), "
              f"{r['ours_text']:.2f}s text-only ({r['native'] / r['ours_text']:.2f}x)")
    if rows and not args.no_write:
        write_results(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
