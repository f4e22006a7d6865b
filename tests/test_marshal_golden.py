"""Golden marshal trees: the native ``marshal.loads`` result of every fixture pyc.

``tests/fixtures/<version>/marshal.golden.json`` holds, for each pyc in that
directory, the normalised tree (see ``tests/marshal_oracle.py``) that the
version's own interpreter produced.  The test compares bytescope's parse with
it field by field, so the differential check runs on a machine with only one
Python.  Regenerate (needs the interpreters) with::

    PYTHONPATH=src python tests/test_marshal_golden.py
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import interpreters  # noqa: E402
from test_marshal_differential import ORACLE, describe_ours, first_difference  # noqa: E402

import bytescope  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
GOLDEN = "marshal.golden.json"


def golden_files() -> list[str]:
    """Return every committed golden file."""
    return sorted(glob.glob(os.path.join(FIXTURES, "*", GOLDEN)))


@pytest.mark.parametrize("golden", golden_files(),
                         ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_fixture_pycs_match_native_marshal(golden: str) -> None:
    with open(golden, encoding="utf-8") as fh:
        trees = json.load(fh)
    directory = os.path.dirname(golden)
    assert trees, golden
    for name, tree in sorted(trees.items()):
        pyc = bytescope.load(os.path.join(directory, name))
        assert pyc.version.key == os.path.basename(directory)
        diff = first_difference(describe_ours(pyc.code), tree)
        assert diff is None, f"{name}: {diff}"


def test_every_interpreter_version_has_golden_trees() -> None:
    have = {os.path.basename(os.path.dirname(p)) for p in golden_files()}
    assert set(interpreters.VERSIONS) <= have


def regenerate() -> None:
    """Write the golden files from each installed interpreter's native marshal."""
    for version in interpreters.VERSIONS:
        python = interpreters.find(version)
        directory = os.path.join(FIXTURES, version)
        paths = sorted(glob.glob(os.path.join(directory, "*.py[co]")))
        if python is None or not paths:
            print(f"{version}: skipped (interpreter or fixtures missing)")
            continue
        out = subprocess.run([python, ORACLE, *paths], capture_output=True, text=True,
                             check=True)
        trees = {}
        for line in out.stdout.splitlines():
            record = json.loads(line)
            if "tree" in record:
                trees[os.path.basename(record["path"])] = record["tree"]
        with open(os.path.join(directory, GOLDEN), "w", encoding="utf-8") as fh:
            json.dump(trees, fh, sort_keys=True, separators=(",", ":"))
            fh.write("\n")
        print(f"{version}: {len(trees)} trees")


if __name__ == "__main__":
    regenerate()
