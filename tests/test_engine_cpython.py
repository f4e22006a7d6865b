"""CPython's own language tests, run as bytecode in the VM on the same-version host
(issue 13, "CPython's own regression tests as the yardstick").

``tools/run_cpython_tests.py`` does the work; the slow test asserts, per version
and module, that every test passing natively and not excluded (interpreter
internals, ``tools/cpython_tests_excluded.json``) passes in the VM too.  The
default run checks the tool itself on one small module natively, and that the
exclusion file is what ``--classify`` makes of the sources (reasons included).
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import engine_harness as H
import pytest
from interpreters import find, require

TOOL = Path(__file__).resolve().parent.parent / "tools" / "run_cpython_tests.py"
_spec = importlib.util.spec_from_file_location("run_cpython_tests", TOOL)
assert _spec is not None and _spec.loader is not None
rct: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rct)

HOST = "3.11" if find("3.11") else H.ENGINE_VERSIONS[-1]


@pytest.fixture(autouse=True)
def _known_engine_gaps(request: pytest.FixtureRequest) -> None:
    H.mark_known_failure(request)


def test_driver_runs_a_module_natively() -> None:
    require(HOST)
    result = rct.run_module(HOST, "test_augassign", "native", 600)
    assert result["complete"], result["note"]
    assert len(result["tests"]) >= 5
    assert {r["status"] for r in result["tests"].values()} == {"pass"}


def test_doctest_modules_are_counted() -> None:
    require(HOST)
    result = rct.run_module(HOST, "test_unpack", "native", 600)
    assert any("doctests" in t for t in result["tests"]), sorted(result["tests"])
    assert all(r["status"] == "pass" for r in result["tests"].values()), result["tests"]


def test_exclusions_have_reasons() -> None:
    data = json.loads(Path(rct.EXCLUDED_FILE).read_text())
    assert set(data["markers"]) == set(rct.INTERNALS)
    for version, entries in data["excluded"].items():
        assert version in H.ENGINE_VERSIONS
        for test, reason in entries.items():
            assert test.split(".")[0] in rct.MODULES and reason, (version, test)


@pytest.mark.slow
def test_exclusion_file_is_current() -> None:
    versions = [v for v in H.ENGINE_VERSIONS if find(v)]
    data = json.loads(Path(rct.EXCLUDED_FILE).read_text())["excluded"]
    fresh = rct.classify(versions, list(rct.MODULES))
    for version in versions:
        assert fresh[version] == data.get(version), f"rerun {TOOL.name} --classify ({version})"


@pytest.mark.slow
@pytest.mark.parametrize("module", rct.MODULES)
@pytest.mark.parametrize("version", H.ENGINE_VERSIONS)
def test_vm_passes_what_native_passes(version: str, module: str) -> None:
    require(version)
    reason = H.run_unavailable(version)
    if reason:
        pytest.skip(reason)
    native = rct.run_module(version, module, "native", 600)
    if native.get("absent"):
        pytest.skip(f"{module} is not in Python {version}'s test package")
    vm = rct.run_module(version, module, "vm", float(os.environ.get("CPYTHON_TESTS_TIMEOUT", 1800)))
    row = rct.summarise(version, module, native, vm, rct.load_excluded().get(version, {}))
    lines = [f"{t}: {status}: {line}" for t, status, line in row["shortfalls"]]
    assert not lines, (f"{row['target_pass']}/{row['target']} in the VM "
                       f"({vm['note'] or 'complete'}):\n" + "\n".join(lines[:60]))
