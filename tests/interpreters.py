"""Find the Python interpreters installed on this machine (the real oracles).

Tests that need another interpreter call :func:`require`, which skips the
test with a clear reason when that version is absent, so the suite passes on
a machine with only one Python.

Places searched, in order, for version ``X.Y``:

* ``$BYTESCOPE_PYTHON_X_Y`` (an explicit path; dots become underscores);
* ``$(pyenv root)/versions/X.Y.*/bin/python`` (``$PYENV_ROOT`` or ``~/.pyenv``);
* ``~/.cache/bytescope/pythons/X.Y/bin/python``;
* ``pythonX.Y`` on ``PATH``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from functools import cache
from typing import Optional

#: Every release line an oracle interpreter may exist for.
VERSIONS: tuple[str, ...] = (
    "2.7",
    "3.6",
    "3.7",
    "3.8",
    "3.9",
    "3.10",
    "3.11",
    "3.12",
    "3.13",
    "3.14",
    "3.15",
)

SHARED = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "shared"))


def _candidates(version: str) -> list[str]:
    env = os.environ.get("BYTESCOPE_PYTHON_" + version.replace(".", "_"))
    out = [env] if env else []
    roots = [os.environ.get("PYENV_ROOT", ""), os.path.expanduser("~/.pyenv")]
    for root in roots:
        if root:
            found = glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python"))
            out.extend(sorted(found, reverse=True))
    out.append(os.path.expanduser(f"~/.cache/bytescope/pythons/{version}/bin/python"))
    which = shutil.which("python" + version)
    if which:
        out.append(which)
    return out


@cache
def find(version: str) -> Optional[str]:
    """Return the path of a working Python ``version`` ("3.8"), or None if absent.

    A candidate counts only if it runs and reports that version.
    """
    want = tuple(int(p) for p in version.split("."))
    if sys.version_info[:2] == want and sys.implementation.name == "cpython":
        return sys.executable
    for path in _candidates(version):
        if not (path and os.path.isfile(path) and os.access(path, os.X_OK)):
            continue
        try:
            out = subprocess.run(
                [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return path
    return None


def require(version: str) -> str:
    """Return the interpreter for ``version``, or skip the calling test saying why."""
    import pytest

    path = find(version)
    if path is None:
        pytest.skip(f"Python {version} interpreter not installed (searched pyenv, "
                    f"~/.cache/bytescope/pythons, PATH)")
    return path


def require_test_dis(version: str) -> str:
    """Return the interpreter for ``version`` when its ``test.test_dis`` imports, or skip
    the calling test saying which is missing."""
    import pytest

    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    probe = subprocess.run([python, "-c", "import test.test_dis"], capture_output=True)
    if probe.returncode:
        pytest.skip(f"Python {version} has no test.test_dis (its test package is not installed)")
    return python


def available() -> dict[str, str]:
    """Return ``{version: path}`` for every interpreter found."""
    return {v: p for v in VERSIONS if (p := find(v)) is not None}


def shared_dir(*parts: str) -> Optional[str]:
    """Return the path under ``../shared`` if it exists, else None."""
    path = os.path.join(SHARED, *parts)
    return path if os.path.exists(path) else None
