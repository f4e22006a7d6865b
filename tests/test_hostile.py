"""Hostile input: truncations, huge lengths, bad references, deep nesting, ref bombs.

Every case must end in a :class:`~bytescope.errors.BytescopeError` subclass,
quickly and with bounded memory -- never IndexError, struct.error,
RecursionError, MemoryError, a hang or a crash.
"""

from __future__ import annotations

import glob
import os
import struct
import sys
import time
import tracemalloc
from typing import Any, Callable

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import marshal_builder as mb  # noqa: E402

import bytescope  # noqa: E402
from bytescope import versions  # noqa: E402
from bytescope.errors import (  # noqa: E402
    BadMagic,
    BadMarshal,
    BytescopeError,
    LimitExceeded,
    TruncatedData,
)
from bytescope.marshal import reader  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")

#: Generous bounds: a hostile stream must fail within these.
MAX_SECONDS = 2.0
MAX_PEAK_BYTES = 16 * 1024 * 1024


def fixture_pycs() -> dict[str, list[str]]:
    """Return ``{version dir: [pyc paths, smallest first]}`` of the committed fixtures."""
    out: dict[str, list[str]] = {}
    for path in glob.glob(os.path.join(FIXTURES, "*", "*.py[co]")):
        out.setdefault(os.path.basename(os.path.dirname(path)), []).append(path)
    for paths in out.values():
        paths.sort(key=os.path.getsize)
    return out


def bounded(call: Callable[[], Any]) -> tuple[BaseException, float, int]:
    """Run ``call``; return (the exception it raised, seconds, peak traced bytes)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - the type is what we test
        raised: BaseException = exc
    else:
        raise AssertionError("hostile input was accepted")
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return raised, elapsed, peak


def assert_rejected(call: Callable[[], Any], kind: type = BytescopeError) -> BytescopeError:
    exc, seconds, peak = bounded(call)
    assert isinstance(exc, kind), f"{type(exc).__name__}: {exc}"
    assert isinstance(exc, BytescopeError)
    assert seconds < MAX_SECONDS, f"took {seconds:.2f}s"
    assert peak < MAX_PEAK_BYTES, f"peak memory {peak} bytes"
    return exc


# --- truncation at every byte ---------------------------------------------------------


def _truncation_cases() -> list[str]:
    # The two smallest fixtures of every version directory (a few KB at most).
    return [p for _, paths in sorted(fixture_pycs().items()) for p in paths[:2]]


@pytest.mark.parametrize("path", _truncation_cases(),
                         ids=lambda p: os.path.relpath(p, FIXTURES))
def test_truncation_at_every_byte(path: str) -> None:
    with open(path, "rb") as fh:
        data = fh.read()
    full = bytescope.loads(data)
    end = len(data) - full.trailing
    worst = 0.0
    for cut in range(end):
        start = time.perf_counter()
        try:
            bytescope.loads(data[:cut])
        except BytescopeError as exc:
            if cut >= full.version.header_size:
                assert exc.offset is not None and exc.offset <= cut, (cut, exc)
        except Exception as exc:  # pragma: no cover - the failure we look for
            raise AssertionError(f"cut at {cut}: {type(exc).__name__}: {exc}") from exc
        else:
            raise AssertionError(f"truncated at {cut} of {end} bytes but parsed")
        worst = max(worst, time.perf_counter() - start)
    assert worst < MAX_SECONDS


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(p for ps in fixture_pycs().values() for p in ps),
                         ids=lambda p: os.path.relpath(p, FIXTURES))
def test_truncation_at_every_byte_all_fixtures(path: str) -> None:
    test_truncation_at_every_byte(path)


def test_truncated_pyc_keeps_header_as_partial() -> None:
    path = fixture_pycs()["3.11"][0]
    with open(path, "rb") as fh:
        data = fh.read()
    exc = assert_rejected(lambda: bytescope.loads(data[:40]), TruncatedData)
    assert exc.partial is not None and exc.partial.header is not None
    assert exc.partial.version.key == "3.11"


# --- single hostile streams ---------------------------------------------------------------

V27 = versions.by_name("2.7")
V311 = versions.by_name("3.11")
V314 = versions.by_name("3.14")

HUGE = [
    ("string 2**31-1", V311, b"s" + struct.pack("<I", 0x7FFFFFFF) + b"abc"),
    ("string 2**32-1", V311, b"s" + struct.pack("<I", 0xFFFFFFFF) + b"abc"),
    ("unicode", V311, b"u" + struct.pack("<I", 0x7FFFFFF0)),
    ("ascii", V311, b"a" + struct.pack("<I", 0x40000000) + b"x"),
    ("interned py2", V27, b"t" + struct.pack("<I", 0x7FFFFFFF)),
    ("tuple", V311, b"(" + struct.pack("<I", 0xFFFFFFFF) + b"N" * 16),
    ("list", V311, b"[" + struct.pack("<I", 0x7FFFFFFF) + b"N"),
    ("set", V311, b"<" + struct.pack("<I", 0x10000000)),
    ("frozenset", V27, b">" + struct.pack("<I", 0x10000000)),
    ("long +", V311, b"l" + struct.pack("<i", 0x7FFFFFFF) + b"\x01\x00"),
    ("long -", V311, b"l" + struct.pack("<i", -0x7FFFFFFF) + b"\x01\x00"),
    ("long min", V311, b"l" + struct.pack("<i", -0x80000000) + b"\x01\x00"),
    ("small tuple", V311, b")\xff" + b"N" * 10),
    ("short ascii", V311, b"z\xff" + b"x" * 10),
    ("text float", V27, b"f\xff1.5"),
    ("code in tuple", V311, b"(" + struct.pack("<I", 1000) + b"c" + b"\x00" * 20),
]


@pytest.mark.parametrize("name,version,data", HUGE, ids=[h[0] for h in HUGE])
def test_huge_declared_lengths(name: str, version: Any, data: bytes) -> None:
    exc = assert_rejected(lambda: reader.read(data, version))
    assert exc.offset is not None and 0 <= exc.offset <= len(data)


def test_huge_length_inside_a_pyc_names_the_file_offset() -> None:
    body = mb.small_tup(mb.none(), b"s" + struct.pack("<I", 0x7FFFFFFF))
    data = mb.pyc(3495, body, 16)
    exc = assert_rejected(lambda: bytescope.loads(data))
    assert exc.offset is not None and exc.offset >= 16 + 3


BAD_REFS = [
    ("r to empty table", V311, mb.ref(0)),
    ("r past end", V311, mb.small_tup(mb.i32(1, ref=True), mb.ref(1))),
    ("r huge index", V311, mb.ref(0xFFFFFFFF)),
    ("R to empty table", V27, mb.stringref(0)),
    ("R past end", V27, mb.tup(mb.interned(b"a"), mb.stringref(7))),
    ("R after s", V27, mb.tup(mb.string(b"a"), mb.stringref(0))),
]


@pytest.mark.parametrize("name,version,data", BAD_REFS, ids=[b[0] for b in BAD_REFS])
def test_refs_to_unset_indexes(name: str, version: Any, data: bytes) -> None:
    assert_rejected(lambda: reader.read(data, version), BadMarshal)


SELF_REFS = [
    ("tuple holds itself", mb.tup(mb.ref(0), ref=True)),
    ("list holds itself", mb.lst(mb.ref(0), ref=True)),
    ("dict holds itself", mb.dct([(mb.short_ascii("k"), mb.ref(0))], ref=True)),
    ("set holds itself", mb.set_(mb.ref(0), ref=True)),
    ("deep cycle", mb.tup(mb.tup(mb.tup(mb.ref(0)), ref=True), ref=True)),
    ("code holds itself", mb.code("3.11", ref=True, code=mb.string(b""),
                                  consts=mb.small_tup(mb.ref(0)), names=mb.small_tup(),
                                  localsplusnames=mb.small_tup(), localspluskinds=mb.string(b""),
                                  filename=mb.short_ascii("f"), name=mb.short_ascii("n"),
                                  qualname=mb.short_ascii("n"), linetable=mb.string(b""),
                                  exceptiontable=mb.string(b""))),
]


@pytest.mark.parametrize("name,data", SELF_REFS, ids=[s[0] for s in SELF_REFS])
def test_self_referential_refs(name: str, data: bytes) -> None:
    assert_rejected(lambda: reader.read(data, V311), BadMarshal)


DEPTH = 100_000
DEEP = [
    ("small tuples", V311, b")\x01" * DEPTH + b"N"),
    ("tuples", V311, (b"(" + struct.pack("<I", 1)) * DEPTH + b"N"),
    ("lists", V27, (b"[" + struct.pack("<I", 1)) * DEPTH + b"N"),
    ("dicts", V311, b"{N" * DEPTH + b"N" + b"0" * DEPTH),
    ("frozensets", V27, (b">" + struct.pack("<I", 1)) * DEPTH + b"N"),
    ("slices", V314, b":" * DEPTH + b"NNN"),
    ("flagged tuples", V311, b"\xa9\x01" * DEPTH + b"N"),
    ("truncated nesting", V311, b")\x01" * DEPTH),
]


@pytest.mark.parametrize("name,version,data", DEEP, ids=[d[0] for d in DEEP])
def test_deep_nesting(name: str, version: Any, data: bytes) -> None:
    exc = assert_rejected(lambda: reader.read(data, version), LimitExceeded)
    assert exc.offset is not None and exc.offset < len(data)


def _nested_code(depth: int) -> bytes:
    body = mb.none()
    for level in range(depth):
        body = mb.code("3.11", code=mb.string(b"\x97\x00"), consts=mb.small_tup(body),
                       names=mb.small_tup(), localsplusnames=mb.small_tup(),
                       localspluskinds=mb.string(b""), filename=mb.short_ascii("f"),
                       name=mb.short_ascii(f"f{level}"), qualname=mb.short_ascii("q"),
                       linetable=mb.string(b""), exceptiontable=mb.string(b""))
    return body


def test_deeply_nested_code_objects() -> None:
    assert_rejected(lambda: reader.read(_nested_code(1100), V311), LimitExceeded)


def test_nested_code_within_the_limit_parses() -> None:
    # 900 nested code objects: within the depth limit, so they parse and can be
    # walked without recursion; hashing them inside a frozenset must give a
    # result or a BytescopeError, never RecursionError.
    data = _nested_code(900)
    code = reader.read(data, V311).value
    assert sum(1 for _ in code.iter_code()) == 900
    assert repr(code)
    try:
        value = reader.read(mb.frozenset_(data), V311).value
    except LimitExceeded:
        pass
    else:
        assert len(value) == 1


def _ref_bomb(levels: int) -> bytes:
    """Return a list of ``levels`` flagged tuples, each referring twice to the previous.

    Level 0 is ``(None, None)``; level k is ``(r[k-1], r[k-1])``: expanded,
    the last level stands for ``2**levels`` objects.
    """
    parts = [mb.tup(mb.none(), mb.none(), ref=True)]
    for k in range(1, levels):
        parts.append(mb.tup(mb.ref(k - 1), mb.ref(k - 1), ref=True))
    return mb.lst(*parts)


def test_ref_bomb() -> None:
    data = _ref_bomb(64)
    assert len(data) < 1024  # a 1 KB stream that expands to 2**64 objects
    assert_rejected(lambda: reader.read(data, V311), LimitExceeded)
    assert_rejected(lambda: bytescope.loads(mb.pyc(3495, data, 16)), LimitExceeded)


def test_small_ref_fanout_is_accepted() -> None:
    # Sharing is normal (interned names); modest expansion must still parse.
    data = _ref_bomb(8)
    value = reader.read(data, V311).value
    assert len(value) == 8 and value[7][0] is value[6]


def test_long_with_many_digits_is_linear() -> None:
    digits = 200_000
    data = b"l" + struct.pack("<i", digits) + b"\xff\x7f" * digits
    start = time.perf_counter()
    value = reader.read(data, V311).value
    assert time.perf_counter() - start < MAX_SECONDS
    assert value == (1 << (15 * digits)) - 1


@pytest.mark.parametrize("data", [
    b"", b"\x00", b"\x00\x00\r", b"\x0d\x0a\x0d\x0a" + b"\x00" * 12, b"PK\x03\x04",
    b"#!/usr/bin/env python\n", b"\xff\xff\xff\xff",
])
def test_not_a_pyc(data: bytes) -> None:
    assert_rejected(lambda: bytescope.loads(data), (BadMagic, BytescopeError))


@pytest.mark.parametrize("code", range(256))
def test_every_single_type_byte(code: int) -> None:
    # One type byte followed by a little data: a result or a BytescopeError.
    for version in (V27, V311, V314, versions.by_name("1.0"), versions.by_name("3.15")):
        data = bytes([code]) + b"\x01\x00\x00\x00N"
        try:
            reader.read(data, version)
        except BytescopeError:
            pass


@pytest.mark.parametrize("flags", [4, 0x80000000, 0xFFFFFFFF])
def test_unknown_pep552_flags(flags: int) -> None:
    from bytescope.errors import BadHeader

    data = mb.pyc(3495, mb.none(), 16)
    data = data[:4] + struct.pack("<I", flags) + data[8:]
    exc = assert_rejected(lambda: bytescope.loads(data), BadHeader)
    assert exc.offset == 4


@pytest.mark.parametrize("size", range(0, 16))
def test_header_shorter_than_its_version_needs(size: int) -> None:
    data = mb.pyc(3495, b"", 16)[:size]
    assert_rejected(lambda: bytescope.loads(data))


# --- parity with the native reader ----------------------------------------------------

_NATIVE_LOADS = (
    "import marshal, sys\n"
    "for line in sys.stdin:\n"
    "    data = bytearray.fromhex(line.strip())\n"
    "    try:\n"
    "        marshal.loads(bytes(data))\n"
    "        sys.stdout.write('ok\\n')\n"
    "    except Exception as exc:\n"
    "        sys.stdout.write('error %s\\n' % type(exc).__name__)\n"
)


def native_verdicts(python: str, streams: list[bytes]) -> list[str]:
    """Return 'ok' or 'error <Type>' per stream, from ``python``'s own marshal.loads."""
    import subprocess

    out = subprocess.run([python, "-c", _NATIVE_LOADS], input="\n".join(
        s.hex() for s in streams) + "\n", capture_output=True, text=True, timeout=300,
        check=True)
    return out.stdout.split("\n")[: len(streams)]


#: Streams both CPython and bytescope must refuse, per interpreter line.
PARITY = {
    "2.7": [raw for name, v, raw in HUGE if v is V27] + [raw for _, v, raw in BAD_REFS
                                                          if v is V27]
    + [mb.text_float("1_0"), mb.tup(b"0"), b"l\x01\x00\x00\x00\x00\x00",
       b"l\x01\x00\x00\x00\x00\x80"],
    "3.11": [raw for name, v, raw in HUGE if v is V311] + [raw for _, v, raw in BAD_REFS
                                                            if v is V311]
    + [b"u\x02\x00\x00\x00\xff\xfe", b"0", mb.tup(b"0"),
       b"l\x01\x00\x00\x00\x00\x00", mb.slice_(mb.none(), mb.none(), mb.none()),
       b")\x01" * 3000 + b"N"],
    "3.14": [mb.frozendict_([]), mb.dct([(mb.lst(), mb.none())])],
}


@pytest.mark.parametrize("line", sorted(PARITY))
def test_native_marshal_refuses_the_same_streams(line: str) -> None:
    import interpreters

    python = interpreters.require(line)
    streams = PARITY[line]
    verdicts = native_verdicts(python, streams)
    version = versions.by_name(line)
    for raw, verdict in zip(streams, verdicts):
        with pytest.raises(BytescopeError):
            reader.read(raw, version)
        assert verdict.startswith("error"), (raw[:40], verdict)


#: Streams CPython 3.11 accepts and bytescope refuses on purpose: a container
#: holding a reference to itself becomes a cycle in CPython; bytescope's model is
#: a tree (views, JSON, equality walk it), so such data is refused with an offset.
DELIBERATE = [mb.tup(mb.ref(0), ref=True), mb.lst(mb.ref(0), ref=True),
              mb.dct([(mb.short_ascii("k"), mb.ref(0))], ref=True)]


def test_deliberate_differences_from_native() -> None:
    import interpreters

    verdicts = native_verdicts(interpreters.require("3.11"), DELIBERATE)
    for raw, verdict in zip(DELIBERATE, verdicts):
        assert verdict == "ok", raw
        with pytest.raises(BadMarshal):
            reader.read(raw, V311)


# --- found by the fuzz campaign ---------------------------------------------------------


def _deep_pyc(tmp_path: Any, body: bytes, name: str = "deep.pyc") -> str:
    path = tmp_path / name
    path.write_bytes(mb.pyc(3495, body, 16))
    return str(path)


@pytest.mark.parametrize("args,body", [
    (["dump", "--json"], b")\x01" * 1500 + b"N"),  # 1500 levels: within the depth limit
    (["info", "--json"], _nested_code(600)),
    (["dis", "--json"], _nested_code(600)),
    (["dump", "--json"], _nested_code(600)),
], ids=["dump-tuples", "info-code", "dis-code", "dump-code"])
def test_json_output_of_deep_files(tmp_path: Any, capsys: Any, args: list[str],
                                   body: bytes) -> None:
    # json.dump recursed once per level: RecursionError (a traceback) on files
    # nested deeper than the host's recursion limit, yet within the reader's.
    from bytescope.cli import main

    assert main([*args, _deep_pyc(tmp_path, body)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("{") and out.rstrip().endswith("}")
    assert out.count("{") == out.count("}") and out.count("[") >= out.count("]") > 0


def test_iterative_json_text_is_json_dump_text() -> None:
    import json

    from bytescope.views.jsontext import iter_json

    docs = [None, "é\n\"", [], {}, [[], {}], (1, 2.5, float("nan"), -0.0, 10**30),
            {"a": [True, False, {"b": {"c": []}}], "d": "x"}, {1: "int key", 2.5: None}]
    for doc in docs:
        for indent in (1, 2):
            assert "".join(iter_json(doc, indent)) == json.dumps(doc, indent=indent)


def test_build_refuses_deep_or_binary_input_with_an_error(tmp_path: Any, capsys: Any) -> None:
    from bytescope.build import BuildError, build_json
    from bytescope.cli import main

    deep = '{"object": ' + '{"type": "(", "items": [' * 3000 + "]}" * 3000 + "}"
    with pytest.raises(BuildError, match="nested too deeply"):
        build_json(deep)
    (tmp_path / "deep.json").write_text(deep)
    (tmp_path / "binary.json").write_bytes(b"\xa9\x01" * 10)
    for name in ("deep.json", "binary.json"):
        assert main(["build", str(tmp_path / name), "-o", str(tmp_path / "out.pyc")]) == 1
        err = capsys.readouterr().err
        assert err.startswith("bytescope: error:") and err.count("\n") == 1, err


def test_info_of_a_deep_non_code_value(tmp_path: Any, capsys: Any) -> None:
    # The short repr of a value nested deeper than it shows used repr(), which
    # expands all of it (RecursionError on 1500 levels).
    from bytescope.cli import main
    from bytescope.views.values import short_repr

    assert main(["info", _deep_pyc(tmp_path, b")\x01" * 1500 + b"N")]) == 0
    assert "((((((...,),),),),),)" in capsys.readouterr().out
    deep: Any = None
    for _ in range(3000):
        deep = [deep]
    assert short_repr(slice(1, deep, None)) == "slice(1, [[[[[...]]]]], None)"


def _code_311(**fields: bytes) -> bytes:
    base = dict(code=mb.string(b"\x97\x00\x64\x00\x53\x00"), consts=mb.small_tup(mb.none()),
                names=mb.small_tup(), localsplusnames=mb.small_tup(),
                localspluskinds=mb.string(b""), filename=mb.short_ascii("f"),
                name=mb.short_ascii("n"), qualname=mb.short_ascii("n"),
                linetable=mb.string(b""), exceptiontable=mb.string(b""))
    base.update(fields)
    return mb.code("3.11", **base)


@pytest.mark.parametrize("fields", [
    dict(names=mb.small_tup(mb.short_ascii("x"), mb.dct([]))),
    dict(names=mb.small_tup(mb.string(b"x"))),
    dict(localsplusnames=mb.small_tup(mb.i32(7)), localspluskinds=mb.string(b"\x20")),
], ids=["dict-in-co_names", "bytes-in-co_names", "int-in-localsplusnames"])
def test_code_name_tuples_hold_only_strings(fields: dict[str, bytes]) -> None:
    # A name that is not a string reached dis, which concatenated it into text
    # (TypeError); CPython refuses such code ("non-string found in code slot").
    data = _code_311(**fields)
    exc = assert_rejected(lambda: reader.read(data, V311), BadMarshal)
    assert exc.offset == 0 and "a tuple of strings" in str(exc)
    assert_rejected(lambda: reader.read(data, V311, record=True), BadMarshal)


def test_code_name_tuples_in_python2_take_str_and_unicode() -> None:
    body = mb.code("2.3", code=mb.string(b"d\x00\x00S"), consts=mb.tup(mb.none()),
                   names=mb.tup(mb.interned(b"a"), mb.unicode("b")), varnames=mb.tup(),
                   freevars=mb.tup(), cellvars=mb.tup(), filename=mb.string(b"f"),
                   name=mb.string(b"n"), lnotab=mb.string(b""))
    assert reader.read(body, V27).value.co_names == (b"a", "b")
    bad = body.replace(mb.unicode("b"), mb.i32(1))
    assert_rejected(lambda: reader.read(bad, V27), BadMarshal)


def _py2_code(consts: bytes, names: bytes) -> bytes:
    return mb.code("2.3", code=mb.string(b"d\x00\x00S"), consts=consts, names=names,
                   varnames=names, freevars=names, cellvars=names, filename=mb.string(b"f"),
                   name=mb.string(b"n"), lnotab=mb.string(b""))


def test_python2_none_name_tuples_are_shown_as_empty(tmp_path: Any, capsys: Any) -> None:
    # Python 1.x/2.x name tuples may be None; the dis resolver and info
    # iterated them (TypeError: 'NoneType' object is not iterable).
    from bytescope.cli import main

    path = tmp_path / "none.pyc"
    path.write_bytes(mb.pyc(62211, _py2_code(mb.tup(mb.none()), mb.none()), 8))
    for args in (["dis"], ["dis", "--json"], ["dis", "--info"], ["info"], ["info", "--json"]):
        assert main([*args, str(path)]) == 0, args
    assert "LOAD_CONST" in capsys.readouterr().out
    assert main(["rewrite", str(path), "--rename-name", "a=b", "-o", str(tmp_path / "o")]) == 1
    assert "no name" in capsys.readouterr().err


def test_none_for_co_consts_is_refused() -> None:
    # co_consts None was let through with the name tuples; every view then
    # failed on it. No version's code object has anything but a tuple there.
    exc = assert_rejected(lambda: reader.read(_py2_code(mb.none(), mb.tup()), V27), BadMarshal)
    assert exc.offset == 0 and "co_consts" in str(exc)


@pytest.mark.parametrize("args", [["dump"], ["dump", "--json"], ["info"]])
def test_view_output_grows_linearly_with_nesting(tmp_path: Any, capsys: Any,
                                                 args: list[str]) -> None:
    # Indenting every line by its depth made the output quadratic in the
    # nesting: 4 KB of 2000 nested tuples gave 36 MB of 'dump --json' (all of
    # it held in memory by the text dump). Past a depth the indentation stops.
    from bytescope.cli import main

    def size(depth: int) -> int:
        body = _nested_code(depth // 4) if args == ["info"] else b")\x01" * depth + b"N"
        assert main([*args, _deep_pyc(tmp_path, body, f"d{depth}.pyc")]) == 0
        return len(capsys.readouterr().out)

    small, large = size(900), size(1800)
    assert large < 2.3 * small, (small, large)


@pytest.mark.parametrize("kind", ["frozenset", "dict"])
@pytest.mark.parametrize("record", [False, True])
def test_keys_sharing_one_hash_are_refused_not_built(kind: str, record: bool) -> None:
    """Unequal set items or dict keys with one hash make the host's set/dict building
    quadratic (a few hundred KB of pyc, minutes of CPU): refused before building, by the
    fast reader and by the checked one (``record``)."""
    mod = (1 << 61) - 1  # ints equal modulo 2**61-1 hash alike on 64-bit hosts
    keys = [mb.long(i * mod + 7) for i in range(1, 4001)]
    if kind == "frozenset":
        body = mb.frozenset_(*keys)
    else:
        body = mb.dct([(k, mb.none()) for k in keys])
    started = time.process_time()
    with pytest.raises(LimitExceeded, match="distinct hashes") as exc:
        reader.read(body, versions.by_name("3.12"), record=record)
    assert exc.value.offset == 0
    assert time.process_time() - started < 30  # generous: the point is it is not minutes
