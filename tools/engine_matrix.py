"""Print the engine's differential pass table: program x version x host.

    python tools/engine_matrix.py                      # every program, every version, host 3.11
    python tools/engine_matrix.py --hosts 3.9,3.11,3.13 --versions 3.8,3.12 -k match_
    python tools/engine_matrix.py --native             # the corpus itself: native outcomes
                                                       # per version, grouped where they differ
    python tools/engine_matrix.py --runner xpython --runner-python bench/.venv-xpython/bin/python

Runs natively (cached outside the repo, see tests/engine_harness.py) and with
``bytescope run`` on each host (PYTHONPATH=src), ``--jobs`` at a time, and prints
one row per program (``.`` pass, ``F`` different, ``-`` not run there), then the
pass counts per version and host.  ``--runner xpython`` runs x-python
(``xpython FILE.pyc``) instead of bytescope, to measure the peer on the same
corpus.  ``--json FILE`` writes every outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))

import engine_harness as H  # noqa: E402
from interpreters import find  # noqa: E402


def _native_report(progs: list[H.Program], versions: list[str], jobs: int) -> int:
    """Print, per program, which versions agree natively; return how many exit unexpectedly."""
    pairs = [(p, v) for p in progs for v in versions if p.runs_on(v)]
    for v in versions:
        for name, msg in H.compile_tree(v).refused.items():
            print(f"{name}: Python {v} refused it: {msg}")
        pairs = [(p, v2) for p, v2 in pairs if v2 != v or p.name not in H.compile_tree(v).refused]
    with ThreadPoolExecutor(jobs) as pool:
        outs = list(pool.map(lambda pv: H.native(*pv), pairs))
    by_prog: dict[str, dict[str, H.Outcome]] = defaultdict(dict)
    for (p, v), out in zip(pairs, outs):
        by_prog[p.name][v] = out
    bad = 0
    for p in progs:
        groups: dict[tuple[str, str, int], list[str]] = defaultdict(list)
        for v, out in by_prog[p.name].items():
            groups[out.key()].append(v)
        wrong = [v for v, o in by_prog[p.name].items() if o.status != p.exit_status]
        bad += len(wrong)
        flag = "EXIT!" if wrong else ("varies" if len(groups) > 1 else "same")
        print(f"{p.name:40} {flag:6} " + " | ".join(",".join(g) for g in groups.values()))
        for v in wrong:
            print(f"    {v}: exit {by_prog[p.name][v].status}: {by_prog[p.name][v].stderr_last}")
    return bad


def xpython_outcome(prog: H.Program, version: str, python: str) -> H.Outcome:
    """Return the outcome of x-python (``python -m xpython``) running ``prog``'s pyc."""
    tree = H.compile_tree(version)
    cmd = [python, "-m", "xpython", tree.pyc(prog), *prog.args]
    env = H.clean_env({"PYTHONPATH": H.module_path(tree, prog) or ""})
    return H.run_command(cmd, env, min(prog.timeout * 5, 300), prog.stderr_lines)


def main(argv: Optional[list[str]] = None) -> int:
    """Run the matrix and print it; return 0 (the table is the result)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--versions", default="", help="comma-separated lines (default: all found)")
    ap.add_argument("--hosts", default="", help="comma-separated hosts (default: this Python)")
    ap.add_argument("-k", default="", help="only programs whose name contains this")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--native", action="store_true", help="check the corpus natively only")
    ap.add_argument("--runner", choices=("bytescope", "xpython"), default="bytescope")
    ap.add_argument("--runner-python", default="", help="the Python that has x-python")
    ap.add_argument("--json", default="", help="write every outcome to this file")
    ap.add_argument("--failures", action="store_true", help="print how each failure differs")
    args = ap.parse_args(argv)

    versions = [v for v in (args.versions.split(",") if args.versions else H.VERSIONS)
                if find(v) is not None]
    progs = [p for p in H.programs() if args.k in p.name]
    if args.native:
        return 1 if _native_report(progs, versions, args.jobs) else 0

    hosts: list[Optional[str]] = (list(args.hosts.split(",")) if args.hosts else [None])
    if args.runner == "bytescope":
        for host in hosts:
            reason = H.run_unavailable(host)
            if reason:
                print(f"host {host or 'this'}: {reason}")
        hosts = [h for h in hosts if H.run_unavailable(h) is None]
    else:
        hosts = [os.path.abspath(args.runner_python) if args.runner_python else None]
    triples = [(p.name, v, h) for p in progs for v in versions if p.runs_on(v) for h in hosts]
    if args.runner == "bytescope":
        results = H.run_pairs(triples, workers=args.jobs)
    else:
        def one(t: tuple[str, str, Optional[str]]) -> tuple[H.Outcome, H.Outcome]:
            prog = H.program(t[0])
            return H.native(prog, t[1]), xpython_outcome(prog, t[1], t[2] or sys.executable)
        for v in versions:
            H.compile_tree(v)
        with ThreadPoolExecutor(args.jobs) as pool:
            results = dict(zip(triples, pool.map(one, triples)))

    width = max((len(p.name) for p in progs), default=10)
    cols = [(v, h) for h in hosts for v in versions]
    print(" " * width + "  " + " ".join(f"{v:>5}" for v, _ in cols))
    passed: dict[tuple[str, Optional[str]], list[int]] = defaultdict(lambda: [0, 0])
    for p in progs:
        cells = []
        for v, h in cols:
            res = results.get((p.name, v, h))
            if res is None:
                cells.append(f"{'-':>5}")
                continue
            ok = res[0].key() == res[1].key()
            passed[(v, h)][0] += ok
            passed[(v, h)][1] += 1
            cells.append(f"{'.' if ok else 'F':>5}")
        print(f"{p.name:{width}}  " + " ".join(cells))
    print()
    for h in hosts:
        label = h if args.runner == "bytescope" else f"x-python ({h})"
        print(f"host {label or sys.version.split()[0]}:")
        for v in versions:
            ok, n = passed[(v, h)]
            if n:
                print(f"  {v:>5}: {ok}/{n} ({100.0 * ok / n:.0f}%)")
    if args.failures:
        for (name, v, h), (want, got) in sorted(results.items(), key=lambda kv: str(kv[0])):
            if want.key() != got.key():
                print(H.explain(H.program(name), v, h, want, got))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump([{"program": n, "version": v, "host": h, "native": w.__dict__,
                        "runner": g.__dict__} for (n, v, h), (w, g) in results.items()],
                      handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
