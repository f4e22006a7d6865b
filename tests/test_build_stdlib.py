"""Every installed interpreter's standard library: validation passes and JSON rebuilds exactly.

A sample per version runs by default; ``-m slow`` sweeps every pyc.  Versions
whose interpreter is absent are skipped with the reason.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess

import interpreters
import pytest

import bytescope
from bytescope import edit
from bytescope.build import build_json
from bytescope.views.dump import dump_json


def _stdlib_pycs(version: str, limit: int) -> list[str]:
    python = interpreters.require(version)
    root = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
        capture_output=True, text=True, timeout=60,
    ).stdout.strip()
    files = sorted(glob.glob(os.path.join(root, "**", "*.pyc"), recursive=True))
    if not files:
        pytest.skip(f"Python {version} has no compiled stdlib under {root}")
    if limit:
        files = files[:: max(1, len(files) // limit)][:limit]
    return files


def _check(path: str) -> None:
    data = open(path, "rb").read()
    pyc = bytescope.loads(data)
    edit.validate(pyc.code)
    doc, error = dump_json(pyc)
    assert error is None, path
    assert build_json(json.loads(json.dumps(doc)), validate=False) == data, path


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_stdlib_sample_validates_and_rebuilds_from_json(version: str) -> None:
    for path in _stdlib_pycs(version, 6):
        _check(path)


@pytest.mark.slow
@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_whole_stdlib_validates_and_rebuilds_from_json(version: str) -> None:
    files = _stdlib_pycs(version, 0)
    for path in files:
        _check(path)
    print(f"{version}: {len(files)} pycs validated and rebuilt from JSON byte for byte")
