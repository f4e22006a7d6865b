"""The opcode data of each version's ``dis``/``opcode`` modules against that interpreter's.

* Fixture tests (one Python suffices): ``tests/fixtures/dis_data/
  dis_modules_<version>.json`` holds what each interpreter's own modules
  contain (``tools/gen_dis_modules.py`` writes it); every attribute of ours
  must equal it: same names, same types (list vs tuple, frozendict), same
  list order, same dict contents.
* Differential tests: each installed interpreter is asked again.
* Lines without an interpreter get the classic attribute set from their tables.
"""

from __future__ import annotations

import json
from typing import Any

import dis_data_oracle as oracle
import pytest
from interpreters import VERSIONS, find

from bytescope.errors import UnsupportedVersion
from bytescope.versions import by_name, known_lines
from bytescope.versions import dis_modules as dm


def without_leftovers(attrs: list[list[Any]]) -> list[list[Any]]:
    return [a for a in attrs if a[0] not in dm.LEFTOVERS]


def check(version: str, answer: dict[str, Any]) -> int:
    """Compare both modules' data with ``answer``; return the number of attributes compared."""
    problems = []
    count = 0
    for module, ours in (("dis", dm.dis_module_data(version)),
                         ("opcode", dm.opcode_module_data(version))):
        theirs = without_leftovers(answer[module])
        problems += [f"{module}.{p}" for p in oracle.differences(ours, theirs)]
        count += len(theirs)
    assert not problems, f"Python {version}: " + "; ".join(problems[:6])
    return count


@pytest.mark.parametrize("version", VERSIONS)
def test_matches_fixture(version: str) -> None:
    with open(oracle.fixture_path(version), encoding="utf-8") as fh:
        answer = json.load(fh)
    assert check(version, answer) >= 24


@pytest.mark.parametrize("version", VERSIONS)
def test_matches_interpreter(version: str) -> None:
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    check(version, oracle.run(python))


def test_values_are_fresh_copies() -> None:
    first = dm.dis_module_data("3.12")
    first["opname"][1] = "CHANGED"
    first["opmap"].clear()
    first["_specializations"]["LOAD_ATTR"].append("X")
    second = dm.dis_module_data("3.12")
    assert second["opname"][1] == "POP_TOP"
    assert second["opmap"]["POP_TOP"] == 1
    assert "X" not in second["_specializations"]["LOAD_ATTR"]


def test_attribute_sets_are_the_versions_own() -> None:
    assert "hasexc" not in dm.dis_module_data("3.11")
    assert "hasexc" in dm.dis_module_data("3.12")
    assert "hasnargs" in dm.dis_module_data("3.11")
    assert "hasnargs" not in dm.dis_module_data("3.12")
    assert "hasjump" in dm.dis_module_data("3.13")
    assert "_specialized_opmap" in dm.opcode_module_data("3.13")
    assert "_specialized_instructions" in dm.opcode_module_data("3.12")
    assert "stack_effect" not in dm.dis_module_data("3.12")  # data only, no functions
    assert dm.has_interpreter_data(by_name("3.12")) and not dm.has_interpreter_data("3.5")


def test_3_15_frozendicts() -> None:
    data = dm.dis_module_data("3.15")
    assert data["opmap"]["CACHE"] == 0
    with pytest.raises(TypeError):
        data["opmap"]["NEW"] = 1  # frozendict, or a read-only proxy on older hosts
    assert isinstance(data["_specializations"]["LOAD_ATTR"], tuple)


@pytest.mark.parametrize("key", [k for k in known_lines() if not dm.has_interpreter_data(k)])
def test_derived_lines_are_consistent(key: str) -> None:
    """Lines without an interpreter: the classic set, consistent with their opcode table."""
    data = dm.dis_module_data(key)
    assert set(data) <= set(dm.DERIVED_ATTRS)
    opname, opmap = data["opname"], data["opmap"]
    assert len(opname) == 256
    assert all(opname[op] == name for name, op in opmap.items())
    for attr in ("hasconst", "hasname", "hasjrel", "hasjabs", "haslocal", "hascompare", "hasfree"):
        assert isinstance(data[attr], list)
        assert set(data[attr]) <= set(opmap.values()), (key, attr)
    assert isinstance(data["cmp_op"], tuple)
    if "EXTENDED_ARG" in data:
        assert opname[data["EXTENDED_ARG"]] == "EXTENDED_ARG"
    assert data == dm.opcode_module_data(key)


def test_unknown_line() -> None:
    with pytest.raises(UnsupportedVersion):
        dm.dis_module_data("4.0")
