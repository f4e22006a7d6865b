"""Time bytescope's marshal reader against each version's native C ``marshal.loads``.

    python bench/bench_reader.py [3.11,3.12,...] [--runs 5] [--no-native] [--json OUT]

For every version named (default: every corpus in ``bench/corpora/``), the
pycs of ``bench/corpora/<ver>/`` are read into memory, then:

* **ours**: ``bytescope.marshal.reader.read(data, version, header_size)`` over
  the whole corpus, ``--runs`` passes, CPU time (``time.process_time``), min;
* **native**: the same bytes through that version's own ``marshal.loads``
  under its own interpreter (found in pyenv or ``~/.cache/bytescope/pythons``),
  timed the same way in a child process.

Prints MB/s for both and the ratio ours/native (how many times slower we are).
Which reader runs is whatever ``bytescope`` imports: with the mypyc build in
place (``tools/build_accel.py``) the compiled one, else the pure-Python one;
the first line says which
(``--src DIR`` measures the package under DIR instead).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import time
from typing import Any, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
# --src DIR: measure the bytescope package under DIR (e.g. a copy built by
# ``tools/build_accel.py --target DIR``) instead of this checkout's src/.
_SRC = os.path.join(os.path.dirname(HERE), "src")
if "--src" in sys.argv:
    _SRC = sys.argv[sys.argv.index("--src") + 1]
sys.path.insert(0, _SRC)

from bytescope import versions  # noqa: E402
from bytescope.marshal import _fast, reader  # noqa: E402

_NATIVE_SCRIPT = r"""
import marshal, sys
try:
    from time import process_time as clock
except ImportError:
    from time import clock
hs = int(sys.argv[1]); runs = int(sys.argv[2])
datas = []
for path in sys.argv[3:]:
    with open(path, "rb") as f:
        datas.append(f.read()[hs:])
ok = []
for d in datas:
    try:
        marshal.loads(d)
        ok.append(d)
    except Exception:
        pass
best = 1e9
for _ in range(runs):
    t0 = clock()
    for d in ok:
        marshal.loads(d)
    best = min(best, clock() - t0)
sys.stdout.write("%r %d %d\n" % (best, len(ok), sum(len(d) for d in ok)))
"""


def find_python(ver: str) -> Optional[str]:
    """Return the path of an interpreter for ``ver`` ("3.11"), or None when none is installed."""
    roots = []
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if root:
            roots.append(root)
    except OSError:
        pass
    roots.append(os.path.expanduser("~/.pyenv"))
    for root in roots:
        hits = sorted(glob.glob(os.path.join(root, "versions", ver + ".*", "bin", "python")))
        if hits:
            return hits[-1]
    cached = os.path.expanduser(f"~/.cache/bytescope/pythons/{ver}/bin/python")
    return cached if os.path.exists(cached) else None


def native_time(ver: str, files: list[str], hs: int, runs: int) -> Optional[tuple[float, int]]:
    """Return (best CPU seconds, bytes) of the native ``marshal.loads``, or None without one."""
    python = find_python(ver)
    if python is None:
        return None
    out = subprocess.run(
        [python, "-c", _NATIVE_SCRIPT, str(hs), str(runs), *files],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return float(out[0]), int(out[2])


def ours_time(datas: list[bytes], v: Any, runs: int) -> float:
    """Return the best CPU seconds of ``runs`` passes of our reader over ``datas``."""
    hs = v.header_size
    read = reader.read
    best = 1e9
    for _ in range(runs):
        t0 = time.process_time()
        for d in datas:
            read(d, v, hs)
        best = min(best, time.process_time() - t0)
    return best


def main() -> int:
    """Measure the named corpora and print one line each; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("versions", nargs="?", default="")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-native", action="store_true")
    p.add_argument("--json", help="also write the results to this file")
    p.add_argument("--src", help="directory holding the bytescope package to measure")
    args = p.parse_args()
    names = args.versions.split(",") if args.versions else sorted(
        d for d in os.listdir(os.path.join(HERE, "corpora"))
        if d[0].isdigit() and os.path.isdir(os.path.join(HERE, "corpora", d))
    )
    accel = (getattr(_fast, "__file__", None) or "").endswith((".so", ".pyd"))
    results = []
    print(f"reader: {'mypyc-compiled' if accel else 'pure Python'}; CPU time, min of {args.runs}")
    print(f"{'ver':>5} {'files':>5} {'MB':>6} {'ours MB/s':>9} {'native MB/s':>11} {'ratio':>6}")
    for ver in names:
        files = sorted(glob.glob(os.path.join(HERE, "corpora", ver, "**", "*.pyc"),
                                 recursive=True))
        if not files:
            print(f"{ver:>5}: no corpus (run bench/run.py first)")
            continue
        datas = []
        for f in files:
            with open(f, "rb") as fh:
                datas.append(fh.read())
        v = versions.by_magic(datas[0])
        mb = sum(len(d) - v.header_size for d in datas) / 1e6
        ours = ours_time(datas, v, args.runs)
        native = None if args.no_native else native_time(ver, files, v.header_size, args.runs)
        row = {"version": ver, "files": len(files), "mb": mb, "ours_s": ours,
               "ours_mbs": mb / ours, "accelerated": accel}
        line = f"{ver:>5} {len(files):>5} {mb:>6.2f} {mb / ours:>9.1f}"
        if native is not None:
            nsec, nbytes = native
            row.update(native_s=nsec, native_mbs=nbytes / 1e6 / nsec, ratio=ours / nsec)
            line += f" {nbytes / 1e6 / nsec:>11.1f} {ours / nsec:>5.1f}x"
        print(line, flush=True)
        results.append(row)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
