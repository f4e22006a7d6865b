"""bytescope benchmarks: one command, every interpreter found, one results file.

    python bench/run.py                 # everything (about 15-25 minutes on 2 cores)
    python bench/run.py --quick         # 3.11 and 3.12, 100 files each: about a minute
    python bench/run.py --versions 2.7,3.13 --files 200 --runs 5

What it does, in order:

1. finds the interpreters (pyenv ``2.7``, ``3.6``-``3.13``;
   ``~/.cache/bytescope/pythons/3.14|3.15``) and compiles each one's standard
   library into ``bench/corpora/<ver>/`` (once; ``CORPUS.json`` marks it done);
2. makes ``bench/.venv-xdis`` with the pinned xdis (pip), unless ``--no-xdis``,
   and the mypyc-accelerated copy of bytescope in ``bench/.accel/``
   (``tools/build_accel.py --target``; rebuilt when the sources change),
   unless ``--no-accel``; without mypyc or a C compiler it is left out;
3. per version, in separate processes (so peak RSS is per measurement):
   *load* (bytes to the full object tree, every nested code object) with
   native ``marshal.loads`` under that version's interpreter, bytescope on
   the host (pure and accelerated), and xdis's pure-Python unmarshal on the
   host; *decode*, *dis*
   text and *write* natively and with bytescope where this build has them,
   *decode* and *dis* text with xdis too (loading untimed, as for bytescope);
4. the cost per MB of generated modules from 1 KB to 20 MB (bytescope,
   native, xdis with a time cap), peak memory on hostile inputs, and
   ``bytescope scan -j1`` against ``-j2``;
5. writes ``bench/RESULTS.md`` (and the raw figures in ``bench/results.json``).

Every figure is the minimum of ``--runs`` (at least 5 by default) timed
passes after one untimed pass that also leaves out files a tool cannot read.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(ROOT, "src")
sys.path.insert(0, SRC)
sys.path.insert(0, HERE)

import generate  # noqa: E402

from bytescope import versions  # noqa: E402

XDIS_PIN = "xdis==6.3.0"
BUILD_ACCEL = os.path.join(ROOT, "tools", "build_accel.py")
ACCEL_MISSING = 3  # build_accel.py's exit status when mypyc or a compiler is missing
ALL_VERSIONS = ("2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
TASKS = ("load", "decode", "dis", "write")
XDIS_TASKS = ("load", "decode", "dis")  # what host_worker.py times for xdis
CURVE_SIZES = (1_000, 10_000, 100_000, 1_000_000, 5_000_000, 20_000_000)


# --------------------------------------------------------------------------
# discovery


def pyenv_root() -> str:
    """Return pyenv's root directory (``$PYENV_ROOT``, ``pyenv root`` or ~/.pyenv)."""
    root = os.environ.get("PYENV_ROOT")
    if root:
        return root
    try:
        out = subprocess.run(["pyenv", "root"], capture_output=True, text=True, timeout=20)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return os.path.expanduser("~/.pyenv")


def find_interpreters(wanted: tuple[str, ...]) -> dict[str, str]:
    """Return ``{"3.8": path}`` for every wanted version found on this machine."""
    found: dict[str, str] = {}
    root = pyenv_root()
    for ver in wanted:
        candidates = sorted(
            glob.glob(os.path.join(root, "versions", ver + ".*", "bin", "python")), reverse=True
        )
        candidates.append(os.path.expanduser(f"~/.cache/bytescope/pythons/{ver}/bin/python"))
        for path in candidates:
            if os.path.isfile(path) and os.access(path, os.X_OK):
                found[ver] = path
                break
    return found


def ensure_corpus(ver: str, python: str, corpora: str) -> Optional[str]:
    """Return the corpus directory for ``ver``, compiling it first if needed."""
    out = os.path.join(corpora, ver)
    if os.path.isfile(os.path.join(out, "CORPUS.json")):
        return out
    os.makedirs(out, exist_ok=True)
    print(f"  compiling the {ver} standard library into {out} ...", flush=True)
    proc = subprocess.run(
        [python, os.path.join(HERE, "build_corpus.py"), out],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if proc.returncode != 0:
        print(f"  corpus for {ver} failed: {proc.stderr.strip()[-300:]}", flush=True)
        return None
    return out


def select_files(corpus: str, limit: int) -> list[str]:
    """Return the corpus's pycs, sorted; ``limit`` > 0 picks that many evenly spread."""
    files = sorted(glob.glob(os.path.join(corpus, "**", "*.pyc"), recursive=True))
    if 0 < limit < len(files):
        step = len(files) / limit
        files = [files[int(i * step)] for i in range(limit)]
    return files


def ensure_xdis(venv: str) -> Optional[str]:
    """Return the python of a venv holding the pinned xdis, creating it if needed."""
    python = os.path.join(venv, "bin", "python")
    check = [python, "-c", "import xdis, sys; sys.stdout.write(xdis.__version__)"]
    want = XDIS_PIN.split("==")[1]
    try:
        if os.path.isfile(python) and subprocess.run(
            check, capture_output=True, text=True, timeout=60
        ).stdout == want:
            return python
        print(f"  creating {venv} with {XDIS_PIN} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
        subprocess.run(
            [python, "-m", "pip", "install", "-q", XDIS_PIN], check=True, timeout=900,
            stdout=subprocess.DEVNULL,
        )
        if subprocess.run(check, capture_output=True, text=True, timeout=60).stdout == want:
            return python
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"  xdis unavailable: {exc}", flush=True)
    return None


def _accel_stamp() -> str:
    """Return a digest of what the accelerated build is made from.

    The package sources as ``build_accel.py --target`` copies them, the build
    tool, the host interpreter and mypy's version: equal digests mean an
    earlier build can be reused.
    """
    h = hashlib.sha256()
    try:
        mypy = importlib.metadata.version("mypy")
    except importlib.metadata.PackageNotFoundError:
        mypy = "none"
    h.update(f"{sys.version}\n{sys.executable}\nmypy {mypy}\n".encode())
    paths = [BUILD_ACCEL]
    for folder, dirs, names in os.walk(os.path.join(SRC, "bytescope")):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        paths += [os.path.join(folder, n) for n in sorted(names)
                  if not n.endswith((".so", ".pyd", ".pyc"))]
    for path in paths:
        h.update(os.path.relpath(path, ROOT).encode() + b"\0")
        with open(path, "rb") as fh:
            h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def ensure_accel(target: str) -> tuple[Optional[str], str]:
    """Build the mypyc-accelerated copy of bytescope into ``target``.

    Returns ``(target, "")`` when it is there (reused when the sources have
    not changed since the last build), else ``(None, reason)``.
    """
    stamp_file = os.path.join(target, "BUILD_STAMP")
    stamp = _accel_stamp()
    built = glob.glob(os.path.join(target, "bytescope", "marshal", "_fast*.so")) + glob.glob(
        os.path.join(target, "bytescope", "marshal", "_fast*.pyd"))
    try:
        with open(stamp_file) as fh:
            if built and fh.read().strip() == stamp:
                return target, ""
    except OSError:
        pass
    print(f"  building the accelerated copy into {target} (mypyc, ~15 s) ...", flush=True)
    os.makedirs(target, exist_ok=True)
    if os.path.exists(stamp_file):
        os.remove(stamp_file)
    try:
        proc = subprocess.run(
            [sys.executable, BUILD_ACCEL, "--target", target],
            capture_output=True, text=True, timeout=900,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"build_accel.py did not run: {exc}"
    tail = (proc.stderr.strip().splitlines() or proc.stdout.strip().splitlines()
            or ["no output"])[-1][:200]
    if proc.returncode == ACCEL_MISSING:
        return None, tail.removeprefix("accelerated build skipped: ")
    if proc.returncode != 0:
        return None, f"build_accel.py failed (exit {proc.returncode}): {tail}"
    if not any(line.startswith("built ") for line in proc.stdout.splitlines()):
        return None, "build_accel.py built no extension module"
    with open(stamp_file, "w") as fh:
        fh.write(stamp + "\n")
    return target, ""


# --------------------------------------------------------------------------
# running workers


def run_worker(python: str, script: str, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run a worker script on a spec; return its JSON result (or an error dict)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(spec, fh)
        name = fh.name
    try:
        proc = subprocess.run(
            [python, os.path.join(HERE, script), name],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"unavailable": True, "note": f"over the {timeout:.0f} s cap"}
    finally:
        os.unlink(name)
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"unavailable": True, "note": f"worker failed: {tail[:200]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """Add min time, MB/s, files/s and peak RSS (MB) to a worker result."""
    if result.get("unavailable") or not result.get("times"):
        return result
    if not result.get("files"):
        why = result.get("first_error") or "no file"
        return dict(result, unavailable=True, note=f"read no file ({why[:120]})")
    best = min(result["times"])
    result["min_s"] = best
    result["mb_s"] = result["bytes"] / 1e6 / best if best > 0 else float("inf")
    result["files_s"] = result["files"] / best if best > 0 else float("inf")
    result["peak_mb"] = result["peak_rss_kb"] / 1024
    return result


def measure_version(
    ver: str,
    python: str,
    files: list[str],
    runs: int,
    xdis_python: Optional[str],
    tasks: tuple[str, ...],
    timeout: float,
    accel_dir: Optional[str] = None,
    load_rounds: int = 1,
) -> dict[str, Any]:
    """Return ``{task: {tool: result}}`` for one version's files.

    ``accel_dir``: the accelerated build (``tools/build_accel.py --target``),
    timed on the load as tool ``bytescope-accel``; None leaves it out.
    ``load_rounds``: the load's native and bytescope workers run that many
    times, interleaved, and each figure is the min over all their passes.
    """
    info = versions.by_magic(open(files[0], "rb").read(4))
    base = {"files": files, "header_size": info.header_size, "runs": runs}
    out: dict[str, Any] = {}
    for task in tasks:
        jobs: list[tuple[str, str, str, dict[str, Any]]] = [
            ("native", python, "native_worker.py", dict(base, task=task)),
            ("bytescope", sys.executable, "host_worker.py",
             dict(base, task=task, tool="bytescope")),
        ]
        if task == "load" and accel_dir:
            jobs.append(("bytescope-accel", sys.executable, "host_worker.py",
                         dict(base, task=task, tool="bytescope-accel", src=accel_dir)))
        if task == "load" and ver == versions.host().key:
            # the same-version fast path (host C marshal), for the host's own corpus only
            jobs.append(("bytescope-trusted", sys.executable, "host_worker.py",
                         dict(base, task=task, tool="bytescope-trusted")))
        raw: dict[str, dict[str, Any]] = {}
        # A slow spell of the (virtual) machine can hold one worker's passes
        # all at once; several interleaved rounds keep one spell from
        # deciding a ratio.
        for _round in range(load_rounds if task == "load" else 1):
            for tool, interpreter, script, spec in jobs:
                result = run_worker(interpreter, script, spec, timeout)
                raw[tool] = _merge_rounds(raw.get(tool), result)
        row: dict[str, Any] = {tool: summarise(result) for tool, result in raw.items()}
        if xdis_python and task in XDIS_TASKS:
            row["xdis"] = summarise(
                run_worker(
                    xdis_python, "host_worker.py", dict(base, task=task, tool="xdis"), timeout
                )
            )
        out[task] = row
        print(f"    {task:7s} " + "  ".join(_short(k, v) for k, v in row.items()), flush=True)
    return out


def _merge_rounds(old: Optional[dict[str, Any]], new: dict[str, Any]) -> dict[str, Any]:
    """Return one worker result holding the timed passes of two runs (first wins otherwise)."""
    if old is None or old.get("unavailable") or not old.get("times"):
        return new
    if new.get("unavailable") or not new.get("times") or new.get("files") != old.get("files"):
        return old
    merged = dict(old, times=old["times"] + new["times"])
    merged["peak_rss_kb"] = max(old.get("peak_rss_kb", 0), new.get("peak_rss_kb", 0))
    return merged


def _short(tool: str, r: dict[str, Any]) -> str:
    if r.get("unavailable"):
        return f"{tool}: n/a"
    return f"{tool}: {r['mb_s']:.2f} MB/s"


# --------------------------------------------------------------------------
# the curve, hostile inputs, scan


def measure_curve(
    sizes: tuple[int, ...], runs: int, xdis_python: Optional[str], corpora: str, cap: float
) -> list[dict[str, Any]]:
    """Return per-size load figures for generated host modules."""
    folder = os.path.join(corpora, "generated")
    os.makedirs(folder, exist_ok=True)
    rows = []
    xdis_gave_up = False
    for size in sizes:
        path = os.path.join(folder, f"module_{size}.pyc")
        if not os.path.isfile(path):
            print(f"  generating a {size / 1e6:g} MB module ...", flush=True)
            with open(path, "wb") as fh:
                fh.write(generate.module_pyc(size))
        spec = {"files": [path], "header_size": 16, "runs": runs, "task": "load"}
        row: dict[str, Any] = {"size": os.path.getsize(path)}
        row["native"] = summarise(run_worker(sys.executable, "native_worker.py", spec, cap))
        row["bytescope"] = summarise(
            run_worker(sys.executable, "host_worker.py", dict(spec, tool="bytescope"), cap)
        )
        if xdis_python and not xdis_gave_up:
            row["xdis"] = summarise(
                run_worker(xdis_python, "host_worker.py", dict(spec, tool="xdis"), cap)
            )
            xdis_gave_up = bool(row["xdis"].get("unavailable"))
        elif xdis_python:
            row["xdis"] = {"unavailable": True, "note": "skipped: a smaller size hit the cap"}
        rows.append(row)
        print(f"    {row['size'] / 1e6:8.3f} MB  " + "  ".join(
            _short(k, v) for k, v in row.items() if k != "size"), flush=True)
    return rows


def measure_hostile(corpora: str, size: int) -> list[dict[str, Any]]:
    """Return the outcome, time and RSS growth of loading each hostile case."""
    folder = os.path.join(corpora, "hostile")
    os.makedirs(folder, exist_ok=True)
    rows = []
    for i, (name, data) in enumerate(generate.hostile_cases(size).items()):
        path = os.path.join(folder, f"case{i}.pyc")
        with open(path, "wb") as fh:
            fh.write(data)
        spec = {"mode": "memory", "tool": "bytescope", "file": path, "header_size": 16}
        res = run_worker(sys.executable, "host_worker.py", spec, 600)
        res["name"] = name
        res.setdefault("size", len(data))
        res["limit_kb"] = (10 * len(data) + 20 * 1024 * 1024) // 1024
        rows.append(res)
        print(f"    {name}: {res.get('outcome', res.get('note'))}", flush=True)
    return rows


def measure_scan(paths: list[str], runs: int, timeout: float) -> dict[str, Any]:
    """Return wall times of ``bytescope scan --json`` with -j1 and -j2 over ``paths``."""
    env = dict(os.environ, PYTHONPATH=SRC)
    out: dict[str, Any] = {}
    for jobs in (1, 2):
        times = []
        cpus = []
        files = 0
        for _ in range(runs):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "bytescope", "scan", "--json", f"-j{jobs}", *paths],
                capture_output=True,
                env=env,
                timeout=timeout,
            )
            times.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
            files = proc.stdout.count(b"\n")
        best = min(times)
        out[f"j{jobs}"] = {"times": times, "min_s": best, "files": files, "files_s": files / best,
                           "cpu_s": min(cpus)}
        print(f"    scan -j{jobs}: {files} files, {files / best:.0f} files/s", flush=True)
    return out


# --------------------------------------------------------------------------
# the report


def machine() -> dict[str, Any]:
    """Return a description of this machine and run."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    commit = ""
    try:
        commit = subprocess.run(
            ["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=20,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": platform.platform(),
        "host_python": platform.python_version(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "load_before": _loadavg(),
    }


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _fmt(x: Optional[float], digits: int = 1) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def _x(x: Optional[float], digits: int = 1) -> str:
    return "–" if x is None else f"{x:,.{digits}f}×"


def _ratio(a: Optional[dict[str, Any]], b: Optional[dict[str, Any]]) -> Optional[float]:
    """Return how many times faster ``b`` is than ``a`` (throughput ratio), or None."""
    if not a or not b or a.get("unavailable") or b.get("unavailable"):
        return None
    if not a.get("mb_s") or not b.get("mb_s"):
        return None
    return b["mb_s"] / a["mb_s"]


def _avail(r: Optional[dict[str, Any]]) -> dict[str, Any]:
    """Return ``r`` without figures when it is marked unavailable."""
    if not r:
        return {}
    if r.get("unavailable"):
        return {k: v for k, v in r.items() if k in ("errors", "note", "first_error")}
    return r


def _na(r: Optional[dict[str, Any]]) -> str:
    if not r:
        return "not measured"
    return r.get("note", "n/a")


def _vkey(ver: str) -> tuple[int, ...]:
    return tuple(int(p) for p in ver.split(".") if p.isdigit())


def accel_worst(results: dict[str, Any]) -> Optional[float]:
    """Return the largest accelerated-load time ÷ native of the run, or None."""
    ratios = [_ratio(r["load"].get("bytescope-accel"), r["load"].get("native"))
              for r in results["per_version"].values() if r.get("load")]
    return max((x for x in ratios if x), default=None)


def accel_note(results: dict[str, Any]) -> str:
    """Return why the accelerated build has no figures (results of older runs say nothing)."""
    note = (results.get("accel") or {}).get("note")
    if note:
        return str(note)
    for row in results["per_version"].values():
        r = (row.get("load") or {}).get("bytescope-accel")
        if r and r.get("note"):
            return str(r["note"])
    return "no figures in these results"


def render(results: dict[str, Any]) -> str:
    """Return RESULTS.md text for ``results``."""
    results = dict(results)
    results["per_version"] = {
        v: results["per_version"][v] for v in sorted(results["per_version"], key=_vkey)
    }
    m = results["machine"]
    lines = [
        "# bytescope benchmark results",
        "",
        "Written by `python bench/run.py` — do not edit by hand; regenerate whenever speed moves.",
        "",
        f"- date: {m['date']}; commit: `{m['commit'] or '?'}`",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}",
        f"- load average (1/5/15 min) before the run: {m.get('load_before')}, after: "
        f"{m.get('load_after')} (other work on the machine makes figures noisy)",
        f"- host Python {m['host_python']} (bytescope and xdis run on it); "
        f"xdis: {results.get('xdis') or 'not installed'} (pure-Python unmarshal, "
        "`xdis.unmarshal.load_code`)",
        "- accelerated build: " + (
            "`bytescope/marshal/_fast.py` compiled by mypyc (`python tools/build_accel.py "
            "--target DIR`), `bytescope.accelerated()` True in the worker"
            if accel_worst(results) is not None
            else f"not measured ({accel_note(results)})"),
        *([f"- partial run: {results['partial']}"] if results.get("partial") else []),
        f"- runs: min of {results['runs']} timed passes after one untimed pass"
        + (f" (load: of {results['load_rounds']} interleaved rounds of them, "
           f"{results['runs'] * results['load_rounds']} passes)"
           if results.get("load_rounds", 1) > 1 else "")
        + "; "
        f"files per version: {results['files_label']}",
        "- interpreters: " + ", ".join(
            f"{v} ({results['corpora'][v]['python']})" for v in results["per_version"]
        ),
        "",
        "MB are pyc file bytes (header included); MB/s = MB / min pass time. "
        "'time ÷ native' is how many times longer bytescope takes than the version's own C "
        "`marshal.loads` (target ≤ 3); 'speed-up over xdis' how many times faster than xdis "
        "(target ≥ 8). 'accel' is the same bytescope source with its reader's hot module "
        "(`bytescope/marshal/_fast.py`) compiled by mypyc with `tools/build_accel.py` "
        "(target: time ÷ native ≤ 1.5). Times are CPU time of the measuring process.",
        "",
        "## Load: bytes → full object tree",
        "",
        "| version | files | MB | native MB/s | bytescope MB/s | bytescope files/s | "
        "accel MB/s | xdis MB/s | bytescope time ÷ native | accel time ÷ native | "
        "bytescope speed-up over xdis | peak RSS MB native / bytescope / xdis | "
        "left out (bytescope / xdis) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for ver, row in results["per_version"].items():
        load = row.get("load")
        if not load:  # a partial run that timed other tasks only
            continue
        nat, ours, acc, xd = (
            _avail(load.get(t)) for t in ("native", "bytescope", "bytescope-accel", "xdis")
        )
        slow = _ratio(ours, nat)
        fast = _ratio(xd, ours)
        rss = " / ".join(_fmt(r.get("peak_mb"), 0) for r in (nat, ours, xd))
        lines.append(
            f"| {ver} | {ours.get('files', '–')} | {_fmt(ours.get('bytes', 0) / 1e6, 2)} | "
            f"{_fmt(nat.get('mb_s'))} | {_fmt(ours.get('mb_s'), 2)} | "
            f"{_fmt(ours.get('files_s'), 0)} | {_fmt(acc.get('mb_s'), 2)} | "
            f"{_fmt(xd.get('mb_s'), 2)} | {_x(slow)} | {_x(_ratio(acc, nat), 2)} | "
            f"{_x(fast, 2)} | {rss} | "
            f"{ours.get('errors', '–')} / {xd.get('errors', '–') if xd else '–'} |"
        )
    notes = []
    for ver, row in results["per_version"].items():
        for tool in ("bytescope", "bytescope-accel", "xdis"):
            r = (row.get("load") or {}).get(tool) or {}
            if r.get("first_error"):
                notes.append(f"- {ver} {tool}: {r['errors']} file(s) left out, first: "
                             f"`{r['first_error'][:150]}`")
            elif r.get("unavailable"):
                notes.append(f"- {ver} {tool}: {r.get('note')}")
    if notes:
        lines += ["", "Files a tool could not read (left out of its figures):", ""] + notes
    lines += fast_path_table(results)
    what = {
        "decode": "native: `dis.get_instructions` over every code object (2.7 has none); "
        "bytescope: `bytecode.decode.unpack` + `Resolver.resolve` of every instruction; "
        "xdis: `xdis.bytecode.Bytecode(c, opc).get_instructions(c)` of every code object, "
        "fully consumed (its `Instruction`s carry the resolved `argval` / `argrepr`, line "
        "starts and jump targets; from 3.11 the `CACHE` entries too, which xdis cannot "
        "skip), `opc` the opcode module of the file's magic.",
        "dis": "native: `dis.disassemble` of every code object into a null writer; bytescope: "
        "`views.dis_text.disassemble_one` of every code object (the same text); xdis: "
        "`xdis.bytecode.Bytecode(c, opc).dis()` of every code object (the listing xdis's own "
        "disassembler prints per code object; xdis has no one-code-object `disassemble` to "
        "a string) plus, from 3.11, its `ExceptionTable:` lines "
        "(`xdis.cross_dis.format_exception_table`).",
        "write": "native: `marshal.dumps` of the top code object; bytescope: `Pyc.to_bytes()` "
        "(byte-identical output).",
    }
    for task, title in (("decode", "Decode: every instruction"), ("dis", "`dis` text"),
                        ("write", "Write: marshal out")):
        with_xdis = task in XDIS_TASKS
        xdis_cols = "xdis MB/s | bytescope speed-up over xdis | " if with_xdis else ""
        lines += ["", f"## {title}", "", what[task] + " Loading is not timed"
                  + (" (for xdis too: its items are the code objects its pure-Python "
                     "`load_code` made)." if with_xdis else "."), "",
                  "| version | native MB/s | native ms/file | bytescope MB/s | "
                  "bytescope ms/file | bytescope speed-up over native | " + xdis_cols
                  + "peak RSS MB native / bytescope |",
                  "|---|--:|--:|--:|--:|--:|" + ("--:|--:|" if with_xdis else "") + "--:|"]
        notes = []
        for ver, row in results["per_version"].items():
            r = row.get(task) or {}
            nat, ours = r.get("native") or {}, r.get("bytescope") or {}
            xd = _avail(r.get("xdis"))
            nat_ms = 1000 * nat["min_s"] / nat["files"] if nat.get("files") else None
            our_ms = 1000 * ours["min_s"] / ours["files"] if ours.get("files") else None
            xdis_cells = (f"{_fmt(xd.get('mb_s'), 2)} | {_x(_ratio(xd, ours), 2)} | "
                          if with_xdis else "")
            lines.append(
                f"| {ver} | {_fmt(nat.get('mb_s'), 2) if 'mb_s' in nat else _na(nat)} | "
                f"{_fmt(nat_ms, 2)} | "
                f"{_fmt(ours.get('mb_s'), 2) if 'mb_s' in ours else _na(ours)} | "
                f"{_fmt(our_ms, 2)} | {_x(_ratio(nat, ours), 2)} | {xdis_cells}"
                f"{_fmt(nat.get('peak_mb'), 0)} / {_fmt(ours.get('peak_mb'), 0)} |"
            )
            x = r.get("xdis") or {}
            if with_xdis and x.get("first_error"):
                notes.append(f"- {ver}: {x['errors']} file(s) left out, first: "
                             f"`{x['first_error'][:150]}`")
            elif with_xdis and x.get("unavailable"):
                notes.append(f"- {ver}: {x.get('note')}")
        if notes:
            verb = "disassemble" if task == "dis" else task
            lines += ["", f"xdis: files it could not load or {verb} are left out of its "
                      "figures:", ""] + notes
    curve = results.get("curve")
    if curve:
        lines += ["", "## Cost per MB, generated modules (host format)", "",
                  "Each size is one generated module compiled by the host; ms per MB of pyc "
                  "(flat = linear).", "",
                  "| pyc size | native ms/MB | bytescope ms/MB | xdis ms/MB | bytescope time ÷ "
                  "native | bytescope speed-up over xdis |", "|--:|--:|--:|--:|--:|--:|"]
        for row in curve:
            cells = []
            for tool in ("native", "bytescope", "xdis"):
                r = row.get(tool) or {}
                cells.append(_fmt(1000 / r["mb_s"], 1) if "mb_s" in r else _na(r))
            lines.append(
                f"| {row['size'] / 1e6:,.3f} MB | " + " | ".join(cells)
                + f" | {_x(_ratio(row.get('bytescope'), row.get('native')))} | "
                f"{_x(_ratio(row.get('xdis'), row.get('bytescope')), 2)} |"
            )
    hostile = results.get("hostile")
    if hostile:
        lines += ["", "## Memory on hostile input (bytescope load, one process per case)", "",
                  "Growth = peak RSS after the load minus RSS before it; limit = 10 × file "
                  "size + 20 MB.", "",
                  "| case | file KB | outcome | seconds | growth MB | limit MB | within |",
                  "|---|--:|---|--:|--:|--:|---|"]
        for row in hostile:
            if "growth_kb" not in row:
                lines.append(f"| {row['name']} | {row['size'] // 1024} | {row.get('note')} "
                             "| – | – | – | – |")
                continue
            ok = "yes" if row["growth_kb"] <= row["limit_kb"] else "**no**"
            lines.append(
                f"| {row['name']} | {row['size'] // 1024:,} | {row['outcome'][:70]} | "
                f"{row['seconds']:.2f} | {row['growth_kb'] / 1024:.1f} | "
                f"{row['limit_kb'] / 1024:.0f} | {ok} |"
            )
    scan = results.get("scan")
    if scan:
        j1, j2 = scan["j1"], scan["j2"]
        lines += ["", "## `bytescope scan --json` over the corpora", "",
                  f"Paths: {scan['label']}; wall time of the whole command (process start "
                  "included), min of the runs.", "",
                  "'CPU s' is the user + system time of the command and its workers: equal "
                  "figures mean -j2 splits the work without overhead, whatever else loads the "
                  "machine.", "",
                  "| jobs | files | min wall s | files/s | speed-up | CPU s |",
                  "|--:|--:|--:|--:|--:|--:|",
                  f"| 1 | {j1['files']} | {j1['min_s']:.2f} | {j1['files_s']:.0f} | 1.00× | "
                  f"{_fmt(j1.get('cpu_s'), 2)} |",
                  f"| 2 | {j2['files']} | {j2['min_s']:.2f} | {j2['files_s']:.0f} | "
                  f"{j2['files_s'] / j1['files_s']:.2f}× | {_fmt(j2.get('cpu_s'), 2)} |"]
    lines += ["", "## Targets (issue 7)", ""] + targets(results) + [""]
    return "\n".join(lines)


_SECTION = re.compile(r"<!-- ([\w.-]+):begin -->.*?<!-- \1:end -->\n?", re.S)


def kept_sections(old: str) -> str:
    """Return the ``<!-- name:begin -->...<!-- name:end -->`` blocks of an old report.

    Other scripts (``bench/bench_dis.py``) keep their own sections in
    RESULTS.md between such markers; a regeneration keeps them.
    """
    blocks = [m.group(0).rstrip("\n") for m in _SECTION.finditer(old)]
    if not blocks:
        return ""
    return "\n## Other benchmarks (kept from the previous RESULTS.md)\n\n" + "\n\n".join(
        blocks) + "\n"


def fast_path_table(results: dict[str, Any]) -> list[str]:
    """Return the "Same-version fast path" table (host version only), or no lines."""
    rows = []
    for ver, row in results["per_version"].items():
        load = row.get("load") or {}
        fast = load.get("bytescope-trusted")
        if not fast:
            continue
        nat, fast = _avail(load.get("native")), _avail(fast)
        rows.append(
            f"| {ver} | {fast.get('files', '–')} | {fast.get('fast_path_files', '–')} | "
            f"{_fmt(nat.get('mb_s'))} | "
            f"{_fmt(fast.get('mb_s')) if 'mb_s' in fast else _na(fast)} | "
            f"{_x(_ratio(fast, nat), 2)} | "
            f"{_x(_ratio(_avail(load.get('bytescope')), fast), 1)} |"
        )
    if not rows:
        return []
    return ["", "## Same-version fast path (`loads(data, trusted=True)`)", "",
            "Only where the pyc's version is the host's: CPython's C `marshal.loads` parses, the "
            "result is a lazily filled `HostCode` equal to the checked reader's `Code` (opt-in: "
            "the C unmarshaller is not safe on hostile data). Target: time ÷ native ≤ 1.3.", "",
            "| version | files | read by the host marshal | native MB/s | trusted MB/s | "
            "trusted time ÷ native | trusted speed-up over the checked load |",
            "|---|--:|--:|--:|--:|--:|--:|", *rows]


def fast_path_worst(results: dict[str, Any]) -> Optional[float]:
    """Return the largest trusted-load time ÷ native of the run, or None."""
    ratios = [_ratio(r["load"].get("bytescope-trusted"), r["load"].get("native"))
              for r in results["per_version"].values() if r.get("load")]
    return max((x for x in ratios if x), default=None)


def _version_key(ver: str) -> tuple[int, ...]:
    """Return ``"3.11"`` as ``(3, 11)`` (non-numeric parts count as 0)."""
    return tuple(int(p) if p.isdigit() else 0 for p in ver.split("."))


def targets(results: dict[str, Any]) -> list[str]:
    """Return one line per target saying whether this run meets it."""
    out = []
    loads = {v: r["load"] for v, r in results["per_version"].items() if r.get("load")}
    slow = {v: _ratio(r.get("bytescope"), r.get("native")) for v, r in loads.items()}
    fast = {v: _ratio(r.get("xdis"), r.get("bytescope")) for v, r in loads.items()}
    worst_slow = max((x for x in slow.values() if x), default=None)
    worst_fast = min((x for x in fast.values() if x), default=None)
    out.append(f"- load within 3× of native C marshal: "
               f"{'met' if worst_slow and worst_slow <= 3 else 'not met'} "
               f"(worst {_fmt(worst_slow)}×)")
    out.append(f"- load ≥ 8× faster than xdis: "
               f"{'met' if worst_fast and worst_fast >= 8 else 'not met'} "
               f"(worst {_fmt(worst_fast, 2)}×)")
    dis = {ver: _ratio(r.get("dis", {}).get("native"), r.get("dis", {}).get("bytescope"))
           for ver, r in results["per_version"].items()}
    if any(dis.values()):
        modern = [x for ver, x in dis.items() if x and _version_key(ver) >= (3, 11)]
        every = [x for x in dis.values() if x]
        if modern:
            out.append(f"- dis text ≥ 2× faster than native for 3.11+: "
                       f"{'met' if min(modern) >= 2 else 'not met'} (worst {_fmt(min(modern))}×)")
        out.append(f"- dis text not slower than native for any version: "
                   f"{'met' if min(every) >= 1 else 'not met'} (worst {_fmt(min(every))}×)")
    else:
        out.append("- dis text ≥ 2× faster than native: not measurable yet (no dis view)")
    hostile = [r for r in results.get("hostile", []) if "growth_kb" in r]
    if hostile:
        bad = [r["name"] for r in hostile if r["growth_kb"] > r["limit_kb"]]
        out.append(f"- peak memory ≤ 10 × size + 20 MB on hostile input: "
                   f"{'met' if not bad else 'not met: ' + ', '.join(bad)}")
    curve = [r for r in results.get("curve", []) if "mb_s" in (r.get("bytescope") or {})]
    if len(curve) > 1:
        per = [1000 / r["bytescope"]["mb_s"] for r in curve if r["size"] >= 50_000]
        if per:
            out.append(f"- cost per MB flat (≥ 50 KB): bytescope {min(per):.0f}–{max(per):.0f} "
                       f"ms/MB (spread {max(per) / min(per):.2f}×)")
    scan = results.get("scan")
    if scan:
        sp = scan["j2"]["files_s"] / scan["j1"]["files_s"]
        out.append(f"- scan -j2 ≥ 1.7× -j1: {'met' if sp >= 1.7 else 'not met'} ({sp:.2f}×)")
    worst_accel = accel_worst(results)
    if worst_accel is None:
        out.append(f"- accelerated build within 1.5× of native: not measured "
                   f"({accel_note(results)})")
    else:
        missing = [v for v, r in results["per_version"].items()
                   if r.get("load") and "mb_s" not in (r["load"].get("bytescope-accel") or {})]
        out.append(f"- accelerated build within 1.5× of native: "
                   f"{'met' if worst_accel <= 1.5 else 'not met'} "
                   f"(worst {_fmt(worst_accel, 2)}×"
                   + (f"; not measured for {', '.join(missing)}" if missing else "") + ")")
    worst_trusted = fast_path_worst(results)
    if worst_trusted is None:
        out.append("- same-version fast path within 1.3× of native: not measured in this run")
    else:
        out.append(f"- same-version fast path within 1.3× of native: "
                   f"{'met' if worst_trusted <= 1.3 else 'not met'} ({_fmt(worst_trusted, 2)}×)")
    return out


# --------------------------------------------------------------------------


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--versions", default="all",
                   help="comma-separated versions, 'host' for the running interpreter "
                   "(default: every interpreter found)")
    p.add_argument("--files", type=int, default=0,
                   help="files per version, spread evenly over the corpus (0: all)")
    p.add_argument("--runs", type=int, default=5, help="timed passes per figure (default 5)")
    p.add_argument("--load-rounds", type=int, default=3,
                   help="interleaved worker runs per load figure, min over all (default 3)")
    p.add_argument("--tasks", default=",".join(TASKS), help="load,decode,dis,write")
    p.add_argument("--quick", action="store_true",
                   help="3.11 and 3.12, 100 files, curve to 1 MB, no hostile cases")
    p.add_argument("--no-xdis", action="store_true", help="do not install or time xdis")
    p.add_argument("--no-accel", action="store_true",
                   help="do not build or time the mypyc-accelerated build")
    p.add_argument("--accel-dir", default=os.path.join(HERE, ".accel"),
                   help="where the accelerated copy is built (default bench/.accel)")
    p.add_argument("--no-curve", action="store_true", help="skip the cost-per-MB curve")
    p.add_argument("--curve-max", type=float, default=20.0,
                   help="largest generated module, in MB (default 20)")
    p.add_argument("--no-hostile", action="store_true", help="skip the hostile-input table")
    p.add_argument("--hostile-size", type=int, default=2_000_000,
                   help="bytes per hostile case (default 2000000)")
    p.add_argument("--no-scan", action="store_true", help="skip scan -j1 vs -j2")
    p.add_argument("--corpora", default=os.path.join(HERE, "corpora"),
                   help="where corpora are built (default bench/corpora)")
    p.add_argument("--venv", default=os.path.join(HERE, ".venv-xdis"), help="the xdis venv")
    p.add_argument("--timeout", type=float, default=1800, help="cap per measurement, seconds")
    p.add_argument("--curve-cap", type=float, default=180,
                   help="cap per curve measurement in seconds (xdis is quadratic)")
    p.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"), help="the report")
    p.add_argument("--json", default=os.path.join(HERE, "results.json"), help="raw figures")
    p.add_argument("--sections", default="versions,curve,hostile,scan",
                   help="what to measure (default all: versions,curve,hostile,scan); with "
                   "fewer, the other sections are kept from the existing --json file")
    p.add_argument("--render", metavar="RESULTS_JSON",
                   help="measure nothing: rewrite --out from the raw figures of an earlier run")
    args = p.parse_args(argv)
    if args.quick:
        if args.versions == "all":
            args.versions = "3.11,3.12"
        args.files = args.files or 100
        args.curve_max = min(args.curve_max, 1.0)
        args.no_hostile = True
        args.load_rounds = 1
    return args


def rerender(raw: str, out: str) -> int:
    """Rewrite the report ``out`` from the raw figures in ``raw``; return the exit status."""
    with open(raw) as fh:
        results = json.load(fh)
    for row in results.get("per_version", {}).values():
        for tools in row.values():
            for tool, res in tools.items():
                tools[tool] = summarise(res)
    text = render(results)
    if os.path.isfile(out):
        with open(out) as fh:
            text += kept_sections(fh.read())
    with open(out, "w") as fh:
        fh.write(text)
    print(f"wrote {out}")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    """Run the benchmarks; write the report; return the exit status."""
    args = parse_args(argv)
    if args.render:
        return rerender(args.render, args.out)
    wanted = ALL_VERSIONS if args.versions == "all" else tuple(args.versions.split(","))
    tasks = tuple(t for t in args.tasks.split(",") if t)
    pythons = find_interpreters(tuple(v for v in wanted if v != "host"))
    if "host" in wanted:  # the running interpreter, found or not
        pythons[f"{sys.version_info[0]}.{sys.version_info[1]}"] = sys.executable
    if not pythons:
        print("no interpreter found for " + ", ".join(wanted), file=sys.stderr)
        return 1
    print("interpreters: " + ", ".join(f"{v}={p}" for v, p in pythons.items()), flush=True)
    xdis_python = None if args.no_xdis else ensure_xdis(args.venv)
    xdis_version = None
    if xdis_python:
        xdis_version = subprocess.run(
            [xdis_python, "-c", "import xdis; print(xdis.__version__)"],
            capture_output=True, text=True, timeout=60,
        ).stdout.strip()
    results: dict[str, Any] = {
        "machine": machine(),
        "runs": args.runs,
        "load_rounds": args.load_rounds,
        "files_label": "all" if args.files <= 0 else f"{args.files} spread evenly",
        "xdis": xdis_version,
        "corpora": {},
        "per_version": {},
    }
    sections = set(args.sections.split(","))
    if sections != {"versions", "curve", "hostile", "scan"} and os.path.isfile(args.json):
        with open(args.json) as fh:
            old = json.load(fh)
        for key in ("per_version", "corpora", "curve", "hostile", "scan", "runs", "files_label",
                    "accel"):
            if key in old:
                results[key] = old[key]
        results["partial"] = f"this run measured: {args.sections}; the rest is from an earlier run"
    if "versions" in sections and set(tasks) == set(TASKS):
        results["per_version"] = {}  # a full measurement replaces every figure
    elif "versions" in sections:
        results["partial"] = (f"this run measured: {args.sections} (tasks {','.join(tasks)}); "
                              "the rest is from an earlier run")
    accel_dir = None
    if "versions" in sections and "load" in tasks:  # a new load table: a new accel status
        if args.no_accel:
            results["accel"] = {"note": "--no-accel"}
        else:
            accel_dir, why = ensure_accel(os.path.abspath(args.accel_dir))
            results["accel"] = ({"dir": os.path.relpath(accel_dir, ROOT)} if accel_dir
                                else {"note": why})
            if why:
                print(f"  accelerated build: not measured ({why})", flush=True)
    scan_paths: list[str] = []
    for ver, python in pythons.items():
        corpus = ensure_corpus(ver, python, args.corpora)
        if corpus is None:
            continue
        with open(os.path.join(corpus, "CORPUS.json")) as fh:
            results["corpora"][ver] = json.load(fh)
        files = select_files(corpus, args.files)
        if not files:
            continue
        scan_paths.extend(files if args.files > 0 else [corpus])
        if "versions" not in sections:
            continue
        print(f"  {ver}: {len(files)} files", flush=True)
        results["per_version"].setdefault(ver, {}).update(measure_version(
            ver, python, files, args.runs, xdis_python, tasks, args.timeout, accel_dir,
            args.load_rounds,
        ))
    if not args.no_curve and "curve" in sections:
        print("  cost per MB:", flush=True)
        sizes = tuple(s for s in CURVE_SIZES if s <= args.curve_max * 1e6)
        results["curve"] = measure_curve(sizes, args.runs, xdis_python, args.corpora,
                                         args.curve_cap)
    if not args.no_hostile and "hostile" in sections:
        print("  hostile inputs:", flush=True)
        results["hostile"] = measure_hostile(args.corpora, args.hostile_size)
    if not args.no_scan and scan_paths and "scan" in sections:
        print("  scan:", flush=True)
        label = (f"{len(scan_paths)} files" if args.files > 0
                 else "bench/corpora/{" + ",".join(sorted(results["per_version"], key=_vkey)) + "}")
        results["scan"] = measure_scan(scan_paths, max(1, min(args.runs, 5)), args.timeout)
        results["scan"]["label"] = label
    results["machine"]["load_after"] = _loadavg()
    with open(args.json, "w") as fh:
        json.dump(results, fh, indent=1, sort_keys=True, default=str)
    text = render(results)
    if os.path.isfile(args.out):
        with open(args.out) as fh:
            text += kept_sections(fh.read())
    with open(args.out, "w") as fh:
        fh.write(text)
    print(f"wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
