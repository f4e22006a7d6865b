"""Test setup: import bytescope from src/ (no install needed) and the test helpers.

``BYTESCOPE_TEST_SRC=DIR`` imports it from DIR instead (the tree holding the
``bytescope`` package): the engine's tests then run against a copy built by
``tools/build_accel.py --target DIR``.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("BYTESCOPE_TEST_SRC") or os.path.join(os.path.dirname(HERE), "src")
for path in (SRC, HERE):
    if path not in sys.path:
        sys.path.insert(0, path)
