"""Benchmark ``bytescope attach`` (not a test): setup, find-by-name, read one function,
list all functions, and the heap-scan rate, against children of several versions.

    python3 bench/bench_attach.py [--versions 3.8,3.12,3.15] [--functions 20000]
                                  [--heap-mb 200] [--write]

Each child defines ``--functions`` functions in a module ``benchmod`` and keeps
``--heap-mb`` MB of extra heap (many mid-sized objects, like a real process).  With
``--write`` the table replaces the "attach" section of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

from interpreters import find  # noqa: E402

from bytescope.live import attach  # noqa: E402
from bytescope.live.scan import heap_mappings, scan  # noqa: E402

CHILD = r'''
import sys, types
n, mb = int(sys.argv[1]), int(sys.argv[2])
src = "\n".join("def f%d(x, y=%d):\n    return x * y + %d\n" % (i, i, i) for i in range(n))
mod = types.ModuleType("benchmod")
exec(compile(src, "benchmod.py", "exec"), mod.__dict__)
sys.modules["benchmod"] = mod
ballast = [b"\0" * 4000 + str(i).encode() for i in range(mb * 256)]
sys.stdout.write("%d\n" % id(getattr(mod, "f%d" % (n - 1))))
sys.stdout.flush()
sys.stdin.read()
'''


def _time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_version(version: str, functions: int, heap_mb: int) -> dict:
    exe = find(version)
    if exe is None:
        return {"version": version, "skipped": "interpreter not installed"}
    proc = subprocess.Popen([exe, "-c", CHILD, str(functions), str(heap_mb)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        addr = int(proc.stdout.readline())
        setup = _time(lambda: attach(proc.pid).close(), 3)
        target = attach(proc.pid)
        name = f"benchmod:f{functions - 1}"
        find_s = _time(lambda: target.locate(name), 3)
        read_s = _time(lambda: target.code_at(addr), 5)
        maps = heap_mappings(target.mem.mappings())
        ftype = target.type_addrs["function"]
        t0 = time.perf_counter()
        _, _, scanned = scan(target.mem, maps, words=[ftype])
        scan_s = time.perf_counter() - t0
        list_s = _time(lambda: target.functions(), 1)
        count = len(target.functions())
        target.close()
    finally:
        proc.kill()
        proc.wait()
    return {"version": version, "setup_ms": setup * 1e3, "find_ms": find_s * 1e3,
            "read_ms": read_s * 1e3, "list_ms": list_s * 1e3, "functions": count,
            "heap_mb": scanned / 1e6, "scan_mb_s": scanned / 1e6 / scan_s}


def table(rows: list, functions: int, heap_mb: int) -> str:
    load = os.getloadavg()[0]
    out = [f"Children with {functions} functions in `benchmod` and ~{heap_mb} MB of extra "
           f"heap; medians; 2-core machine (load average {load:.1f} while measuring: other "
           "work shares the cores, so these are pessimistic).", "",
           "find by name = `module:qualname` through sys.modules and dicts; list all and the "
           "scan = whole-heap search for function objects (`bytes.find` on the rarest byte of "
           "the type pointer).", "",
           "| version | setup ms | find by name ms | read one function ms | "
           "list all ms (count) | heap scanned MB | scan MB/s |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        if "skipped" in r:
            out.append(f"| {r['version']} | skipped: {r['skipped']} | | | | | |")
            continue
        out.append(f"| {r['version']} | {r['setup_ms']:.1f} | {r['find_ms']:.1f} | "
                   f"{r['read_ms']:.2f} | {r['list_ms']:.0f} ({r['functions']}) | "
                   f"{r['heap_mb']:.0f} | {r['scan_mb_s']:.0f} |")
    return "\n".join(out) + "\n"


def write_results(text: str) -> None:
    path = os.path.join(HERE, "RESULTS.md")
    begin, end = "<!-- attach:begin -->", "<!-- attach:end -->"
    section = f"{begin}\n## attach (bench/bench_attach.py)\n\n{text}{end}\n"
    old = open(path).read() if os.path.exists(path) else "# Benchmark results\n\n"
    if begin in old and end in old:
        new = old[:old.index(begin)] + section + old[old.index(end) + len(end) + 1:]
    else:
        new = old.rstrip("\n") + "\n\n" + section
    with open(path, "w") as fh:
        fh.write(new)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--versions", default="3.8,3.12,3.15")
    ap.add_argument("--functions", type=int, default=20000)
    ap.add_argument("--heap-mb", type=int, default=200)
    ap.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args()
    rows = [bench_version(v, args.functions, args.heap_mb) for v in args.versions.split(",")]
    text = table(rows, args.functions, args.heap_mb)
    sys.stdout.write(text)
    if args.write:
        write_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
