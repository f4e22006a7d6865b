"""``bytescope unpack`` against pyinstxtractor-ng: correctness, time and peak memory.

Usage::

    python3 bench/bench_unpack.py [--samples DIR] [--big-mb 500] [--write]

* every sample built by ``tools/build_packed_samples.py`` (default
  ``~/.cache/bytescope/packers/samples``) is unpacked by both tools, each in a
  process of its own (CPU time and peak RSS of that process, best of 3).
  Correctness is judged with the *target* interpreter: the PYZ TOC is read
  with its own ``marshal``; a module counts when its pyc exists where the tool
  put the PYZ's contents, starts with the target's magic and loads with the
  target's ``marshal``; "runs" means the extracted application, with the
  tool's output folders first on ``sys.path``, prints what the original did.
* a synthetic archive of ``--big-mb`` MB (a PYZ of the host's standard
  library, a 40 MB compressed data entry and one large incompressible binary) shows
  the streaming: time and peak RSS of each tool.

pyinstxtractor-ng is installed from PyPI into
``~/.cache/bytescope/packers/venvs/pyixng`` on first use.  ``--write``
replaces the ``unpack`` section of ``bench/RESULTS.md``.  A benchmark, not a
test: run it by hand.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import importlib.util
import json
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from typing import Iterable, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(ROOT, "src")
sys.path[:0] = [SRC, os.path.join(ROOT, "tests")]
CACHE = os.path.expanduser(os.environ.get("BYTESCOPE_PACKERS", "~/.cache/bytescope/packers"))
IXNG = os.path.join(CACHE, "venvs", "pyixng")

from interpreters import find  # noqa: E402
from test_unpack_samples import ENTRY, HEADER, ORACLE, RUN_AGAIN  # noqa: E402

BYTESCOPE = "import sys; sys.path.insert(0, sys.argv[1]); import bytescope; " \
            "m = bytescope.unpack(sys.argv[2], sys.argv[3]); sys.exit(0 if m.ok else 1)"


GNU_TIME = "/usr/bin/time"


def measure(cmd: list[str], cwd: str) -> tuple[float, int, int]:
    """Run ``cmd``; return (CPU seconds, peak RSS in MB, exit status) of that process.

    CPU time (user + system) rather than wall time: the machine is shared, and
    waiting for a core is not the tool's cost.  The process is started by GNU
    ``time`` (Debian package ``time``): a child forked from this Python would
    count this process's memory in its own peak RSS.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        proc = subprocess.run([GNU_TIME, "-f", "%M %U %S", "-o", report.name, *cmd], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rss_kb, user, system = report.read().split()[-3:]
    return float(user) + float(system), int(rss_kb) // 1024, proc.returncode


def ensure_ixng() -> Optional[str]:
    exe = os.path.join(IXNG, "bin", "pyinstxtractor-ng")
    if not os.path.exists(exe):
        subprocess.run([sys.executable, "-m", "venv", IXNG], check=True)
        proc = subprocess.run([os.path.join(IXNG, "bin", "pip"), "install", "-q",
                               "pyinstxtractor-ng"], capture_output=True)
        if proc.returncode:
            return None
    return exe


def run_tool(tool: str, target: str, work: str, runs: int) -> tuple[float, int, int, str]:
    """Unpack ``target`` with ``tool`` into a fresh folder; return time, RSS, status, folder."""
    best: tuple[float, int, int] = (1e9, 0, 0)
    out = ""
    for _ in range(runs):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        if tool == "bytescope":
            out = os.path.join(work, "out")
            cmd = [sys.executable, "-c", BYTESCOPE, SRC, target, out]
        else:
            out = os.path.join(work, os.path.basename(target) + "_extracted")
            cmd = [os.path.join(IXNG, "bin", "pyinstxtractor-ng"), target]
        got = measure(cmd, work)
        if got[0] < best[0]:
            best = got
    return best[0], best[1], best[2], out


def judge(info: dict, target: str, out: str, tool: str) -> tuple[str, str]:
    """Return ("modules ok/total", "runs"/"fails") judged with the target interpreter."""
    python = find(info["python"])
    if python is None or not os.path.isdir(out):
        return "-", "-"
    exe = target if info["packer"] == "pyinstaller" else ""
    hdr = str(HEADER.get(info["python"], 16))
    roots = [out]
    if tool != "bytescope":
        roots = sorted(glob.glob(os.path.join(out, "*.pyz_extracted"))) + [out]
    proc = subprocess.run([python, "-c", ORACLE, exe, roots[0], hdr], capture_output=True,
                          text=True, timeout=600)
    if proc.returncode:
        return "oracle failed", "-"
    oracle = json.loads(proc.stdout)
    bad = {name for name, _ in oracle["bad"]}
    modules = [(n, c) for n, c in oracle["names"] if not isinstance(c, str) and c in (0, 1)]
    good = 0
    for name, code in modules:
        rel = name.replace(".", "/") + ("/__init__.pyc" if code == 1 else ".pyc")
        if os.path.isfile(os.path.join(roots[0], rel)) and os.path.basename(rel) not in bad:
            good += 1
    if not modules:  # cx_Freeze, zipapp: every pyc found
        good, modules = oracle["pycs"] - len(oracle["bad"]), [None] * oracle["pycs"]
    entry = os.path.join(out, ENTRY[info["packer"]])
    runs = "fails"
    if not os.path.isfile(entry) and os.path.isfile(entry[:-1]):
        entry = entry[:-1]  # PyInstaller 2.x: the script is source text
    if os.path.isfile(entry):
        script = RUN_AGAIN.replace("sys.path.insert(0, out)",
                                   "sys.path[:0] = " + repr(roots))
        proc = subprocess.run([python, "-E", "-s", "-c", script, out, entry],
                              capture_output=True, text=True, timeout=300, cwd=out)
        with open(os.path.join(info["dir"], "expected.txt")) as fh:
            expected = fh.read()
        runs = "runs" if proc.returncode == 0 and proc.stdout == expected else "fails"
    return f"{good}/{len(modules)}", runs


def samples_table(root: str, runs: int) -> list[str]:
    rows = ["| sample | Python | packer | mode | encrypted | bytescope: modules, run, exit, "
            "CPU, RSS | pyinstxtractor-ng: modules, run, exit, CPU, RSS |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for desc in sorted(glob.glob(os.path.join(root, "*", "sample.json"))):
        with open(desc) as fh:
            info = json.load(fh)
        info["dir"] = os.path.dirname(desc)
        target = os.path.join(info["dir"], info["target"])
        cells = []
        for tool in ("bytescope", "pyinstxtractor-ng"):
            with tempfile.TemporaryDirectory() as work:
                t, rss, status, out = run_tool(tool, target, os.path.join(work, "w"), runs)
                modules, ran = judge(info, target, out, tool)
            cells.append(f"{modules}, {ran}, exit {status}, {t:.2f} s, {rss} MB")
        pv = f"{info['packer']} {info['packer_version']}".strip()
        rows.append(f"| {info['name']} | {info['python']} | {pv} | {info['mode']} | "
                    f"{'yes' if info['encrypted'] else 'no'} | {cells[0]} | {cells[1]} |")
        print(rows[-1], flush=True)
    return rows


def build_big(path: str, mb: int) -> int:
    """Write a synthetic CArchive of about ``mb`` MB; return its PYZ module count."""
    magic = importlib.util.MAGIC_NUMBER
    pycs = sorted(glob.glob(os.path.join(os.path.dirname(os.__file__), "**", "__pycache__",
                                         f"*.{sys.implementation.cache_tag}.pyc"),
                            recursive=True))
    pyz = bytearray(b"PYZ\0" + magic + bytes(5))
    toc = []
    pycs = [p for p in pycs if "site-packages" not in p and f"{os.sep}test" not in p][:3000]
    for p in pycs:
        with open(p, "rb") as fh:
            data = fh.read()
        if data[:4] != magic:
            continue
        name = os.path.relpath(p, os.path.dirname(os.__file__)).replace(os.sep, "/")
        name = name.replace("/__pycache__/", "/").split(".")[0].replace("/", ".")
        name = name.replace("__pycache__.", "")
        blob = zlib.compress(data[16:])
        toc.append((name + f"_{len(toc)}", (0, len(pyz), len(blob))))
        pyz += blob
    pyz[8:12] = struct.pack("!i", len(pyz))
    import marshal

    pyz += marshal.dumps(toc)
    entries = []
    with open(path, "wb") as out:
        out.write(b"\x7fELF" + bytes(4092))
        base = out.tell()

        def add(name: str, data_iter: Iterable[bytes], ulen: int, flag: int, code: str) -> None:
            start = out.tell() - base
            for piece in data_iter:
                out.write(piece)
            entries.append((start, out.tell() - base - start, ulen, flag, code, name))

        add("PYZ-00.pyz", [bytes(pyz)], len(pyz), 0, "z")
        text = b"".join(b"line %d of a large compressible data file\n" % i
                        for i in range(1_000_000))[: 40 << 20]
        add("data/big.txt", [zlib.compress(text, 6)], len(text), 1, "x")
        block = os.urandom(1 << 20)
        size = max(1, mb - (out.tell() >> 20))
        add("lib/big.so", (block for _ in range(size)), size << 20, 0, "b")
        toc_pos = out.tell() - base
        raw = b""
        for start, stored, ulen, flag, code, name in entries:
            nm = name.encode() + b"\0"
            nm += b"\0" * (-(18 + len(nm)) % 16)
            raw += struct.pack("!IIIIBc", 18 + len(nm), start, stored, ulen, flag,
                               code.encode()) + nm
        out.write(raw)
        out.write(struct.pack("!8sIIII64s", b"MEI\014\013\012\013\016",
                              toc_pos + len(raw) + 88, toc_pos, len(raw),
                              sys.version_info[0] * 100 + sys.version_info[1],
                              b"libpython3.so"))
    return len(toc)


def big_table(mb: int) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory(dir=os.path.expanduser("~")) as work:
        path = os.path.join(work, "big.bin")
        modules = build_big(path, mb)
        size = os.path.getsize(path) / (1 << 20)
        rows.append(f"Synthetic CArchive: {size:.0f} MB, a PYZ of {modules} modules (the host's "
                    "standard library), a 40 MB zlib data entry and one incompressible "
                    f"{size - 45:.0f} MB binary.")
        rows.append("")
        rows.append("| tool | CPU time | peak RSS | exit |")
        rows.append("| --- | --- | --- | --- |")
        for tool in ("bytescope", "pyinstxtractor-ng"):
            t, rss, status, out = run_tool(tool, path, os.path.join(work, tool), 1)
            rows.append(f"| {tool} | {t:.1f} s | {rss} MB | {status} |")
            print(rows[-1], flush=True)
            shutil.rmtree(os.path.join(work, tool), ignore_errors=True)
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            m = re.search(r"model name\s*:\s*(.*)", fh.read())
            cpu = m.group(1) if m else cpu
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"host Python {platform.python_version()}, "
            f"{datetime.date.today().isoformat()}")


def write_results(text: str) -> None:
    path = os.path.join(HERE, "RESULTS.md")
    begin, end = "<!-- unpack:begin -->", "<!-- unpack:end -->"
    section = f"{begin}\n## unpack (bench/bench_unpack.py)\n\n{text}{end}\n"
    with open(path) as fh:
        old = fh.read()
    if begin in old and end in old:
        new = old[:old.index(begin)] + section + old[old.index(end) + len(end) + 1:]
    else:
        new = old.rstrip("\n") + "\n\n" + section
    with open(path, "w") as fh:
        fh.write(new)


NOTE = (
    'Each tool runs in a process of its own (CPU time user+system and peak RSS by GNU time, b'
    'est of 3). "modules": PYZ modules (listed by the target interpreter\'s own marshal) whose'
    " pyc exists where the tool put it, starts with the target's magic and loads with the tar"
    'get\'s marshal; "runs": the extracted app, under the target interpreter with the tool\'s o'
    'utput first on sys.path, prints what the original printed. pyinstxtractor-ng\'s "fails": '
    'for every Python 3 sample it writes an empty nsdemo.pyc for the namespace package, which'
    ' shadows the folder (ModuleNotFoundError: nsdemo.part); for PyInstaller 2.1 it wraps the'
    ' source-text script in a pyc header (app.pyc is not a pyc). On cx_Freeze and the zipapp '
    'it exits 1 ("missing cookie"); it exits 0 on every other sample.'
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", default=os.path.join(CACHE, "samples"))
    ap.add_argument("--big-mb", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args()
    if ensure_ixng() is None:
        print("cannot install pyinstxtractor-ng", file=sys.stderr)
        return 1
    lines = [f"Machine: {machine()}.", "", NOTE, ""]
    lines += samples_table(args.samples, args.runs)
    lines.append("")
    if args.big_mb:
        lines += big_table(args.big_mb)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
