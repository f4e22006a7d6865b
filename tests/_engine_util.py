"""Helpers for the engine's unit tests: run source in the engine and natively."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
from typing import Optional

import bytescope

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")


def run_engine(source: str, *, tier: str = "auto", args: tuple[str, ...] = (),
               **options: object) -> tuple[int, str, str]:
    """Run ``source`` (host-compiled) in the engine in this process; return
    ``(status, stdout, stderr)``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = bytescope.run(command=textwrap.dedent(source), args=args, tier=tier, **options)
    return status, out.getvalue(), err.getvalue()


def run_native(source: str) -> tuple[int, str, str]:
    """Run ``source`` with this interpreter in a fresh namespace; same triple."""
    import types

    out, err = io.StringIO(), io.StringIO()
    status = 0
    main = types.ModuleType("__main__")
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                exec(compile(textwrap.dedent(source), "<string>", "exec", dont_inherit=True),
                     main.__dict__)
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 1
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved
    return status, out.getvalue(), err.getvalue()


def bytescope_cli(*argv: str, timeout: float = 120, cwd: Optional[str] = None,
                  env: Optional[dict[str, str]] = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bytescope ARGV`` from this checkout; return the finished process."""
    e = dict(os.environ, PYTHONPATH=SRC, PYTHONHASHSEED="0")
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-m", "bytescope", *argv], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=e)
