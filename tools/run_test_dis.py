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
bytes.  Tests that need live interpreter state (specialized, ``adaptive=True``
code) are excluded, and listed with the reason.  Prints the counts (and exits
1 when a test that runs fails).
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
import unittest

#: what in a test's source shows it needs live interpreter state -> why it is excluded
LIVE = (
    (re.compile(r"adaptive\s*=\s*True"), "calls dis with adaptive=True: the live, specialized "
                                          "bytecode of a warmed-up function"),
    (re.compile(r"for adaptive in"), "half of its cases use adaptive=True (live, specialized "
                                     "bytecode)"),
    (re.compile(r"get_executor|ENTER_EXECUTOR"), "needs the live tier-2 executors of a "
                                                 "warmed-up function"),
)


def excluded(test: unittest.TestCase) -> str:
    """Return why ``test`` is excluded, or '' when it runs."""
    method = getattr(test, test._testMethodName, None)
    try:
        source = inspect.getsource(method) if method is not None else ""
    except (OSError, TypeError):
        source = ""
    for pattern, why in LIVE:
        if pattern.search(source):
            return why
    return ""


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

    test_dis.dis = api
    bytecode_helper.dis = api
    loader = unittest.TestLoader()
    every = _tests(loader.loadTestsFromModule(test_dis))
    run, skipped_ids = [], []
    for t in every:
        why = excluded(t)
        if why:
            skipped_ids.append((t.id(), why))
        elif not args.k or args.k in t.id():
            run.append(t)
    runner = unittest.TextTestRunner(verbosity=2 if args.verbose else 0, stream=sys.stderr)
    result = runner.run(unittest.TestSuite(run))
    failed = [(t.id(), tb) for t, tb in result.failures + result.errors]
    counts = {
        "version": version,
        "tests": len(every),
        "run": result.testsRun,
        "passed": result.testsRun - len(failed) - len(result.skipped),
        "failed": len(failed),
        "skipped_by_test": len(result.skipped),
        "excluded": len(skipped_ids),
        "excluded_tests": skipped_ids,
        "failures": [tid for tid, _ in failed],
    }
    if args.list_failures:
        for tid, tb in failed:
            print(f"--- {tid}\n{tb}", file=sys.stderr)
    if args.json:
        print(json.dumps(counts))
    else:
        print(f"Python {version}: {counts['passed']} passed, {counts['failed']} failed, "
              f"{counts['skipped_by_test']} skipped by the tests, {counts['excluded']} excluded "
              f"(of {counts['tests']})")
        for tid, why in skipped_ids:
            print(f"  excluded {tid}: {why}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
