#!/usr/bin/env python3
# ruff: noqa: UP031
"""Run CPython's own ``Lib/test/test_dis.py`` with ``dis`` replaced by bytescope.

Runs under the interpreter whose test suite is tested (bytescope on its path):

    PYTHONPATH=src python3.12 tools/run_test_dis.py [-v] [--list-failures] [--json]

The test module's ``dis`` (and ``test.support.bytecode_helper``'s) becomes
``bytescope.dis_api(<that interpreter's version>)``: every function, class and
opcode table the tests use is bytescope's.  Host objects the tests pass (functions,
classes, code objects, tracebacks, source strings) reach bytescope's functions,
which turn each code object into marshal bytes and read them back with
bytescope's own reader; nothing of the live objects is used but their code's
bytes.  A call with ``adaptive=True`` (live, specialized bytecode, which a pyc
reader cannot see) skips the test or subtest that makes it; every other case
runs.  Prints the counts and the tests with skipped cases (exits 1 when a test
fails).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import types
import unittest
from typing import Any

ADAPTIVE = "adaptive=True asks for the live, specialized bytecode of a warmed-up function"


def without_live_state(api: Any) -> types.ModuleType:
    """Return a module with ``api``'s names, whose calls with ``adaptive=True`` skip the
    (sub)test that makes them: that option shows live interpreter state, which a pyc
    reader cannot have.  Every other call goes to ``api`` unchanged."""
    shim = types.ModuleType(api.__name__, api.__doc__)
    for name, value in vars(api).items():
        setattr(shim, name, value)

    def guard(fn: Any) -> Any:
        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("adaptive"):
                raise unittest.SkipTest(ADAPTIVE)
            return fn(*args, **kwargs)
        return call

    for name in ("dis", "disassemble", "disco", "distb", "get_instructions",
                 "_disassemble_recursive", "_disassemble_str"):
        if hasattr(api, name):
            setattr(shim, name, guard(getattr(api, name)))
    if hasattr(api, "Bytecode"):
        base = api.Bytecode

        class Bytecode(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                if kwargs.get("adaptive"):
                    raise unittest.SkipTest(ADAPTIVE)
                super().__init__(*args, **kwargs)

            @classmethod
            def from_traceback(cls, tb: Any, **kwargs: Any) -> Any:
                if kwargs.get("adaptive"):
                    raise unittest.SkipTest(ADAPTIVE)
                return super().from_traceback(tb, **kwargs)

        Bytecode.__name__ = Bytecode.__qualname__ = "Bytecode"
        shim.Bytecode = Bytecode
    return shim


def _tests(suite: unittest.TestSuite) -> list[unittest.TestCase]:
    out = []
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            out.extend(_tests(t))
        else:
            out.append(t)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--list-failures", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("-k", help="run only tests whose id contains this")
    args = parser.parse_args()

    import bytescope

    version = "%d.%d" % sys.version_info[:2]
    api = bytescope.dis_api(version)
    from test import test_dis
    from test.support import bytecode_helper

    shim = without_live_state(api)
    test_dis.dis = shim
    bytecode_helper.dis = shim
    loader = unittest.TestLoader()
    every = _tests(loader.loadTestsFromModule(test_dis))
    run = [t for t in every if not args.k or args.k in t.id()]
    runner = unittest.TextTestRunner(verbosity=2 if args.verbose else 0, stream=sys.stderr)
    result = runner.run(unittest.TestSuite(run))
    failed = [(t.id(), tb) for t, tb in result.failures + result.errors]
    live = sorted({t.id() for t, why in result.skipped if why == ADAPTIVE})
    # a test whose every case needed live state counts as skipped; one with some cases
    # left counts as run (and passed, when nothing failed)
    whole = {t.id() for t in run} - {tid for tid, _ in failed}
    skipped_whole = {t.id() for t, why in result.skipped
                     if not isinstance(t, unittest.case._SubTest)}  # type: ignore[attr-defined]
    counts = {
        "version": version,
        "tests": len(every),
        "run": result.testsRun,
        "passed": len(whole - skipped_whole),
        "failed": len(failed),
        "skipped": len(skipped_whole),
        "live_skips": live,
        "other_skips": sorted({t.id() for t, why in result.skipped if why != ADAPTIVE}),
        "failures": [tid for tid, _ in failed],
    }
    if args.list_failures:
        for tid, tb in failed:
            print(f"--- {tid}\n{tb}", file=sys.stderr)
    if args.json:
        print(json.dumps(counts))
    else:
        print(f"Python {version}: {counts['passed']} passed, {counts['failed']} failed, "
              f"{counts['skipped']} skipped (of {counts['tests']} tests)")
        for tid in live:
            print(f"  adaptive=True cases skipped in {tid}")
        for tid in counts["other_skips"]:
            print(f"  skipped by the test itself: {tid}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
