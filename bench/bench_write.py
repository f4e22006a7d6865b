"""Write throughput of bytescope's marshal writer against the host's native ``marshal.dumps``.

Usage::

    PYTHONPATH=src python3 bench/bench_write.py [--files N] [--runs R] [DIR ...]

Takes the host's own compiled standard library (or the pycs under DIR) and
times, per pass over every file:

* ``native``     -- ``marshal.dumps`` of the host code object (C);
* ``canonical``  -- ``bytescope.marshal.writer.dumps(code, version)``: choices
  from the values alone;
* ``replay``     -- the same with the recorded spans (byte-identical output);
* ``to_bytes``   -- ``Pyc.to_bytes()``: re-reading the recording, then replay.

Throughput is megabytes of marshal output per second (best of R runs).  A
benchmark, not a test: it prints a table and checks nothing but identity.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import marshal
import os
import sys
import sysconfig
import time
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))

import bytescope  # noqa: E402
from bytescope.marshal import reader, writer  # noqa: E402


def _host_pycs(dirs: list[str], limit: int) -> list[str]:
    tag = sys.implementation.cache_tag
    roots = dirs or [sysconfig.get_paths()["stdlib"]]
    files: list[str] = []
    for root in roots:
        files += glob.glob(os.path.join(root, "**", f"*.{tag}.pyc"), recursive=True)
    files.sort()
    if limit and len(files) > limit:
        step = len(files) // limit
        files = files[::step][:limit]
    return files


def _best(fn: Callable[[], int], runs: int) -> tuple[float, int]:
    best = float("inf")
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = fn()
        best = min(best, time.perf_counter() - start)
    return best, size


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table; return 0 (1 if a round trip differs)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", help="directories of host pycs (default: stdlib)")
    parser.add_argument("--files", type=int, default=300, help="files to use (0 = all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args(argv)

    files = _host_pycs(args.dirs, args.files)
    if not files:
        print("no host pycs found", file=sys.stderr)
        return 1
    magic = importlib.util.MAGIC_NUMBER
    items = []
    for path in files:
        data = open(path, "rb").read()
        if data[:4] != magic:
            continue
        pyc = bytescope.loads(data)
        body = data[pyc.marshal_offset :]
        native = marshal.loads(body)
        spans = reader.read(body, pyc.version, record=True).spans
        items.append((data, body, native, pyc, spans))
    version = items[0][3].version
    total_in = sum(len(b) for _d, b, _n, _p, _s in items)

    def native() -> int:
        return sum(len(marshal.dumps(n)) for _d, _b, n, _p, _s in items)

    def canonical() -> int:
        return sum(len(writer.dumps(p.code, version)) for _d, _b, _n, p, _s in items)

    def replay() -> int:
        return sum(len(writer.dumps(p.code, version, spans=s)) for _d, _b, _n, p, s in items)

    def to_bytes() -> int:
        return sum(len(p.to_bytes()) for _d, _b, _n, p, _s in items)

    bad = [p.path or "?" for d, _b, _n, p, _s in items if p.to_bytes() != d]
    print(f"host {sys.version.split()[0]} ({version.name}), {len(items)} pycs, "
          f"{total_in / 1e6:.2f} MB of marshal data, best of {args.runs}")
    print(f"{'writer':<12} {'seconds':>9} {'MB/s':>9} {'x native':>9}")
    base = None
    for name, fn in (("native", native), ("canonical", canonical), ("replay", replay),
                     ("to_bytes", to_bytes)):
        seconds, size = _best(fn, args.runs)
        rate = size / seconds / 1e6
        base = base or seconds
        print(f"{name:<12} {seconds:>9.3f} {rate:>9.1f} {seconds / base:>9.1f}")
    print(f"byte-identical round trips: {len(items) - len(bad)}/{len(items)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
