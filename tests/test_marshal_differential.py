"""Differential test: bytescope's marshal reader against each interpreter's own.

For every installed interpreter (2.7, 3.6-3.15) a sample of its standard
library's pycs is parsed twice: by the native ``marshal.loads`` of that
interpreter (through ``tests/marshal_oracle.py``, run *under* it) and by
bytescope on the host.  Both are turned into the same normalised tree and
compared field by field, recursively.  The default run takes a deterministic
sample of 200 files per version; ``-m slow`` takes all of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Optional

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import interpreters  # noqa: E402
import marshal_oracle  # noqa: E402

import bytescope  # noqa: E402
from bytescope.code import Code  # noqa: E402
from bytescope.values import FrozenDict, Py2Long  # noqa: E402

ORACLE = os.path.join(os.path.dirname(__file__), "marshal_oracle.py")
SAMPLE = 200


# --- our side of the normal form --------------------------------------------


def _our_leaf(value: Any) -> Optional[list[Any]]:
    if isinstance(value, Py2Long):
        return ["long", format(int(value), "x")]
    return None


def _our_container(value: Any) -> Any:
    if isinstance(value, Code):
        names = list(marshal_oracle.CODE_FIELDS)
        children = [getattr(value, name) for name in names]
        return "code", children, lambda h: ["code", dict(zip(names, h))]
    if isinstance(value, FrozenDict):
        flat: list[Any] = []
        for k, v in value.items():
            flat += [k, v]

        def finish(h: list[Any]) -> list[Any]:
            pairs = [[h[i], h[i + 1]] for i in range(0, len(h), 2)]
            return ["frozendict", marshal_oracle._sorted_nodes(pairs)]

        return "frozendict", flat, finish
    return None


def describe_ours(obj: Any) -> Any:
    """Return the oracle's normal form of an object bytescope read."""
    return marshal_oracle.describe(obj, _our_leaf, _our_container)


def first_difference(ours: Any, theirs: Any, path: str = "") -> Optional[str]:
    """Return a description of the first place two normal forms differ, or None.

    Code-object fields the native side lacks (e.g. ``co_qualname`` before
    3.11) are not compared; fields the native side has must all be present.
    """
    stack = [(ours, theirs, path or "<root>")]
    while stack:
        a, b, where = stack.pop()
        if isinstance(b, list) and b and b[0] == "code":
            if not (isinstance(a, list) and a and a[0] == "code"):
                return f"{where}: ours {_short(a)} vs native code object"
            for name, node in sorted(b[1].items(), reverse=True):
                if name not in a[1]:
                    return f"{where}.{name}: missing on our side"
                stack.append((a[1][name], node, f"{where}.{name}"))
            continue
        if isinstance(a, list) and isinstance(b, list):
            tags_differ = a and isinstance(a[0], str) and a[0] != b[0]
            if len(a) != len(b) or tags_differ:
                return f"{where}: ours {_short(a)} vs native {_short(b)}"
            for i in range(len(a) - 1, -1, -1):
                stack.append((a[i], b[i], f"{where}[{i}]"))
            continue
        if a != b:
            return f"{where}: ours {_short(a)} vs native {_short(b)}"
    return None


def _short(node: Any) -> str:
    text = json.dumps(node)
    return text if len(text) < 200 else text[:200] + "..."


# --- the corpus --------------------------------------------------------------


def _native_magic(python: str) -> bytes:
    code = (
        "import sys\n"
        "try:\n    import importlib.util as u; m = u.MAGIC_NUMBER\n"
        "except (ImportError, AttributeError):\n    import imp; m = imp.get_magic()\n"
        "sys.stdout.write(''.join('%02x' % c for c in bytearray(m)))\n"
    )
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60,
                         check=True)
    return bytes.fromhex(out.stdout.strip())


def _stdlib_dir(python: str) -> str:
    code = "import os, sys; sys.stdout.write(os.path.dirname(os.__file__))"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60,
                         check=True)
    return out.stdout.strip()


def stdlib_pycs(version: str, python: str, tmp_root: str) -> list[str]:
    """Return every pyc of ``python``'s standard library with its own magic.

    When the installation has fewer than :data:`SAMPLE` of them, the stdlib is
    compiled with that interpreter into ``tmp_root`` first.
    """
    magic = _native_magic(python)
    lib = _stdlib_dir(python)
    found = _pycs_with_magic(lib, magic)
    if len(found) < SAMPLE:
        dest = os.path.join(tmp_root, version)
        if not os.path.isdir(dest):
            subprocess.run(
                [python, "-c",
                 "import compileall, sys, shutil\n"
                 "shutil.copytree(sys.argv[1], sys.argv[2], symlinks=True,\n"
                 "  ignore=shutil.ignore_patterns('site-packages', 'dist-packages', '*.pyc'))\n"
                 "compileall.compile_dir(sys.argv[2], quiet=2)",
                 lib, dest],
                capture_output=True, timeout=900,
            )
        found = _pycs_with_magic(dest, magic)
    return found


def _pycs_with_magic(root: str, magic: bytes) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages"))
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as fh:
                    if fh.read(4) == magic:
                        out.append(path)
    return out


def sample(paths: list[str], k: int) -> list[str]:
    """Return ``k`` paths spread evenly over the sorted list (deterministic)."""
    if len(paths) <= k:
        return list(paths)
    step = len(paths) / k
    return [paths[int(i * step)] for i in range(k)]


def run_oracle(python: str, paths: list[str], tmp_path: Any) -> dict[str, Any]:
    """Return ``{path: tree or error text}`` from the native marshal of ``python``."""
    listing = tmp_path / "pycs.txt"
    listing.write_text("\n".join(paths) + "\n")
    out = tmp_path / "oracle.jsonl"
    with open(out, "wb") as fh:
        subprocess.run([python, ORACLE, "@" + str(listing)], stdout=fh, check=True,
                       timeout=1800)
    result = {}
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            result[record["path"]] = record.get("tree", record.get("error"))
    return result


def compare_corpus(version: str, paths: list[str], python: str, tmp_path: Any) -> None:
    """Parse ``paths`` both ways and fail with every mismatch found."""
    native = run_oracle(python, paths, tmp_path)
    failures = []
    for path in paths:
        theirs = native.get(path)
        if isinstance(theirs, str):  # the native marshal refused it: we must too
            try:
                bytescope.load(path)
            except bytescope.BytescopeError:
                continue
            failures.append(f"{path}: native marshal failed ({theirs}) but we parsed it")
            continue
        try:
            pyc = bytescope.load(path)
        except bytescope.BytescopeError as exc:
            failures.append(f"{path}: {exc}")
            continue
        assert pyc.version.key == version, path
        diff = first_difference(describe_ours(pyc.code), theirs)
        if diff:
            failures.append(f"{path}: {diff}")
    print(f"differential {version}: {len(paths)} pycs compared, {len(failures)} mismatches")
    assert not failures, f"{len(failures)} of {len(paths)} differ:\n" + "\n".join(failures[:20])


@pytest.fixture(scope="session")
def compiled_root(tmp_path_factory: Any) -> str:
    return str(tmp_path_factory.mktemp("stdlib-pycs"))


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_stdlib_sample_matches_native_marshal(
    version: str, compiled_root: str, tmp_path: Any
) -> None:
    python = interpreters.require(version)
    paths = stdlib_pycs(version, python, compiled_root)
    assert len(paths) >= SAMPLE, f"only {len(paths)} stdlib pycs for {version}"
    compare_corpus(version, sample(paths, SAMPLE), python, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_whole_stdlib_matches_native_marshal(
    version: str, compiled_root: str, tmp_path: Any
) -> None:
    python = interpreters.require(version)
    paths = stdlib_pycs(version, python, compiled_root)
    compare_corpus(version, paths, python, tmp_path)


# --- the comparison itself must be able to fail -------------------------------


def test_first_difference_reports_changes() -> None:
    base = ["code", {"co_consts": ["tuple", [["float", "00" * 8], ["None"]]],
                     "co_name": ["str", "61"]}]
    same = json.loads(json.dumps(base))
    assert first_difference(same, base) is None
    neg_zero = json.loads(json.dumps(base))
    neg_zero[1]["co_consts"][1][0][1] = "0000000000000080"
    assert "co_consts[1][0]" in first_difference(neg_zero, base)
    missing = ["code", {"co_name": ["str", "61"]}]
    assert "missing" in first_difference(missing, base)


def test_describe_ours_distinguishes_py2_types() -> None:
    assert describe_ours(b"a") == ["bytes", "61"]
    assert describe_ours("a") == ["str", "61"]
    assert describe_ours(Py2Long(5)) == ["long", "5"]
    assert describe_ours(5) == ["int", "5"]
    assert describe_ours(True) == ["bool", 1]
    assert describe_ours(-0.0) != describe_ours(0.0)
    assert describe_ours(frozenset({1, 2})) == describe_ours(frozenset({2, 1}))
    assert describe_ours(slice(1, None, 2)) == ["slice", ["int", "1"], ["None"], ["int", "2"]]
