"""``--trace``: print every instruction the engine runs (placeholder until the tracer lands)."""

from __future__ import annotations

import argparse
from typing import Any, Optional


def add_trace_arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--trace`` and its filters."""
    p.add_argument("--trace", action="store_true", help="print every instruction executed")


def hooks_from_arguments(args: Any, out: Any) -> Optional[Any]:
    """Return the hooks ``--trace`` asks for, or None."""
    return None
