"""The engine's speed and memory against native CPython and x-python (issue 13, item 7).

    python bench/bench_engine.py                          # every version found, all programs
    python bench/bench_engine.py --versions 3.11,3.12 --programs nbody,richards --runs 3
    python bench/bench_engine.py --engine-size small      # a quick look (1/20 of the work)
    python bench/bench_engine.py --corpus                 # + x-python's pass rate on the corpus

Each CPU-bound program of ``bench/engine_programs/`` is compiled by each
interpreter (3.6-3.15) and the same pyc is run, in turn A B A B ..., by:

* ``native``: that interpreter;
* ``bytescope``: ``bytescope run`` on the host (``--host``, default this Python), from
  this checkout's ``src``;
* ``accel``: the same with the mypyc build (``tools/build_accel.py --target``), where
  it builds (its compiled modules are listed in the report);
* ``x-python``: ``python -m xpython`` from PyPI in ``bench/.venv-xpython/<version>``
  (made here, with that interpreter: x-python runs same-version bytecode, 3.6-3.13).

Times are CPU seconds (user + system, from ``wait4``) net of start-up: each runner's
time for ``empty.py`` is subtracted.  A ratio is runner ÷ native for the same pyc
and the same work, taken pair by pair (median of the pairs); memory is the ratio
of peak RSS.  x-python is about a thousand times slower than native, so it and its
native pair run the programs' small sizes (``SIZES``); every runner's output must
equal the native output, else the figure is marked.  The results go to
``bench/RESULTS.md`` between ``<!-- engine:begin -->`` and ``<!-- engine:end -->``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from typing import Any, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import engine_harness as H  # noqa: E402
from interpreters import find  # noqa: E402

PROGRAMS_DIR = os.path.join(HERE, "engine_programs")
RESULTS = os.path.join(HERE, "RESULTS.md")
XPYTHON_VENVS = os.path.join(HERE, ".venv-xpython")
ACCEL_DIR = os.path.join(HERE, ".accel-engine")
BEGIN, END = "<!-- engine:begin -->", "<!-- engine:end -->"

#: program -> (full size: about 0.5-2.5 s natively here, small size: about 0.1-0.2 s natively,
#: which x-python (about a thousand times slower) runs against its own native pair)
SIZES: dict[str, tuple[int, int]] = {
    "nbody": (40000, 6000),
    "richards": (40, 6),
    "fannkuch": (9, 8),
    "spectral_norm": (120, 50),
    "nqueens": (9, 8),
    "generators": (300000, 60000),
    "classes": (800, 120),
}

#: Extra pins x-python's dependencies need on old interpreters (their newest releases refuse).
XPYTHON_PINS: dict[str, list[str]] = {
    "3.6": ["click<8.1", "importlib-metadata<4.9", "zipp<3.7", "typing-extensions<4.2"],
}
XPYTHON_VERSIONS = ("3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13")


#: GNU time reports the peak RSS of its child alone: a child forked straight from this
#: process would count this process's own pages (the high-water mark survives exec).
GNU_TIME = "/usr/bin/time"


def measure(cmd: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run ``cmd`` once; return its CPU seconds (user + system, from ``wait4``), wall seconds,
    peak RSS in KB (GNU time's, else ``ru_maxrss``), stdout, exit status and stderr tail."""
    import time

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as rss:
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss.name, *cmd] if os.path.exists(GNU_TIME) \
            else cmd
        start = time.monotonic()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env,
                                cwd=H.cache_dir("cwd"), stdin=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
            time.sleep(0.002)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        peak = rss.read().strip().splitlines() if wrapped is not cmd else []
        rss_kb = int(peak[-1]) if peak and peak[-1].isdigit() else usage.ru_maxrss
        return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss_kb": rss_kb,
                "out": out.read().decode("utf-8", "replace"), "status": proc.returncode,
                "err": err.read().decode("utf-8", "replace")[-500:]}


def compile_programs(version: str) -> str:
    """Compile every bench program (and empty.py) with ``version``; return the folder."""
    python = find(version)
    assert python is not None
    folder = H.cache_dir("bench-engine", version)
    jobs = []
    for name in list(SIZES) + ["empty"]:
        src = os.path.join(PROGRAMS_DIR, name + ".py")
        jobs.append([src, os.path.join(folder, name + ".pyc"), name + ".py"])
    proc = subprocess.run([python, "-c", H.COMPILE_SCRIPT], input=json.dumps(jobs),
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or json.loads(proc.stdout or "{}"):
        raise RuntimeError(f"Python {version} could not compile the programs: "
                           f"{proc.stderr[-500:]} {proc.stdout[-500:]}")
    return folder


def ensure_xpython(version: str) -> Optional[str]:
    """Return the Python of ``bench/.venv-xpython/<version>`` with x-python installed, or None."""
    python = find(version)
    if python is None or version not in XPYTHON_VERSIONS:
        return None
    venv = os.path.join(XPYTHON_VENVS, version)
    vpy = os.path.join(venv, "bin", "python")
    check = [vpy, "-c", "import xpython"]
    if os.path.exists(vpy) and subprocess.run(check, capture_output=True).returncode == 0:
        return vpy
    subprocess.run([python, "-m", "venv", venv], check=False, capture_output=True)
    if not os.path.exists(vpy):
        return None
    # x-python publishes a wheel per interpreter line; its newest sdist does not build on
    # old pips, so wheels only.
    cmd = [vpy, "-m", "pip", "install", "-q", "--only-binary=:all:",
           *XPYTHON_PINS.get(version, []), "x-python"]
    subprocess.run(cmd, capture_output=True, timeout=900)
    return vpy if subprocess.run(check, capture_output=True).returncode == 0 else None


def ensure_accel() -> tuple[Optional[str], str]:
    """Build the mypyc copy of bytescope into ``bench/.accel-engine``; return (dir, note)."""
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "build_accel.py"),
                           "--target", ACCEL_DIR], capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        return None, (proc.stdout + proc.stderr).strip().splitlines()[-1:][0] if (
            proc.stdout + proc.stderr).strip() else f"build_accel exit {proc.returncode}"
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import build_accel

    return ACCEL_DIR, "compiled: " + ", ".join(build_accel.ACCEL_MODULES)


def runners(version: str, host: Optional[str], accel_dir: Optional[str],
            with_xpython: bool) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Return {runner: (command prefix, environment)} for ``version`` (only the usable ones)."""
    python = find(version)
    assert python is not None
    out: dict[str, tuple[list[str], dict[str, str]]] = {"native": ([python], H.clean_env())}
    if H.run_unavailable(host) is None:
        out["bytescope"] = (H.engine_command(host) + ["run"], H.engine_env())
        if accel_dir:
            env = H.clean_env({"PYTHONPATH": accel_dir})
            out["accel"] = (H.engine_command(host) + ["run"], env)
    if with_xpython:
        vpy = ensure_xpython(version)
        if vpy:
            out["x-python"] = ([vpy, "-m", "xpython"], H.clean_env())
    return out


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_pair(native: tuple[list[str], dict[str, str]], runner: tuple[list[str], dict[str, str]],
               pyc: str, empty: str, size: int, runs: int, timeout: float) -> dict[str, Any]:
    """Time ``runner`` against native on one pyc, A B A B; return the figures of the pair."""
    a_runs, b_runs, a_empty, b_empty = [], [], [], []
    for i in range(runs):
        order = [(native, a_runs, a_empty), (runner, b_runs, b_empty)]
        if i % 2:
            order.reverse()
        for (cmd, env), sink, empty_sink in order:
            empty_sink.append(measure(cmd + [empty], env, timeout))
            sink.append(measure(cmd + [pyc, str(size)], env, timeout))
    a0 = _median([r["cpu"] for r in a_empty])
    b0 = _median([r["cpu"] for r in b_empty])
    ratios = [(b["cpu"] - b0) / max(a["cpu"] - a0, 1e-6) for a, b in zip(a_runs, b_runs)]
    ok = all(b["out"] == a_runs[0]["out"] and b["status"] == 0 for b in b_runs)
    return {
        "native_net": _median([r["cpu"] for r in a_runs]) - a0,
        "runner_net": _median([r["cpu"] for r in b_runs]) - b0,
        "native_startup": a0, "runner_startup": b0,
        "ratio": _median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
        "native_rss_kb": max(r["rss_kb"] for r in a_runs),
        "runner_rss_kb": max(r["rss_kb"] for r in b_runs),
        "rss_ratio": max(r["rss_kb"] for r in b_runs) / max(1, max(r["rss_kb"] for r in a_runs)),
        "same_output": ok,
        "error": "" if ok else (b_runs[-1]["err"].strip().splitlines() or ["wrong output"])[-1],
    }


def corpus_pass_rates(versions: list[str], jobs: int) -> dict[str, dict[str, Any]]:
    """Run the differential corpus with x-python per version; return {version: counts}."""
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from concurrent.futures import ThreadPoolExecutor

    import engine_matrix

    out: dict[str, dict[str, Any]] = {}
    for version in versions:
        vpy = ensure_xpython(version)
        if vpy is None:
            continue
        progs = [p for p in H.programs() if p.runs_on(version)]
        H.compile_tree(version)

        def one(prog: H.Program, version: str = version, vpy: str = vpy) -> bool:
            return H.native(prog, version).key() == engine_matrix.xpython_outcome(
                prog, version, vpy).key()

        with ThreadPoolExecutor(jobs) as pool:
            passed = list(pool.map(one, progs))
        failed = sorted(p.name for p, ok in zip(progs, passed) if not ok)
        out[version] = {"passed": sum(passed), "programs": len(progs), "failed": failed}
    return out


def corpus_from_json(paths: list[str]) -> dict[str, dict[str, Any]]:
    """Return x-python's corpus counts per version from ``tools/engine_matrix.py --json`` files."""
    out: dict[str, dict[str, Any]] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for rec in json.load(fh):
                n, r = rec["native"], rec["runner"]
                ok = (n["stdout"], n["stderr_last"], n["status"]) == (
                    r["stdout"], r["stderr_last"], r["status"])
                c = out.setdefault(rec["version"], {"passed": 0, "programs": 0, "failed": []})
                c["programs"] += 1
                c["passed"] += ok
                if not ok:
                    c["failed"].append(rec["program"])
    return dict(sorted(out.items(), key=lambda kv: H.version_tuple(kv[0])))


def machine() -> str:
    """Return a one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            names = [ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; {platform.platform()}"


def _fmt_ratio(fig: Optional[dict[str, Any]]) -> str:
    if fig is None:
        return "–"
    text = f"{fig['ratio']:.0f}×" if fig["ratio"] >= 10 else f"{fig['ratio']:.1f}×"
    return text if fig["same_output"] else f"{text} (wrong: {fig['error'][:40]})"


def render(results: dict[str, Any]) -> str:
    """Return the RESULTS.md section (between the engine markers) for ``results``."""
    lines = [BEGIN, "## Engine: running pycs (`bench/bench_engine.py`)", ""]
    meta = results["meta"]
    lines += [f"- date: {meta['date']}; commit: `{meta['commit']}`",
              f"- machine: {meta['machine']}",
              f"- load average before / after: {meta['load_before']} / {meta['load_after']}",
              f"- host of bytescope: Python {meta['host']}; runs: {meta['runs']} pairs "
              f"({meta['xpython_runs']} for x-python), median of the pairwise ratios; "
              f"engine size: {meta['engine_size']}",
              f"- accelerated build: {meta['accel']}",
              f"- bytescope run: {meta['engine']}",
              "",
              "CPU seconds net of start-up (each runner's time for an empty program subtracted); "
              "'× native' is runner ÷ native on the same pyc and the same work (targets: "
              "bytescope ≤ 30×, accel ≤ 10×, peak RSS ≤ 2×). x-python runs the small sizes "
              "against its own native pair.", "",
              "| version | program | native s | bytescope s | bytescope × native | accel × native "
              "| x-python × native | peak RSS MB native / bytescope / x-python |",
              "|---|---|--:|--:|--:|--:|--:|--:|"]
    for version, progs in results["versions"].items():
        for name, figs in progs.items():
            b, a, x = figs.get("bytescope"), figs.get("accel"), figs.get("x-python")
            ref = b or a or x
            native_s = f"{ref['native_net']:.2f}" if ref else "–"
            engine_s = f"{b['runner_net']:.2f}" if b else "–"
            rss = [f"{ref['native_rss_kb'] / 1024:.0f}" if ref else "–"]
            rss += [f"{f['runner_rss_kb'] / 1024:.0f}" if f else "–" for f in (b, x)]
            lines.append(f"| {version} | {name} | {native_s} | {engine_s} | {_fmt_ratio(b)} | "
                         f"{_fmt_ratio(a)} | {_fmt_ratio(x)} | {' / '.join(rss)} |")
    lines += ["", "Geometric means of '× native' per version:", "",
              "| version | bytescope | accel | x-python |", "|---|--:|--:|--:|"]
    for version, progs in results["versions"].items():
        cells = []
        for runner in ("bytescope", "accel", "x-python"):
            vals = [f[runner]["ratio"] for f in progs.values()
                    if f.get(runner) and f[runner]["same_output"] and f[runner]["ratio"] > 0]
            cells.append(f"{math.exp(statistics.mean(map(math.log, vals))):.0f}×" if vals else "–")
        lines.append(f"| {version} | " + " | ".join(cells) + " |")
    if results.get("corpus"):
        lines += ["", "x-python on the differential corpus (`tests/engine_programs`, same-version "
                  "host, stdout + last stderr line + exit status equal to native):", "",
                  "| version | programs | x-python passes | pass rate |", "|---|--:|--:|--:|"]
        for version, c in results["corpus"].items():
            rate = 100.0 * c["passed"] / max(1, c["programs"])
            lines.append(f"| {version} | {c['programs']} | {c['passed']} | {rate:.0f}% |")
    lines.append(END)
    return "\n".join(lines)


def write_results(section: str, path: str = RESULTS) -> None:
    """Put ``section`` between the engine markers of ``path`` (appended when absent)."""
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def main(argv: Optional[list[str]] = None) -> int:
    """Run the benchmark; write RESULTS.md (and --json); return 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--versions", default="", help="comma-separated lines (default: all found)")
    ap.add_argument("--programs", default="", help="comma-separated (default: all)")
    ap.add_argument("--host", default=None, help="the Python that runs bytescope (default: this)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--xpython-runs", type=int, default=1,
                    help="pairs for x-python (each of its runs takes minutes)")
    ap.add_argument("--engine-size", choices=("full", "small"), default="full")
    ap.add_argument("--no-xpython", action="store_true")
    ap.add_argument("--no-accel", action="store_true")
    ap.add_argument("--corpus", action="store_true", help="x-python's pass rate on the corpus")
    ap.add_argument("--corpus-json", default="",
                    help="comma-separated `tools/engine_matrix.py --runner xpython --json` files "
                         "to take x-python's corpus figures from instead of running it")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    ap.add_argument("--render", default="", help="re-render the timings of this --json file "
                    "(with --corpus-json: add x-python's corpus figures) without measuring")
    ap.add_argument("--out", default=RESULTS)
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)

    if args.render:
        with open(args.render, encoding="utf-8") as fh:
            results = json.load(fh)
        if args.corpus_json:
            results["corpus"] = corpus_from_json(args.corpus_json.split(","))
        write_results(render(results), args.out)
        print(f"wrote {args.out}")
        return 0
    versions = [v for v in (args.versions.split(",") if args.versions else H.ENGINE_VERSIONS)
                if find(v)]
    names = [n for n in (args.programs.split(",") if args.programs else SIZES)]
    accel_dir, accel_note = (None, "--no-accel") if args.no_accel else ensure_accel()
    if H.run_unavailable(args.host) is not None:
        accel_dir = None
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()
    host = args.host or f"{sys.version_info[0]}.{sys.version_info[1]}"
    results: dict[str, Any] = {"versions": {}}
    for version in versions:
        folder = compile_programs(version)
        empty = os.path.join(folder, "empty.pyc")
        avail = runners(version, args.host, accel_dir, not args.no_xpython)
        per: dict[str, Any] = {}
        for name in names:
            full, small = SIZES[name]
            pyc = os.path.join(folder, name + ".pyc")
            figs: dict[str, Any] = {}
            for runner, spec in avail.items():
                if runner == "native":
                    continue
                size = small if runner == "x-python" or (
                    args.engine_size == "small" and runner != "x-python") else full
                runs = args.xpython_runs if runner == "x-python" else args.runs
                figs[runner] = bench_pair(avail["native"], spec, pyc, empty, size, runs,
                                          args.timeout)
                print(f"{version} {name} {runner}: {_fmt_ratio(figs[runner])} "
                      f"(native {figs[runner]['native_net']:.2f} s, "
                      f"runner {figs[runner]['runner_net']:.2f} s, "
                      f"RSS ×{figs[runner]['rss_ratio']:.1f})", flush=True)
            per[name] = figs
        results["versions"][version] = per
    if args.corpus_json:
        results["corpus"] = corpus_from_json(args.corpus_json.split(","))
    elif args.corpus and not args.no_xpython:
        results["corpus"] = corpus_pass_rates([v for v in versions if v in XPYTHON_VERSIONS], 2)
        for version, c in results["corpus"].items():
            print(f"x-python corpus {version}: {c['passed']}/{c['programs']}")
    results["meta"] = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit, "machine": machine(), "host": host, "runs": args.runs,
        "xpython_runs": args.xpython_runs,
        "engine_size": args.engine_size, "accel": accel_note,
        "engine": H.run_unavailable(args.host) or "available",
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    write_results(render(results), args.out)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
