"""bytescope's dis text vs each installed interpreter's own dis, on freshly compiled sources.

Every installed interpreter (2.7, 3.6-3.15) compiles the sources of tests/ and
../shared/samples/ (files its grammar rejects are left out), writes their pycs
and runs its own ``dis`` (every option it has) and ``dis.code_info`` in one
subprocess (tests/_dis_native.py).  bytescope then reads those pycs on the host
and must print the same text, with only ``at 0x...`` addresses normalised.
Versions with no interpreter here are skipped with the reason.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import subprocess
from typing import Any

import pytest
from interpreters import VERSIONS, find, shared_dir
from test_dis_oracles import assert_same, normalise

import bytescope
from bytescope.views.code_info import code_info_all
from bytescope.views.dis_text import dis_text

HERE = os.path.dirname(os.path.abspath(__file__))
NATIVE = os.path.join(HERE, "_dis_native.py")

OPTS: dict[str, dict[str, bool]] = {
    "dis": {},
    "caches": {"show_caches": True},
    "offsets": {"show_offsets": True},
    "positions": {"show_positions": True},
    "all": {"show_caches": True, "show_offsets": True, "show_positions": True},
}


def sources() -> list[str]:
    """Return the source files every interpreter is asked to compile."""
    files = sorted(glob.glob(os.path.join(HERE, "*.py")))
    samples = shared_dir("samples")
    if samples:
        files += sorted(glob.glob(os.path.join(samples, "*.py")))
    return files


def run_native(python: str, mode: str, files: list[str], out_dir: str, text: bool) -> list[Any]:
    """Run tests/_dis_native.py under ``python``; return its JSON records."""
    env = dict(os.environ, DIS_NATIVE_OUT=out_dir, PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    args = [python, NATIVE, mode] + (["--text"] if text else []) + ["-"]
    proc = subprocess.run(
        args, input="\n".join(files), capture_output=True, text=True, env=env, timeout=3000,
        encoding="utf-8", errors="surrogateescape",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def ours(code: Any, opt: str) -> str:
    """Return bytescope's normalised text for record kind ``opt``."""
    if opt == "info":
        return normalise(code_info_all(code))
    return normalise(dis_text(code, **OPTS[opt]))


def digest(text: str) -> str:
    """Return the md5 the native helper computes for ``text``."""
    return hashlib.md5(text.encode("utf-8", "surrogatepass")).hexdigest()


@pytest.mark.parametrize("version", VERSIONS)
def test_samples_match_native(version: str, tmp_path: Any) -> None:
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    records = run_native(python, "src", sources(), str(tmp_path), text=True)
    compared = 0
    for rec in records:
        if "error" in rec:
            continue  # a source this version cannot compile
        code = bytescope.load(rec["file"]).code
        assert_same(
            normalise(rec["text"]), ours(code, rec["opt"]), f"{rec['file']} [{rec['opt']}]"
        )
        compared += 1
    assert compared >= 2, records[:3]


def stdlib_pycs(python: str) -> list[str]:
    """Return the stdlib pycs ``python`` wrote for itself (no site-packages, no -O files)."""
    proc = subprocess.run(
        [python, "-c", "import sys, sysconfig; sys.stdout.write(sysconfig.get_paths()['stdlib'])"],
        capture_output=True, text=True, timeout=120,
    )
    lib = proc.stdout.strip()
    version = version_of(python)
    if version == "2.7":
        found = glob.glob(os.path.join(lib, "**", "*.pyc"), recursive=True)
    else:
        tag = "cpython-" + version.replace(".", "")
        found = glob.glob(os.path.join(lib, "**", f"*.{tag}.pyc"), recursive=True)
    return sorted(
        p for p in found
        if ".opt-" not in p and "site-packages" not in p and "dist-packages" not in p
    )


def version_of(python: str) -> str:
    """Return ``"X.Y"`` of interpreter ``python``."""
    out = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True, text=True, timeout=60,
    )
    return out.stdout.strip()


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_stdlib_matches_native(version: str, tmp_path: Any) -> None:
    """Every stdlib pyc of the interpreter: our text vs its dis (md5 compared)."""
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    pycs = stdlib_pycs(python)
    if not pycs:
        pytest.skip(f"Python {version} has no compiled stdlib")
    records = run_native(python, "pyc", pycs, str(tmp_path), text=False)
    bad: list[str] = []
    total = 0
    for rec in records:
        if "error" in rec:
            continue
        total += 1
        code = bytescope.load(rec["file"]).code
        if digest(ours(code, rec["opt"])) != rec["md5"]:
            bad.append(f"{rec['file']} [{rec['opt']}]")
    print(f"\n{version}: {total} texts compared over {len(pycs)} pycs, {len(bad)} differ")
    assert not bad, f"{len(bad)} of {total} differ, e.g. " + "; ".join(bad[:10])
