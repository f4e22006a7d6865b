"""Rewrite ``tests/engine_known_failures.txt`` from a run of the engine's default tests.

    python tools/engine_known_failures.py              # the default engine tests
    python tools/engine_known_failures.py -m slow -k matrix   # more (pytest arguments)

Runs pytest on ``tests/test_engine_*.py`` with ``BYTESCOPE_ENGINE_STRICT=1`` (listed
failures are not turned into xfails) and writes every failing test's node id with the
first line of its failure, so the default suite stays green while each gap of the
engine stays listed.  Lines for tests this run did not select are kept.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import engine_harness as H  # noqa: E402


def main(argv: Optional[list[str]] = None) -> int:
    """Run the tests, rewrite the file; return pytest's exit status (0 or 1 expected)."""
    import tempfile
    import xml.etree.ElementTree as ET

    extra = list(sys.argv[1:] if argv is None else argv)
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "test_engine_*.py")))
    env = dict(os.environ, BYTESCOPE_ENGINE_STRICT="1")
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "junit.xml")
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               f"--junitxml={report}", *files, *extra]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        cases = ET.parse(report).getroot().iter("testcase") if os.path.exists(report) else []
        ran, failed = set(), {}
        for case in cases:
            module = case.get("classname", "").split(".")[-1]
            node = f"{module}.py::{case.get('name')}"
            ran.add(node)
            bad = case.find("failure")
            if bad is None:
                bad = case.find("error")
            if bad is not None:
                first = (bad.get("message") or "fails").strip().splitlines() or ["fails"]
                failed[node] = first[0][:160]
    kept = {k: v for k, v in H.known_failures().items() if k not in ran}
    kept.update(failed)
    header = ("# Engine tests that fail with the engine merged here (non-strict xfails).\n"
              "# Regenerate: python tools/engine_known_failures.py  (see engine_harness.py)\n")
    with open(H.KNOWN_FAILURES, "w", encoding="utf-8") as fh:
        fh.write(header)
        for node in sorted(kept):
            fh.write(f"{node} # {kept[node]}\n")
    tail = proc.stdout.strip().splitlines()
    print(tail[-1] if tail else proc.stderr[-500:])
    print(f"{len(failed)} failing now, {len(kept)} listed in {H.KNOWN_FAILURES}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
