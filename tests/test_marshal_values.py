"""Native marshal streams of chosen values, at every marshal version, read back.

Each interpreter marshals the values of ``marshal_oracle.VALUE_EXPRESSIONS``
(NaN and -0.0, complex, big and negative ints, Python 2 ``str``/``unicode``/
``long``, interned strings, sets, frozensets, slices on 3.14+, frozendict on
3.15, code objects) with ``marshal.dumps(value, v)`` for every ``v`` it
supports; bytescope must read each stream to the same normalised tree.

The streams and trees are committed in ``tests/fixtures/<version>/
marshal.values.json`` (regenerate with ``PYTHONPATH=src python
tests/test_marshal_values.py``); with the interpreter installed, the test also
runs it live.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import interpreters  # noqa: E402
from test_marshal_differential import ORACLE, describe_ours, first_difference  # noqa: E402

from bytescope import versions  # noqa: E402
from bytescope.marshal import reader  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
VALUES = "marshal.values.json"


def _path(version: str) -> str:
    return os.path.join(FIXTURES, version, VALUES)


def native_records(python: str) -> list[dict[str, Any]]:
    """Return the ``--values`` records printed by ``python``'s own marshal."""
    out = subprocess.run([python, ORACLE, "--values"], capture_output=True, text=True,
                         check=True, timeout=300)
    return [json.loads(line) for line in out.stdout.splitlines()]


def check_records(version: str, records: list[dict[str, Any]]) -> None:
    info = versions.by_name(version)
    failures = []
    for record in records:
        data = bytes.fromhex(record["hex"])
        result = reader.read(data, info)
        ours, theirs = describe_ours(result.value), record["tree"]
        if info.is_py2 and record["version"] < 2 and "nan" in record["expr"]:
            # Known, deliberate difference: Python 2.7 reads the *text* float
            # "nan" as its Py_NAN (HUGE_VAL * 0, sign bit set on x86) and "-nan"
            # as +NaN; earlier 2.x read it through the C library.  No 2.7 pyc holds
            # text floats (2.7 writes marshal v2), so bytescope gives the IEEE
            # default NaN and keeps the text (TextFloat.text); compare NaN-ness only.
            ours, theirs = _unsigned_nans(ours), _unsigned_nans(theirs)
        diff = first_difference(ours, theirs)
        if diff or result.end != len(data):
            failures.append(f"{record['expr']} (marshal v{record['version']}): "
                            f"{diff or 'trailing bytes'}")
    assert not failures, "\n".join(failures)


def _unsigned_nans(tree: Any) -> Any:
    text = json.dumps(tree)
    return json.loads(text.replace('"000000000000f8ff"', '"000000000000f87f"'))


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_committed_native_values(version: str) -> None:
    with open(_path(version), encoding="utf-8") as fh:
        records = json.load(fh)
    assert len(records) > 60
    check_records(version, records)


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_live_native_values(version: str) -> None:
    check_records(version, native_records(interpreters.require(version)))


def test_values_cover_the_named_types() -> None:
    def kinds(version: str) -> set[str]:
        with open(_path(version), encoding="utf-8") as fh:
            text = fh.read()
        return {k for k in ("long", "frozendict", "slice", "frozenset", "set", "complex",
                            "code", "bytes", "str") if f'"{k}"' in text}

    assert {"long", "bytes", "str", "frozenset", "set", "complex", "code"} <= kinds("2.7")
    assert "slice" in kinds("3.14")
    assert {"slice", "frozendict"} <= kinds("3.15")


def regenerate() -> None:
    """Write the committed records from every installed interpreter."""
    for version in interpreters.VERSIONS:
        python = interpreters.find(version)
        if python is None or not os.path.isdir(os.path.dirname(_path(version))):
            print(f"{version}: skipped")
            continue
        records = native_records(python)
        with open(_path(version), "w", encoding="utf-8") as fh:
            json.dump(records, fh, sort_keys=True, indent=0)
            fh.write("\n")
        print(f"{version}: {len(records)} streams")


if __name__ == "__main__":
    regenerate()
