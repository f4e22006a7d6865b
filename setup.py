"""Build hook for the optional mypyc-accelerated build (metadata is in pyproject.toml).

    pip install .                                            # pure Python (default)
    BYTESCOPE_ACCEL=1 pip install --no-build-isolation .     # compiled hot paths

With ``BYTESCOPE_ACCEL=1`` the modules listed in ``tools/build_accel.py``
(``ACCEL_MODULES``) are compiled by mypyc; ``--no-build-isolation`` lets the
build see the ``mypy`` you installed (``pip install mypy``).  When mypyc is
missing the build says so and installs the pure-Python package.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

ACCEL_MODULES = ["src/bytescope/marshal/_fast.py"]


def _ext_modules() -> list:
    """Return the mypyc extension modules when asked for and possible, else []."""
    if os.environ.get("BYTESCOPE_ACCEL", "") not in ("1", "true", "yes"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("BYTESCOPE_ACCEL: mypyc not found (pip install mypy); building pure Python",
              file=sys.stderr)
        return []
    return mypycify(ACCEL_MODULES + ["--follow-imports=silent"], opt_level="3")


setup(ext_modules=_ext_modules())
