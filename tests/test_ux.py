"""What a new user trips over (issue 16): labels, forced versions, exit codes, errors, help.

Every test here runs the command line (``main``, in process) or the library the
way the README tells a user to, on the bundled examples, the committed
fixtures and small hand-built pycs.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import os
import re
import struct
import sys
import zipfile

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import marshal_builder as mb  # noqa: E402
from test_build import _walk as _nodes  # noqa: E402  (every node of a dump --json tree)

import bytescope  # noqa: E402
from bytescope import versions  # noqa: E402
from bytescope.build import build_json  # noqa: E402
from bytescope.cli import main  # noqa: E402
from bytescope.errors import UnsupportedVersion  # noqa: E402
from bytescope.versions.lines import LINES  # noqa: E402
from bytescope.versions.magics import MAGICS  # noqa: E402
from bytescope.views.dump import dump_json  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(__file__))
EXAMPLES = os.path.join(ROOT, "examples")
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def example(name: str) -> str:
    return os.path.join(EXAMPLES, name)


def fixture(version: str, name: str = "basics.pyc") -> str:
    return os.path.join(FIXTURES, version, name)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def py11(tmp_path) -> str:
    """A Python 1.1/1.2 pyc: magic 39171 (bytes 03 99 99 00), the five-field code object."""
    body = mb.code("1.0", code=mb.string(b"d\x00\x00S"), consts=mb.tup(mb.none()),
                   names=mb.tup(), filename=mb.string(b"old.py"), name=mb.string(b"<module>"))
    path = tmp_path / "old.pyc"
    path.write_bytes(mb.pyc(39171, body, 8, suffix=b"\x99\x00"))
    return str(path)


@pytest.fixture
def private_magic(tmp_path) -> str:
    """A 3.11 pyc whose magic was replaced by a packer's own: 42 42 0d 0a (16962)."""
    data = open(fixture("3.11"), "rb").read()
    path = tmp_path / "game.pyc"
    path.write_bytes(b"\x42\x42\r\n" + data[4:])
    return str(path)


# --- 1. a magic is said with the releases that wrote it ------------------------------


@pytest.mark.parametrize("magic,suffix,releases", [
    (62211, b"\r\n", "2.7a0 … 2.7.18"),
    (62131, b"\r\n", "2.5c2 … 2.5.6"),
    (60717, b"\r\n", "2.2a0 … 2.2.3"),
    (20121, b"\r\n", "1.5a1 … 1.5.2"),
    (39171, b"\x99\x00", "1.1 … 1.2"),
    (3310, b"\r\n", "3.4rc2 … 3.4.10"),
    (3350, b"\r\n", "3.5b3 … 3.5.1"),  # 3.5.2 changed the magic within the line
    (3351, b"\r\n", "3.5.2 … 3.5.10"),
    (3379, b"\r\n", "3.6rc1 … 3.6.15"),
    (3394, b"\r\n", "3.7b5 … 3.7.17"),
    (3412, b"\r\n", "3.8b2, replaced by 3413 in 3.8b4"),
    (3425, b"\r\n", "3.9a2 … 3.9.25"),
    (3531, b"\r\n", "3.12b1 … 3.12.x"),
    (3627, b"\r\n", "3.14rc3 … 3.14.x"),
])
def test_magic_says_the_releases_that_wrote_it(magic: int, suffix: bytes,
                                               releases: str) -> None:
    info = versions.by_magic(struct.pack("<H", magic) + suffix)
    assert info.releases == releases
    assert info.magic_text == f"magic {magic}: {releases}"


def test_release_pycs_read_as_release_ranges_in_every_view(capsys, tmp_path) -> None:
    status, out, _ = run(capsys, "info", example("fib.cpython-27.pyc"))
    assert status == 0
    assert "version:      CPython 2.7 (magic 62211: 2.7a0 … 2.7.18)" in out.splitlines()
    status, out, _ = run(capsys, "info", "--json", example("fib.cpython-27.pyc"))
    version = json.loads(out)["version"]
    assert (version["first_release"], version["last_release"], version["releases"]) == (
        "2.7a0", "2.7.18", "2.7a0 … 2.7.18")
    assert "magic_label" not in version
    status, out, _ = run(capsys, "dump", example("fib.cpython-27.pyc"))
    assert "magic 62211  (CPython 2.7: 2.7a0 … 2.7.18; bytes 03 f3 0d 0a)" in out
    status, out, _ = run(capsys, "scan", "--json", "-j1", example("fib.cpython-38.pyc"))
    record = json.loads(out)
    assert (record["first_release"], record["releases"]) == (
        "3.8b4", "3.8b4 … 3.8.20; also some PyPy3.8 builds")


def test_every_version_keyed_release_table_covers_every_line() -> None:
    from bytescope.versions.releases import (
        ALSO_WRITTEN_BY,
        LAST_RELEASES,
        LINE_ALIASES,
        release_key,
    )

    assert set(LAST_RELEASES) == set(LINES)
    assert all(target in LINES and alias not in LINES for alias, target in LINE_ALIASES.items())
    listed = {m for m, _, _ in MAGICS}
    assert set(ALSO_WRITTEN_BY) <= listed
    for line, last in LAST_RELEASES.items():
        if line.startswith("pypy"):
            assert last is None
            continue
        assert last is not None and (last == f"{line}.x" or release_key(last)), line
        newest = max((m for m, key, _ in MAGICS if key == line))
        assert versions.by_magic(versions.magic_bytes(newest, line)).last_release == last


def test_release_keys_order_pre_releases_before_finals() -> None:
    from bytescope.versions.releases import release_key

    order = ["2.7a0", "2.7a1", "2.7b1", "2.7c1", "2.7", "2.7.1", "2.7.18"]
    assert [release_key(n) for n in order] == sorted(release_key(n) for n in order)
    assert release_key("3.14rc3") == release_key("3.14c3")
    assert release_key("3000") is None and release_key("PyPy3.9 7.3.8") is None


# --- 2. releases that share a magic; every release the table knows -------------------


def test_shared_magic_is_said_and_every_release_is_accepted(capsys, py11) -> None:
    status, out, _ = run(capsys, "info", py11)
    assert status == 0
    assert "version:      CPython 1.1 or 1.2 (magic 39171: 1.1 … 1.2)" in out
    status, out, err = run(capsys, "info", "--python-version", "1.2", py11)
    assert status == 0, err
    assert "CPython 1.1 or 1.2" in out
    assert versions.by_name("1.2").key == versions.by_name("1.1.1").key == "1.1"
    assert "1.2" in versions.known_names()


def test_python_version_takes_each_release_of_the_table() -> None:
    from bytescope.versions.releases import LAST_RELEASES, release_key

    for magic, line, label in MAGICS:
        if line.startswith("pypy") or release_key(label) is None:
            continue
        try:
            info = versions.by_name(label)
        except UnsupportedVersion as exc:  # early 3.11 alphas: refused, and said why
            assert line == "3.11" and str(magic)[:2] == "34" and "3.11" in str(exc)
            continue
        assert info.key == line and info.magic_label == label, label
    for line, last in LAST_RELEASES.items():
        if last and not last.endswith(".x"):
            assert versions.by_name(last).magic == versions.by_name(line).magic
    assert versions.by_name("3.5.1").magic == 3350
    assert versions.by_name("3.5.2").magic == 3351
    assert versions.by_name("3.8b3").magic == 3412
    with pytest.raises(UnsupportedVersion, match="1.2"):
        versions.by_name("4.0")


# --- 3. a forced version never hides the file's own magic ----------------------------


def test_forced_version_shows_the_files_own_magic(capsys, private_magic) -> None:
    status, out, _ = run(capsys, "info", "--python-version", "3.11", private_magic)
    assert status == 0
    lines = out.splitlines()
    assert lines[1] == "version:      CPython 3.11 (forced, read as magic 3495: 3.11b4 … 3.11.x)"
    assert lines[2] == "file magic:   16962 (bytes 42 42 0d 0a; not a known magic)"
    status, out, _ = run(capsys, "info", "--json", "--python-version", "3.11", private_magic)
    doc = json.loads(out)
    assert doc["version"]["forced"] is True and doc["version"]["magic"] == 3495
    assert doc["file_magic"] == {"number": 16962, "bytes": "42420d0a", "version": None,
                                 "releases": None}
    status, out, _ = run(capsys, "dump", "--python-version", "3.11", private_magic)
    assert ("magic 16962  (not a known magic; bytes 42 42 0d 0a; read as CPython 3.11, "
            "forced)") in out
    status, out, _ = run(capsys, "scan", "--json", "-j1", "--python-version", "3.11",
                         private_magic)
    record = json.loads(out)
    assert (record["magic"], record["forced"], record["version"]) == (16962, True, "3.11")


def test_forced_version_over_another_versions_magic(capsys) -> None:
    # PyPy 3.8 pycs that carry CPython 3.8's magic: read as PyPy, magic still said.
    status, out, _ = run(capsys, "info", "--python-version", "pypy3.8",
                         example("fib.cpython-38.pyc"))
    assert status == 0
    assert out.splitlines()[2] == ("file magic:   3413 (bytes 55 0d 0d 0a; CPython 3.8: "
                                   "3.8b4 … 3.8.20; also some PyPy3.8 builds)")
    doc = json.loads(run(capsys, "info", "--json", "--python-version", "pypy3.8",
                         example("fib.cpython-38.pyc"))[1])
    assert doc["version"]["implementation"] == "PyPy" and doc["version"]["forced"]
    assert (doc["file_magic"]["number"], doc["file_magic"]["version"]) == (3413, "CPython 3.8")


def test_forced_dump_without_header_bytes_builds_the_same_file(private_magic) -> None:
    pyc = bytescope.load(private_magic, python_version="3.11")
    doc, error = dump_json(pyc)
    assert error is None
    del doc["header_bytes"]  # rebuilt from the header fields and the file's magic
    assert build_json(json.loads(json.dumps(doc))) == pyc.data


# --- 4. scan: a path given that cannot be read exits 2 -------------------------------


def test_scan_exit_status_for_paths_given(capsys, tmp_path) -> None:
    png = tmp_path / "pic.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    notzip = tmp_path / "notzip.zip"
    notzip.write_bytes(b"this is not a zip file\n")
    for path, needle in ((str(tmp_path / "nowhere"), "no such file"),
                         (str(png), "not a pyc file"), (str(notzip), "cannot open archive")):
        status, out, err = run(capsys, "scan", "--no-progress", "-j1", path)
        assert status == 2, path
        assert err.startswith(f"bytescope: error: {path}: ") and needle in err
        assert "0 pyc(s) read, 0 failed" in out
        status, out, err = run(capsys, "scan", "--json", "-j1", path)
        assert status == 2 and json.loads(out)["path_error"] is True


def test_scan_failures_inside_trees_matter_only_with_strict(capsys, tmp_path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    good = open(example("fib.cpython-38.pyc"), "rb").read()
    (tree / "good.pyc").write_bytes(good)
    (tree / "cut.pyc").write_bytes(good[:60])
    (tree / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with zipfile.ZipFile(tree / "bad.zip", "w") as zf:
        zf.writestr("m.pyc", good[:40])
    (tree / "broken.whl").write_bytes(b"PK\x03\x04 not a zip")
    status, out, err = run(capsys, "scan", "--no-progress", "-j1", str(tree))
    assert status == 0 and err == ""
    assert "3 failed" in out  # cut.pyc, bad.zip!m.pyc, broken.whl
    assert run(capsys, "scan", "--no-progress", "--strict", "-j1", str(tree))[0] == 1
    damaged = str(tree / "cut.pyc")  # a pyc named on the command line that fails: counted
    assert run(capsys, "scan", "--no-progress", "-j1", damaged)[0] == 0
    assert run(capsys, "scan", "--no-progress", "--strict", "-j1", damaged)[0] == 1


# --- 5. errors name their file; JSON carries them --------------------------------------


def test_errors_name_their_file_and_json_keeps_failed_files(capsys, tmp_path) -> None:
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    good = example("fib.cpython-312.pyc")
    status, out, err = run(capsys, "info", str(png), good)
    assert status == 1
    assert err.startswith(f"bytescope: error: {png}: not a pyc file")
    assert "file:         " + good in out
    status, out, err = run(capsys, "info", "--json", str(png), good)
    docs = json.loads(out)
    assert [d["file"] for d in docs] == [str(png), good]
    assert docs[0]["error"]["type"] == "BadMagic" and docs[0]["error"]["offset"] == 0
    assert "error" not in docs[1]
    status, out, err = run(capsys, "info", "--json", str(png))
    assert status == 1 and json.loads(out)["error"]["type"] == "BadMagic"
    for command in ("dump", "dis"):
        status, out, err = run(capsys, command, str(png))
        assert status == 1 and err.startswith(f"bytescope: error: {png}: "), command
    status, out, err = run(capsys, "dump", "--json", str(png))
    assert json.loads(out) == {"file": str(png), "error": json.loads(out)["error"]}


def test_json_help_states_the_shape(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["info", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "one document per file" not in text
    assert "one object for one FILE, an array of them" in text and '"error"' in text


def test_options_may_follow_positionals(capsys) -> None:
    a, b = example("fib.cpython-27.pyc"), example("fib.cpython-38.pyc")
    status, out, _ = run(capsys, "info", a, "--json", b)
    assert status == 0 and [d["file"] for d in json.loads(out)] == [a, b]


# --- 6. attach: listing and names (without a process; tests/test_live_cli.py runs one) ---


def _funcs() -> list:
    from bytescope.live.target import FunctionInfo

    rows = [("__main__", "Worker.run"), ("__main__", "main"), ("threading", "Thread.run"),
            ("threading", "Thread.start"), ("collections", "namedtuple"),
            ("collections.abc", "Set._hash"), ("_frozen_importlib", "_find_and_load"),
            (None, "<module>")]
    return [FunctionInfo(0x1000 + i, 0x2000 + i, m, q) for i, (m, q) in enumerate(rows)]


def test_attach_list_selects_a_module_or_a_prefix() -> None:
    from bytescope.live.target import select_functions

    def names(pattern):
        return [f.full_name for f in select_functions(_funcs(), pattern)]

    assert names("__main__") == ["__main__:Worker.run", "__main__:main"]
    assert names("collections") == ["collections:namedtuple", "collections.abc:Set._hash"]
    assert names("Thread.") == ["threading:Thread.run", "threading:Thread.start"]
    assert names("__main__:W") == ["__main__:Worker.run"]
    assert "_frozen_importlib:_find_and_load" not in names(None)
    assert len(names(None)) == len(_funcs()) - 1
    assert names("_frozen_importlib") == ["_frozen_importlib:_find_and_load"]


def test_attach_suggests_methods_for_an_unqualified_name() -> None:
    from bytescope.live.target import suggest

    assert suggest(_funcs(), "run") == "__main__:Worker.run or threading:Thread.run"
    assert suggest(_funcs(), "threading:run") == "threading:Thread.run"
    assert suggest(_funcs(), "nothing_like_it") == ""


# --- 7. smaller things ------------------------------------------------------------------


def test_dump_says_when_a_flagged_object_has_no_index(capsys, tmp_path) -> None:
    cut = tmp_path / "cut.pyc"
    cut.write_bytes(open(example("fib.cpython-312.pyc"), "rb").read()[:60])
    status, out, err = run(capsys, "dump", str(cut))
    assert status == 1 and "#None" not in out
    assert "co_code: 's' string [FLAG_REF, no index]" in out
    assert err.startswith(f"bytescope: error: {cut}: marshal data is truncated")


def test_dump_has_a_column_header_and_hex_columns(capsys) -> None:
    status, out, _ = run(capsys, "dump", example("fib.cpython-27.pyc"))
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["offset", "size", "object"] and "hex" in lines[0]
    assert lines[1].startswith("00000000  00000004  magic 62211")
    root = lines[3]  # the code object: 1281 (0x501) bytes at offset 8
    assert root.startswith("00000008  00000501  'c' code")
    status, out, _ = run(capsys, "dump", "--hex", example("fib.cpython-27.pyc"))
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["offset", "size", "bytes", "object"]
    assert lines[1].startswith("00000000  00000004  03 f3 0d 0a")
    column = lines[0].index("object")
    assert all(ln[column - 1] == " " for ln in lines[1:5])


def _host_pyc(source: str, filename: str) -> bytes:
    code = compile(source, filename, "exec")
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


def test_build_picks_the_type_code_cpython_would_for_edited_text() -> None:
    # Rename identifiers, a string and the file name to non-ASCII text in the JSON
    # of an ASCII module; CPython's own marshal of the renamed source says which
    # type code each string must then have ('t' interned, 'u' not; never 'z'/'Z').
    source = ("def fib(n):\n    return n\nclass Counter:\n    def step(self):\n"
              "        return 'fib text'\nX = 'fib'\n")
    renamed = {"fib": "f\u00efb", "Counter": "C\u00f6unter", "fib text": "f\u00efb text",
               "m.py": "m\u00e9.py", "Counter.step": "C\u00f6unter.step"}
    doc, _ = dump_json(bytescope.loads(_host_pyc(source, "m.py")))
    doc = json.loads(json.dumps(doc))
    for node in _nodes(doc["object"]):
        if node.get("value") in renamed:
            node["value"] = renamed[node["value"]]
    built = bytescope.loads(build_json(doc))
    for old in ("fib text", "Counter", "fib"):
        source = source.replace(old, renamed[old])
    native = bytescope.loads(_host_pyc(source, renamed["m.py"]))

    def codes(pyc: bytescope.Pyc) -> dict:
        out: dict = {}
        for span in pyc.spans():
            if isinstance(span.value, str) and not span.value.isascii() and span.code != "r":
                out.setdefault((span.label, span.value), span.code)
        return out

    mine, cpython = codes(built), codes(native)
    assert mine and set(mine.values()) <= {"t", "u"}
    assert {k: cpython.get(k) for k in mine} == mine
    assert built.code.co_consts[0].co_name == "f\u00efb"


def test_latin1_bytes_under_an_ascii_type_still_round_trip() -> None:
    # CPython reads any byte under 'z'/'a' (as Latin-1) though it never writes one:
    # an unedited dump rebuilds those bytes as they were.
    body = mb.tup(mb.short_ascii("caf\u00e9", ref=True), mb.ascii_("\u00e9t\u00e9" * 100))
    data = mb.pyc(3531, body, 16)
    pyc = bytescope.loads(data)
    assert pyc.to_bytes() == data
    doc, _ = dump_json(pyc)
    text = json.dumps(doc)
    assert "latin1_hex" in text
    assert build_json(text) == data


def test_code_names_as_text_on_python2(capsys) -> None:
    pyc = bytescope.load(example("fib.cpython-27.pyc"))
    code = pyc.code
    assert code.co_name == b"<module>"  # stored as the pyc holds it
    assert (code.name, code.qualname, code.filename) == ("<module>", "<module>", "fib.py")
    assert [c.qualname for c in code.iter_code()][:3] == ["<module>", "fib", "Counter"]
    assert pyc.to_bytes() == open(example("fib.cpython-27.pyc"), "rb").read()
    step = [c for c in bytescope.load(example("fib.cpython-314.pyc")).code.iter_code()
            if c.name == "step"][0]
    assert (step.name, step.qualname) == ("step", "Counter.step")
    assert bytescope.Code(versions.by_name("2.7"), co_name=b"\xe9").name == "\u00e9"


@pytest.mark.parametrize("path,present,absent", [
    (example("fib.cpython-27.pyc"), ["args: 1  locals: 1"], ["pos-only", "kw-only"]),
    (fixture("3.6"), ["(kw-only 0)"], ["pos-only"]),
    (example("fib.cpython-38.pyc"), ["(pos-only 0, kw-only 0)"], []),
])
def test_info_shows_only_the_fields_a_version_has(capsys, path, present, absent) -> None:
    out = run(capsys, "info", path)[1]
    for needle in present:
        assert needle in out
    for needle in absent:
        assert needle not in out


def test_info_of_python11_invents_no_fields(capsys, py11) -> None:
    out = run(capsys, "info", py11)[1]
    assert "<module>  (old.py)" in out
    assert "args:" not in out and "flags:" not in out and "line table" not in out
    doc = json.loads(run(capsys, "info", "--json", py11)[1])["code"]
    assert doc["argcount"] is doc["firstlineno"] is doc["posonlyargcount"] is None
    doc27 = json.loads(run(capsys, "info", "--json", example("fib.cpython-27.pyc"))[1])
    assert doc27["code"]["posonlyargcount"] is None and doc27["code"]["argcount"] == 0


def test_bare_command_says_a_command_is_needed(capsys) -> None:
    status, out, err = run(capsys)
    assert status == 2
    assert "a COMMAND is needed" in err and "info, dis, dump" in err


def test_dis_takes_several_files_like_head(capsys, tmp_path) -> None:
    a, b = example("fib.cpython-27.pyc"), example("fib.cpython-38.pyc")
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(8))
    one = run(capsys, "dis", b)[1]
    status, out, err = run(capsys, "dis", a, str(png), b)
    assert status == 1 and err.startswith(f"bytescope: error: {png}: ")
    assert out.startswith(f"==> {a} <==\n")
    assert f"\n\n==> {png} <==\n\n==> {b} <==\n" in out
    assert out.endswith(one)
    docs = json.loads(run(capsys, "dis", "--json", a, b)[1])
    assert [d["file"] for d in docs] == [a, b]
    assert "file" not in json.loads(run(capsys, "dis", "--json", a)[1])


# --- 8. the README tells the truth ----------------------------------------------------


def _readme() -> str:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        return fh.read()


def test_readme_console_examples_match_the_bundled_files(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    block = re.search(r"```console\n(.*?)```", _readme(), re.S).group(1)
    commands = re.split(r"^\$ ", block, flags=re.M)[1:]
    assert len(commands) >= 2
    for chunk in commands:
        first, *shown = chunk.rstrip("\n").split("\n")
        argv = first.split("#")[0].split()
        assert argv[0] == "bytescope"
        actual = run(capsys, *argv[1:])[1].splitlines()
        shown = [ln for ln in shown if ln != "..."]
        assert shown and shown == actual[: len(shown)], first


def test_readme_library_example_runs_and_prints_text_names(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    block = re.search(r"```python\n(.*?)```", _readme(), re.S).group(1)
    runnable = "\n".join(ln for ln in block.splitlines()
                         if "attach(" not in ln and "target." not in ln)
    exec(compile(runnable.replace("cpython-38", "cpython-27"), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "<module> 1" in out and "b'" not in out
