"""The shipped layout and de-specialisation tables match what each interpreter measures.

``tools/gen_layouts.py --probe`` runs inside every interpreter found and measures
its own struct offsets; the result must equal ``bytescope.live.layouts_data``, and its
3.11+ de-specialisation facts what ``bytescope.live.despec`` derives from the opcode tables.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from interpreters import VERSIONS, find  # noqa: E402

from bytescope.live import despec  # noqa: E402
from bytescope.live.layouts_data import LAYOUTS  # noqa: E402

TOOL = os.path.join(os.path.dirname(__file__), "..", "tools", "gen_layouts.py")
_spec = importlib.util.spec_from_file_location("gen_layouts", TOOL)
gen_layouts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_layouts)


def _normal(obj):
    if isinstance(obj, dict):
        return {(int(k) if isinstance(k, str) and k.isdigit() else k): _normal(v)
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [_normal(x) for x in obj]
    return obj


def test_every_version_has_a_layout():
    assert set(LAYOUTS) >= set(VERSIONS)
    for key in ("3.11", "3.12", "3.13", "3.14", "3.15"):
        tables = despec._tables(key)
        assert tables is not None and tables.deopt != tuple(range(256))
    assert LAYOUTS["3.14"]["tuple_items"] == 32 and LAYOUTS["3.13"]["tuple_items"] == 24


@pytest.mark.parametrize("version", VERSIONS)
def test_shipped_layout_matches_interpreter(version):
    exe = find(version)
    if exe is None:
        pytest.skip(f"Python {version} interpreter not installed")
    env = dict(os.environ, PYTHON_JIT="1")  # as the tool runs it: JIT builds make executors
    res = subprocess.run([exe, TOOL, "--probe"], capture_output=True, text=True, timeout=120,
                         env=env)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert _normal(data["layout"]) == LAYOUTS[version]
    if "deopt" in data:
        assert gen_layouts._same_deopt(_normal(data["deopt"]), despec._tables(version))
