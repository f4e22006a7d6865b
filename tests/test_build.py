"""``dump --json`` -> ``build``: byte-identical rebuilds, hand-edited JSON, headers."""

from __future__ import annotations

import copy
import glob
import importlib.util
import json
import marshal
import os
import py_compile
import sys

import pytest

import bytescope
from bytescope.build import BuildError, build_json, from_json
from bytescope.cli import main
from bytescope.edit import EditError
from bytescope.errors import BadHeader
from bytescope.pyc import make_header, pyc_bytes, with_header
from bytescope.versions import by_name, host
from bytescope.views.dump import dump_json

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYCS = sorted(glob.glob(os.path.join(HERE, "fixtures", "*", "*.py[co]"))
              + glob.glob(os.path.join(ROOT, "examples", "*.pyc")))


def _doc(data: bytes) -> dict:
    doc, error = dump_json(bytescope.loads(data))
    assert error is None
    return json.loads(json.dumps(doc))  # through JSON text, as the CLI does


@pytest.mark.parametrize("path", PYCS, ids=lambda p: os.path.relpath(p, ROOT))
def test_json_rebuilds_byte_identical(path: str) -> None:
    data = open(path, "rb").read()
    assert build_json(_doc(data)) == data


def test_cli_dump_json_then_build(tmp_path, capsys) -> None:
    src = os.path.join(ROOT, "examples", "fib.cpython-312.pyc")
    assert main(["dump", "--json", src]) == 0
    (tmp_path / "f.json").write_text(capsys.readouterr().out)
    out = tmp_path / "out.pyc"
    assert main(["build", str(tmp_path / "f.json"), "-o", str(out)]) == 0
    assert out.read_bytes() == open(src, "rb").read()


def _walk(node: dict):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.get("items", ()))


def _host_pyc(tmp_path, source: str) -> bytes:
    path = tmp_path / "m.py"
    path.write_text(source)
    cfile = tmp_path / "m.pyc"
    py_compile.compile(str(path), cfile=str(cfile), doraise=True)
    return cfile.read_bytes()


SOURCE = "def greet():\n    return 'hello'\nRESULT = greet() + '!'\n"


@pytest.mark.parametrize("new", ["HELLO", "h\u00e9llo \u20ac", "x" * 300, ""])
def test_hand_edited_string_builds_a_valid_pyc(tmp_path, new: str) -> None:
    data = _host_pyc(tmp_path, SOURCE)
    doc = _doc(data)
    nodes = [n for n in _walk(doc["object"]) if n.get("value") == "hello"]
    assert nodes
    for node in nodes:
        node["value"] = new  # the recorded short-ascii code may no longer fit: falls back
    out = build_json(doc)
    assert out[:16] == data[:16]
    ns: dict = {}
    exec(marshal.loads(out[16:]), ns)
    assert ns["RESULT"] == new + "!"
    assert bytescope.loads(out).to_bytes() == out


def test_hand_edited_int_and_code_field(tmp_path) -> None:
    data = _host_pyc(tmp_path, "def f(a):\n    return a + 5\nR = f(1)\n")
    doc = _doc(data)
    for node in _walk(doc["object"]):
        if node.get("type") == "i" and node.get("value") == 5:
            node["value"] = 2**40  # no longer a 32-bit int: written as a long
        if node.get("type") == "c" and node is not doc["object"]:
            node["fields"]["firstlineno"] = 42
    out = build_json(doc)
    ns: dict = {}
    exec(marshal.loads(out[16:]), ns)
    assert ns["R"] == 2**40 + 1
    assert ns["f"].__code__.co_firstlineno == 42


def test_from_json_gives_objects_and_tape() -> None:
    data = open(os.path.join(ROOT, "examples", "fib.cpython-27.pyc"), "rb").read()
    built = from_json(_doc(data))
    assert built.version.key == "2.7"
    assert built.header_bytes == data[:8]
    assert built.value == bytescope.loads(data).code
    assert {span.code for span in built.tape} >= {"c", "s", "t", "R", "("}


def test_raw_marshal_json(tmp_path) -> None:
    raw = marshal.dumps(compile(SOURCE, "m.py", "exec"))
    doc, _ = dump_json(bytescope.loads(raw, raw=True))
    doc = json.loads(json.dumps(doc))
    assert doc["header_bytes"] == ""
    assert build_json(doc) == raw


def _base_doc() -> dict:
    return _doc(open(os.path.join(ROOT, "examples", "fib.cpython-312.pyc"), "rb").read())


def _first(doc: dict, pred) -> dict:
    return next(n for n in _walk(doc["object"]) if pred(n))


def test_bad_reference_names_the_path() -> None:
    doc = _base_doc()
    _first(doc, lambda n: n["type"] == "r")["target"] = 99999
    with pytest.raises(BuildError, match=r"object\.items\[.*reference to index 99999"):
        build_json(doc)


@pytest.mark.parametrize("mutate,match", [
    (lambda d: _first(d, lambda n: n["type"] == "i").update(value="x"), "bad value"),
    (lambda d: _first(d, lambda n: n["type"] == "i").update(type="?"), "unknown type code"),
    (lambda d: _first(d, lambda n: n["type"] == "i").pop("value"), "needs a value"),
    (lambda d: d["object"]["fields"].pop("stacksize"), "fields.stacksize"),
    (lambda d: d["object"]["items"].pop(), "lacks its"),
    (lambda d: d.pop("object"), "no 'object'"),
    (lambda d: d.update(header_bytes="zz"), "not hex"),
])
def test_malformed_documents_are_build_errors(mutate, match: str) -> None:
    doc = _base_doc()
    mutate(doc)
    with pytest.raises(BuildError, match=match):
        build_json(doc)


def test_invalid_code_is_refused_unless_asked(tmp_path) -> None:
    doc = _base_doc()
    code_node = _first(doc, lambda n: n.get("label") == "co_code")
    code_node["value"] = "64ff" + code_node["value"][4:]  # LOAD_CONST 255
    with pytest.raises(EditError, match="co_consts"):
        build_json(copy.deepcopy(doc))
    assert build_json(doc, validate=False)[:16] == bytes.fromhex(doc["header_bytes"])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    assert main(["build", str(path), "-o", str(tmp_path / "o.pyc")]) == 1
    assert main(["build", str(path), "-o", str(tmp_path / "o.pyc"), "--no-validate"]) == 0


def test_build_cli_errors(tmp_path, capsys) -> None:
    (tmp_path / "x.json").write_text("{not json")
    assert main(["build", str(tmp_path / "x.json"), "-o", str(tmp_path / "o")]) == 1
    assert main(["build", str(tmp_path / "missing.json"), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "missing.json" in err


# --- headers -------------------------------------------------------------------------


@pytest.mark.parametrize("line,size", [("2.7", 8), ("3.2", 8), ("3.6", 12), ("3.12", 16)])
def test_timestamp_headers(line: str, size: int) -> None:
    v = by_name(line)
    head = make_header(v, mtime=1234, source=b"x" * 77).to_bytes()
    assert len(head) == size
    assert head[:4] == v.magic_bytes
    parsed = bytescope.pyc.parse_header(head, v)
    assert parsed.mtime == 1234
    assert parsed.source_size == (77 if size > 8 else None)


@pytest.mark.parametrize("mode,flags", [("checked-hash", 3), ("unchecked-hash", 1)])
def test_hash_headers_use_the_hosts_hash(mode: str, flags: int) -> None:
    v = host()
    source = b"print('hi')\n"
    head = make_header(v, mode=mode, source=source,
                       magic_word=importlib.util.MAGIC_NUMBER).to_bytes()
    assert head[4:8] == bytes((flags, 0, 0, 0))
    assert head[8:16] == importlib.util.source_hash(source)


def test_hash_header_errors() -> None:
    with pytest.raises(BadHeader, match="3.7"):
        make_header(by_name("3.6"), mode="checked-hash", source=b"")
    with pytest.raises(BadHeader, match="needs the source"):
        make_header(by_name("3.12"), mode="checked-hash")
    with pytest.raises(BadHeader, match="unknown invalidation mode"):
        make_header(by_name("3.12"), mode="sometimes")


def test_a_header_the_json_cannot_have_is_a_build_error() -> None:
    data = _host_pyc_bytes()
    doc = _doc(data)
    del doc["header_bytes"]
    doc["header"] = {"flags": 1, "source_hash": "00" * 7}  # 7 bytes: no hash
    with pytest.raises(BuildError, match="header: a source hash has 8 bytes"):
        build_json(doc)


def test_the_one_pyc_writer_takes_any_header() -> None:
    v = by_name("3.8")
    code = bytescope.Code(v, co_code=b"d\x00S\x00", co_consts=(None,), co_stacksize=1)
    stream = pyc_bytes(code, v, b"")
    assert pyc_bytes(code, v) == make_header(v).to_bytes() + stream
    head = make_header(v, mtime=7)
    assert pyc_bytes(code, v, head, trailing=b"tail") == head.to_bytes() + stream + b"tail"
    assert with_header(stream, v, head.to_bytes()) == with_header(stream, v, head)
    assert bytescope.loads(pyc_bytes(code, v)).code == code


def test_pyc_bytes_loads_with_host_import(tmp_path) -> None:
    source = SOURCE.encode()
    code = bytescope.Code.from_host(compile(source, "m.py", "exec"))
    v = host()
    head = make_header(v, mode="unchecked-hash", source=source)
    data = pyc_bytes(code, v, head)
    (tmp_path / "m.pyc").write_bytes(data)
    sys.path.insert(0, str(tmp_path))
    try:
        sys.modules.pop("m", None)
        import m  # noqa: PLC0415

        assert m.RESULT == "hello!"
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("m", None)


def test_trailing_bytes_survive_the_json_route() -> None:
    data = open(os.path.join(ROOT, "examples", "fib.cpython-38.pyc"), "rb").read() + b"JUNK"
    doc = _doc(data)
    assert doc["trailing_bytes"] == b"JUNK".hex()
    assert build_json(doc) == data
    assert "trailing_bytes" not in _doc(data[:-4])


def test_header_from_edited_fields() -> None:
    doc = _base_doc()
    del doc["header_bytes"]
    doc["header"]["mtime"] = 7
    out = build_json(doc)
    assert bytescope.loads(out).header.mtime == 7
    doc["header"] = {"flags": 3, "source_hash": "0102030405060708"}
    head = bytescope.loads(build_json(doc)).header
    assert head.check_source and head.source_hash == bytes(range(1, 9))
    doc["header"] = {"flags": 1}
    with pytest.raises(BuildError, match="header"):
        build_json(doc)


def _mutations(seed: int):
    import random

    rng = random.Random(seed)
    junk = [None, True, -1, 2**70, 1.5, "", "zz", "ff", "nan", [], [1, "x"], {}, {"text": 3}]
    for _ in range(300):
        doc = _base_doc()
        nodes = list(_walk(doc["object"]))
        for _ in range(rng.randint(1, 3)):
            node = rng.choice(nodes)
            key = rng.choice(["type", "value", "items", "fields", "ref_index", "target",
                              "label", "offset"])
            if rng.random() < 0.3:
                node.pop(key, None)
            else:
                node[key] = rng.choice(junk + ["r", "R", "c", "z", "0", "(", "{", ":", "g"])
        yield doc


def test_mutated_documents_build_or_raise_bytescope_errors() -> None:
    outcomes = {"built": 0, "refused": 0}
    for doc in _mutations(1234):
        try:
            build_json(doc)
            outcomes["built"] += 1
        except bytescope.BytescopeError:
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0 and outcomes["built"] > 0


def test_mutated_pycs_round_trip_exactly_or_raise() -> None:
    """Damaged-but-loadable pycs are written back byte for byte, directly and via JSON."""
    import random

    rng = random.Random(99)
    datas = [open(p, "rb").read() for p in PYCS[:: max(1, len(PYCS) // 12)]]
    loaded = 0
    for _ in range(250):
        data = bytearray(rng.choice(datas))
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            pyc = bytescope.loads(bytes(data))
        except bytescope.BytescopeError:
            continue
        loaded += 1
        if pyc.trailing:
            continue
        assert pyc.to_bytes() == data
        doc, error = dump_json(pyc)
        assert error is None
        assert build_json(json.loads(json.dumps(doc)), validate=False) == data
    assert loaded > 50


@pytest.mark.parametrize("sign", [1, -1])
def test_huge_ints_go_through_json_as_hex(sign: int) -> None:
    from bytescope.marshal.writer import dumps

    value = sign * 7**20000
    v = by_name("3.12")
    raw = dumps((value, 1), v)
    doc, _ = dump_json(bytescope.loads(raw, raw=True, python_version="3.12"))
    text = json.dumps(doc)  # would fail on 3.11+ if written in decimal
    assert build_json(json.loads(text)) == raw


def test_surrogates_survive_the_json_route() -> None:
    from bytescope.marshal.writer import dumps

    v = by_name("3.12")
    raw = dumps(("\ud800\udfff", "a\udcff", "\U000103ff", "plain"), v)
    doc, _ = dump_json(bytescope.loads(raw, raw=True, python_version="3.12"))
    assert build_json(json.loads(json.dumps(doc))) == raw
    plain = [n for n in _walk(doc["object"]) if n.get("value") == "plain"]
    assert plain  # ordinary strings stay plain JSON strings


def test_nan_payloads_survive_the_json_route() -> None:
    import struct

    from bytescope.marshal.writer import dumps

    odd = struct.unpack("<d", bytes.fromhex("0100000000f8ff7f"))[0]
    v = by_name("3.12")
    raw = dumps((odd, complex(1.0, odd), float("nan"), -float("nan"), -0.0), v)
    doc, _ = dump_json(bytescope.loads(raw, raw=True, python_version="3.12"))
    assert build_json(json.loads(json.dumps(doc))) == raw


def test_old_corpus_rebuilds_from_json() -> None:
    """Real 1.5 - 3.2 pycs (../shared/corpora): dump --json -> build gives the same bytes."""
    import interpreters

    base = interpreters.shared_dir("corpora", "uncompyle6")
    if base is None:
        pytest.skip("../shared/corpora/uncompyle6 is absent")
    files = sorted(p for p in glob.glob(os.path.join(base, "*", "*")) if os.path.isfile(p))
    done = 0
    for path in files:
        data = open(path, "rb").read()
        try:
            doc = _doc(data)
        except bytescope.UnsupportedVersion:
            continue
        assert build_json(doc) == data, path
        done += 1
    assert done > 20


def _forced_doc(data: bytes, line: str) -> dict:
    doc, error = dump_json(bytescope.loads(data, python_version=line))
    assert error is None and doc["version_key"] == line
    return json.loads(json.dumps(doc))


def test_forced_version_dump_rebuilds_private_magic() -> None:
    """dump --json --python-version of a private magic number builds back, identical."""
    data = _host_pyc_bytes()
    private = b"\xef\xbe\r\n" + data[4:]
    with pytest.raises(bytescope.UnsupportedVersion):
        bytescope.loads(private)
    assert build_json(_forced_doc(private, host().key)) == private


def test_forced_version_wins_over_a_known_magic() -> None:
    """PyPy 3.8 pycs can carry CPython 3.8's magic: built as the version they were read as."""
    import marshal_builder as mb

    # LOAD_NAME 0; LOOKUP_METHOD 1 (PyPy's 201); CALL_METHOD 0; RETURN_VALUE
    body = mb.code("3.8", code=mb.string(bytes([101, 0, 201, 1, 161, 0, 83, 0])),
                   consts=mb.tup(mb.none()), names=mb.tup(mb.short_ascii("l"),
                                                          mb.short_ascii("m")),
                   varnames=mb.tup(), freevars=mb.tup(), cellvars=mb.tup(),
                   filename=mb.short_ascii("f.py"), name=mb.short_ascii("<module>"),
                   lnotab=mb.string(b""))
    data = mb.pyc(3413, body, 16)
    with pytest.raises(EditError, match="opcode 201 does not exist in CPython 3.8"):
        build_json(_doc(data))  # as CPython 3.8, PyPy's opcode is invalid
    assert build_json(_forced_doc(data, "pypy3.8")) == data


def _host_pyc_bytes() -> bytes:
    code = compile("x = 1\n", "m.py", "exec")
    return with_header(marshal.dumps(code), host())
