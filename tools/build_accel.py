"""Build (or remove) bytescope's optional mypyc-accelerated modules.

    python tools/build_accel.py            # compile in place, next to the .py files
    python tools/build_accel.py --target DIR   # copy src/bytescope to DIR, compile there
    python tools/build_accel.py --clean    # remove compiled modules from src/

The compiled modules are the same Python source (listed in ``ACCEL_MODULES``)
turned into C extensions by mypyc; Python imports an extension before a ``.py``
of the same name, so once built they replace the pure-Python modules and
nothing else changes.  ``bytescope.accelerated()`` tells which is in use.

Needs ``mypy`` (which provides mypyc: ``pip install mypy``), ``setuptools``, a
C compiler and the Python headers.  Exits with status 3 and a message when any
is missing, so callers can skip cleanly; the pure-Python package always works.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")

#: Modules compiled by mypyc, relative to ``src/`` (the hot paths, fully typed).
ACCEL_MODULES = ["bytescope/marshal/_fast.py"]

#: The engine's modules that mypyc compiles (``--engine``), off by default because the
#: result is slower, not faster (bench/RESULTS.md: richards 20-30 % slower, nbody and
#: fannkuch unchanged).  The engine's hot code is the fused blocks that
#: ``engine/blocks.py`` generates with ``exec`` at run time, which stay interpreted; on
#: Python 3.11+ every call between them and compiled code crosses into a new
#: interpreter run (no inlined call), and compiled code reads the attributes of the
#: engine's plain classes (frames, functions, code) generically where the interpreter
#: specializes them.  ``engine/loop.py`` is left out even here (it calls the blocks:
#: richards 3.75 s with it vs 3.14 s without); ``engine/frame.py`` too (a native class
#: refuses weak references and type-checks every attribute store, for no measured gain).
ENGINE_MODULES = [
    "bytescope/engine/_cases.py",
    "bytescope/engine/runtime.py",
    "bytescope/engine/calls.py",
]

#: Exit status when the toolchain is missing (nothing was built).
MISSING = 3

_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
setup(
    name="bytescope-accel",
    ext_modules=mypycify(
        sys.argv.pop(1).split(",") + ["--follow-imports=silent"], opt_level="3"
    ),
    script_args=["build_ext", "--inplace"],
)
"""


def missing_toolchain() -> str:
    """Return why the accelerated build cannot be made here ("" when it can)."""
    for module in ("mypyc", "setuptools"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install mypy setuptools)"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler}) on PATH"
    include = sysconfig.get_paths().get("include", "")
    if not os.path.exists(os.path.join(include, "Python.h")):
        return f"no Python headers (Python.h not in {include})"
    return ""


def built_files(src: str) -> list[str]:
    """Return the compiled extension files present under ``src`` (for the accel modules)."""
    suffixes = (".so", ".pyd")
    # several modules share one runtime library at the top of the tree
    found = [p for p in glob.glob(os.path.join(src, "*__mypyc.*")) if p.endswith(suffixes)]
    for module in ACCEL_MODULES + ENGINE_MODULES:
        stem = os.path.join(src, module[: -len(".py")])
        for pattern in (stem + ".*", stem + "__mypyc.*"):  # module, its mypyc runtime
            found += [p for p in glob.glob(pattern) if p.endswith(suffixes)]
    return sorted(found)


def clean(src: str) -> list[str]:
    """Remove the compiled modules under ``src``; return the paths removed."""
    removed = built_files(src)
    for path in removed:
        os.remove(path)
    return removed


def build(src: str, verbose: bool = False, engine: bool = False) -> list[str]:
    """Compile ``ACCEL_MODULES`` (and ``ENGINE_MODULES`` with ``engine``) in the tree
    ``src`` in place; return the extension paths.

    Raises ``RuntimeError`` (with the compiler output) when the build fails.
    """
    with tempfile.TemporaryDirectory(prefix="bytescope-accel-") as tmp:
        setup = os.path.join(tmp, "setup_accel.py")
        with open(setup, "w") as fh:
            fh.write(_SETUP)
        env = dict(os.environ, MYPYC_OPT_LEVEL="3")
        proc = subprocess.run(
            [sys.executable, setup, ",".join(ACCEL_MODULES + (ENGINE_MODULES if engine else []))],
            cwd=src,
            env=env,
            capture_output=not verbose,
            text=True,
            check=False,
        )
        # setuptools leaves build/ in the working directory
        shutil.rmtree(os.path.join(src, "build"), ignore_errors=True)
        if proc.returncode:
            raise RuntimeError(f"mypyc build failed:\n{proc.stdout}\n{proc.stderr}")
    return built_files(src)


def main(argv: list[str] | None = None) -> int:
    """Build, build into a copy, or clean; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--target", help="copy src/bytescope here and build the copy")
    p.add_argument("--clean", action="store_true", help="remove compiled modules from src/")
    p.add_argument("--engine", action="store_true",
                   help="also compile the engine's handlers and helpers (slower today: see "
                   "ENGINE_MODULES)")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(argv)
    if args.clean:
        for path in clean(SRC):
            print(f"removed {os.path.relpath(path, ROOT)}")
        return 0
    why = missing_toolchain()
    if why:
        print(f"accelerated build skipped: {why}", file=sys.stderr)
        return MISSING
    src = SRC
    if args.target:
        src = os.path.abspath(args.target)
        dest = os.path.join(src, "bytescope")
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(
            os.path.join(SRC, "bytescope"),
            dest,
            ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"),
        )
        clean(src)  # a previous build's shared runtime library
    try:
        paths = build(src, verbose=args.verbose, engine=args.engine)
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for path in paths:
        print(f"built {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
