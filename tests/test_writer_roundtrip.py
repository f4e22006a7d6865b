"""Marshal writer: byte-identical round trips and canonical output the host accepts."""

from __future__ import annotations

import glob
import marshal
import os
import subprocess
import sys

import interpreters
import pytest

import bytescope
from bytescope.marshal import reader, writer
from bytescope.versions import by_name, host

HERE = os.path.dirname(__file__)
ROOT = os.path.dirname(HERE)


def _committed_pycs() -> list[str]:
    files = glob.glob(os.path.join(HERE, "fixtures", "**", "*.pyc"), recursive=True)
    files += glob.glob(os.path.join(ROOT, "examples", "*.pyc"))
    return sorted(files)


@pytest.mark.parametrize("path", _committed_pycs(), ids=lambda p: os.path.relpath(p, ROOT))
def test_committed_pycs_round_trip(path: str) -> None:
    data = open(path, "rb").read()
    try:
        pyc = bytescope.load(data)
    except bytescope.UnsupportedVersion as exc:
        pytest.skip(f"fixture of an unsupported pre-release: {exc}")
    assert pyc.to_bytes() == data


def test_there_are_committed_pycs_for_every_oracle_version() -> None:
    seen = {bytescope.load(p).version.key for p in _committed_pycs()}
    assert {"2.7", "3.8", "3.12", "3.14"} <= seen


def _corpus_files() -> list[str]:
    base = interpreters.shared_dir("corpora", "uncompyle6")
    if base is None:
        return []
    return sorted(p for p in glob.glob(os.path.join(base, "*", "*")) if os.path.isfile(p))


def test_old_corpus_round_trips() -> None:
    files = _corpus_files()
    if not files:
        pytest.skip("../shared/corpora/uncompyle6 is absent")
    for path in files:
        data = open(path, "rb").read()
        assert bytescope.load(data).to_bytes() == data, path


def _stdlib_pycs(version: str, limit: int) -> list[str]:
    python = interpreters.require(version)
    out = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
        capture_output=True, text=True, timeout=60,
    )
    root = out.stdout.strip()
    files = sorted(glob.glob(os.path.join(root, "**", "*.pyc"), recursive=True))
    if not files:
        pytest.skip(f"Python {version} has no compiled stdlib under {root}")
    step = max(1, len(files) // limit) if limit else 1
    return files[::step][: limit or None]


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_stdlib_sample_round_trips(version: str) -> None:
    for path in _stdlib_pycs(version, 40):
        data = open(path, "rb").read()
        assert bytescope.load(data).to_bytes() == data, path


@pytest.mark.slow
@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_whole_stdlib_round_trips(version: str) -> None:
    files = _stdlib_pycs(version, 0)
    for path in files:
        data = open(path, "rb").read()
        assert bytescope.load(data).to_bytes() == data, path
    print(f"{version}: {len(files)} pycs round-tripped byte for byte")


def _host_code_samples() -> list:
    source = open(os.path.join(ROOT, "examples", "fib.py")).read()
    extra = (
        "x = (1, -1, 2**70, -(2**70), 1.5, -0.0, float('nan'), 3j, b'\\xff', 'caf\\xe9',"
        " '\\ud800', frozenset({1, 2}), None, ..., True)\n"
        "def f(a, /, b, *c, d, **e):\n    global x\n    return lambda: (a, b, x)\n"
    )
    return [compile(source, "fib.py", "exec"), compile(extra, "extra.py", "exec")]


@pytest.mark.parametrize("index", [0, 1])
def test_canonical_write_is_accepted_by_host_marshal(index: int) -> None:
    code = _host_code_samples()[index]
    version = host()
    model = reader.loads(marshal.dumps(code), version)
    data = writer.dumps(model, version)  # no recording: canonical choices
    assert reader.loads(data, version) == model
    assert marshal.loads(data) == code


def test_canonical_write_matches_native_for_host_version() -> None:
    # Without a recording the writer must still produce what the host's marshal accepts,
    # and reading it back gives the same model, for every nested code object.
    code = _host_code_samples()[0]
    model = bytescope.Code.from_host(code)
    again = bytescope.Code.from_host(marshal.loads(writer.dumps(model, host())))
    assert again == model


def test_edited_tree_falls_back_to_canonical_choices() -> None:
    code = compile("print('hello')\nprint('hello')\n", "<edit>", "exec")
    version = host()
    pyc_bytes = marshal.dumps(code)
    rec = reader.read(pyc_bytes, version, record=True)
    model = rec.value
    edited = model.replace(co_consts=tuple("bye" if c == "hello" else c for c in model.co_consts))
    out = writer.dumps(edited, version, spans=rec.spans)
    back = marshal.loads(out)
    assert "bye" in back.co_consts and "hello" not in back.co_consts


@pytest.mark.parametrize("name,obj", [
    ("slice-before-3.14", slice(1, 2, 3)),
])
def test_writer_refuses_types_the_format_lacks(name: str, obj: object) -> None:
    with pytest.raises(writer.WriteError):
        writer.dumps(obj, by_name("3.12"))


def test_python2_strings_and_longs_round_trip_canonically() -> None:
    from bytescope.values import Py2Long

    v = by_name("2.7")
    value = (b"abc", "unicode \u20ac", Py2Long(5), 2**40, -(2**80), 1.5, b"name", b"name")
    data = writer.dumps(value, v)
    assert reader.loads(data, v) == value
    assert isinstance(reader.loads(data, v)[2], Py2Long)


def test_to_host_builds_a_real_code_object() -> None:
    code = _host_code_samples()[0]
    model = bytescope.Code.from_host(code)
    assert model.to_host() == code
    assert sys.version_info[:2] == host().version
