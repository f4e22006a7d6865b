"""The same-version fast path: ``loads(data, trusted=True)`` through the host's C marshal.

The result must be the model the checked reader gives -- equal field by field
(nested code included), hashing alike, written back byte for byte, printed by
``dis`` identically -- for every pyc of the host's own version; anything else
(another version, damaged data, bytes after the object) takes the normal
reader, with its errors and offsets.
"""

from __future__ import annotations

import copy
import glob
import importlib.util
import io
import marshal
import os
import pickle
import struct
import sys
import types
from typing import Any

import pytest

import bytescope
from bytescope import versions
from bytescope.cli import main
from bytescope.code import Code
from bytescope.errors import BytescopeError
from bytescope.marshal import reader
from bytescope.marshal.host import HostCode, usable
from bytescope.marshal.writer import dumps
from bytescope.values import OrderedFrozenset
from bytescope.views.code_info import code_info_all
from bytescope.views.dis_json import dis_dict
from bytescope.views.dis_text import dis_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
HOST = versions.host()
MAGIC = importlib.util.MAGIC_NUMBER
STDLIB_SAMPLE = 200

pytestmark = pytest.mark.skipif(
    not usable(HOST), reason=f"the fast path needs CPython; this host is {sys.implementation.name}"
)


def _host_fixtures() -> list[str]:
    out = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*", "*.pyc"))):
        with open(path, "rb") as fh:
            head = fh.read(4)
        try:
            version = versions.by_magic(head)
        except BytescopeError:
            continue
        if usable(version):
            out.append(path)
    return out


def _foreign_fixtures() -> list[str]:
    out = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*", "*.pyc"))):
        with open(path, "rb") as fh:
            head = fh.read(4)
        try:
            version = versions.by_magic(head)
        except BytescopeError:
            continue
        if not usable(version):
            out.append(path)
    return out


@pytest.fixture(scope="module")
def stdlib_pycs(tmp_path_factory: Any) -> list[bytes]:
    """About 200 pycs of the host's stdlib with the host's magic (compiled if missing)."""
    lib = os.path.dirname(os.__file__)
    found = []
    for path in sorted(glob.glob(os.path.join(lib, "**", "*.pyc"), recursive=True)):
        if "site-packages" in path:
            continue
        with open(path, "rb") as fh:
            data = fh.read()
        if data[:4] == MAGIC:
            found.append(data)
    if len(found) < STDLIB_SAMPLE:
        import py_compile

        dest = tmp_path_factory.mktemp("stdlib")
        sources = sorted(glob.glob(os.path.join(lib, "*.py")))
        for i, src in enumerate(sources):
            cfile = os.path.join(dest, f"{i}.pyc")
            try:
                py_compile.compile(src, cfile=cfile, doraise=True)
            except (py_compile.PyCompileError, OSError):
                continue
            with open(cfile, "rb") as fh:
                found.append(fh.read())
    step = max(1, len(found) // STDLIB_SAMPLE)
    return found[::step][:STDLIB_SAMPLE]


def _check_same(data: bytes) -> tuple[bytescope.Pyc, bytescope.Pyc]:
    fast = bytescope.loads(data, trusted=True)
    slow = bytescope.loads(data)
    assert type(fast.code) is HostCode
    assert type(slow.code) is Code
    assert fast.code == slow.code and slow.code == fast.code
    assert not fast.code != slow.code
    assert hash(fast.code) == hash(slow.code)
    assert fast.trailing == slow.trailing
    assert fast.header == slow.header and fast.version is slow.version
    pairs = list(zip(fast.code.iter_code(), slow.code.iter_code()))
    assert len(pairs) == sum(1 for _ in slow.code.iter_code())
    for a, b in pairs:
        assert isinstance(a, Code)
        assert a == b and hash(a) == hash(b)
        assert a.fields() == b.fields()
        assert repr(a) == repr(b)
    return fast, slow


# --- equality over real pycs -------------------------------------------------


@pytest.mark.parametrize("path", _host_fixtures(), ids=os.path.basename)
def test_host_fixture_equal_written_back_and_disassembled_alike(path: str) -> None:
    with open(path, "rb") as fh:
        data = fh.read()
    fast, slow = _check_same(data)
    assert fast.to_bytes() == data
    options = {"show_caches": True} if HOST.has_localsplus else {}
    assert dis_text(fast.code, **options) == dis_text(slow.code, **options)
    assert dis_text(bytescope.loads(data, trusted=True).code) == dis_text(slow.code)
    assert code_info_all(bytescope.loads(data, trusted=True).code) == code_info_all(slow.code)
    assert dis_dict(bytescope.loads(data, trusted=True).code) == dis_dict(slow.code)


def test_host_fixtures_exist() -> None:
    if not _host_fixtures():
        pytest.skip(f"no fixture of the host's version {HOST.name}")


def test_stdlib_sample_equal(stdlib_pycs: list[bytes]) -> None:
    assert len(stdlib_pycs) >= 50
    for data in stdlib_pycs:
        _check_same(data)


def test_stdlib_sample_written_back_byte_identical(stdlib_pycs: list[bytes]) -> None:
    for data in stdlib_pycs[::5]:
        assert bytescope.loads(data, trusted=True).to_bytes() == data


def test_stdlib_sample_dis_text_identical(stdlib_pycs: list[bytes]) -> None:
    for data in stdlib_pycs[::20]:
        fast = bytescope.loads(data, trusted=True).code
        slow = bytescope.loads(data).code
        assert dis_text(fast) == dis_text(slow)


def test_writer_canonical_output_identical(stdlib_pycs: list[bytes]) -> None:
    for data in stdlib_pycs[::25]:
        fast = bytescope.loads(data, trusted=True).code
        slow = bytescope.loads(data).code
        assert dumps(fast, HOST) == dumps(slow, HOST)


# --- other inputs take the normal reader --------------------------------------


@pytest.mark.parametrize("path", _foreign_fixtures()[::7], ids=os.path.basename)
def test_foreign_version_uses_the_normal_reader(path: str) -> None:
    with open(path, "rb") as fh:
        data = fh.read()
    fast = bytescope.loads(data, trusted=True)
    slow = bytescope.loads(data)
    assert type(fast.code) is Code
    assert fast.code == slow.code and fast.trailing == slow.trailing


def _host_pyc(source: str, name: str = "m.py") -> bytes:
    code = compile(source, name, "exec")
    return MAGIC + b"\0" * 12 + marshal.dumps(code)


SAMPLE_SOURCE = """
import os
def f(a, b=2, *args, k=3, **kw):
    x = [i * a for i in range(b)]
    def g():
        return a + x[0]
    try:
        return g() + k
    except (ValueError, KeyError) as e:
        return e
class C:
    def m(self):
        return __class__
S = {"spam", "eggs", "ham", "bacon"}
def h(v):
    return v in {"spam", "eggs", "ham", "bacon"} or v in {1, 2, 3} or v in {"one"}
T = (1.5, -0.0, 2j, None, ..., b"raw", ("nested", (1, 2)))
"""


def test_truncated_host_pyc_raises_bytescope_error_with_offset() -> None:
    data = _host_pyc(SAMPLE_SOURCE)
    for cut in (len(data) - 1, len(data) - 7, len(data) // 2, 17):
        with pytest.raises(BytescopeError) as info:
            bytescope.loads(data[:cut], trusted=True)
        with pytest.raises(BytescopeError) as plain:
            bytescope.loads(data[:cut])
        assert type(info.value) is type(plain.value)
        assert info.value.offset is not None and info.value.offset == plain.value.offset
        assert info.value.partial is not None  # the Pyc with its header


def test_corrupted_host_pyc_raises_bytescope_error_not_valueerror() -> None:
    data = bytearray(_host_pyc(SAMPLE_SOURCE))
    # the first object of the code (co_code) gets an unknown type code
    at = 16 + 1 + 4 * (HOST.code_layout.index(("code", "o")))
    assert data[at] & 0x7F == ord("s")
    data[at] = ord("?")
    with pytest.raises(BytescopeError) as info:
        bytescope.loads(bytes(data), trusted=True)
    assert not isinstance(info.value, ValueError)
    assert info.value.offset == at


def test_trailing_bytes_take_the_normal_reader() -> None:
    data = _host_pyc(SAMPLE_SOURCE) + b"tail bytes"
    fast = bytescope.loads(data, trusted=True)
    slow = bytescope.loads(data)
    assert fast.trailing == slow.trailing == len(b"tail bytes")
    assert fast.code == slow.code
    assert fast.to_bytes() == data


def test_record_mode_ignores_trusted() -> None:
    data = _host_pyc(SAMPLE_SOURCE)
    result = reader.read(data, HOST, 16, record=True, trusted=True)
    assert result.spans and type(result.value) is Code


def test_raw_marshal_and_non_code_values() -> None:
    code = compile(SAMPLE_SOURCE, "m.py", "exec")
    raw = marshal.dumps(code)
    fast = bytescope.loads(raw, raw=True, trusted=True)
    assert type(fast.code) is HostCode
    assert fast.code == bytescope.loads(raw, raw=True).code
    assert reader.loads(raw, HOST, trusted=True) == reader.loads(raw, HOST)
    value = marshal.dumps((1, "two", frozenset({3, 4}), [5.0]))
    assert reader.loads(value, HOST, trusted=True) == reader.loads(value, HOST)
    assert reader.read(value, HOST, trusted=True).end == len(value)


def test_load_from_path_and_file_object(tmp_path: Any) -> None:
    data = _host_pyc(SAMPLE_SOURCE)
    path = tmp_path / "m.pyc"
    path.write_bytes(data)
    assert type(bytescope.load(str(path), trusted=True).code) is HostCode
    assert type(bytescope.load(io.BytesIO(data), trusted=True).code) is HostCode
    assert bytescope.load(str(path), trusted=True).code == bytescope.load(str(path)).code


# --- the HostCode model ----------------------------------------------------------


def test_hostcode_is_immutable_and_not_built_by_hand() -> None:
    code = bytescope.loads(_host_pyc(SAMPLE_SOURCE), trusted=True).code
    with pytest.raises(AttributeError):
        code.co_name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del code.co_name
    _ = code.co_name  # filled: still immutable
    with pytest.raises(AttributeError):
        code.co_consts = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        HostCode(HOST, co_name="x")


def test_fields_fill_lazily() -> None:
    code = bytescope.loads(_host_pyc(SAMPLE_SOURCE), trusted=True).code
    d = code.__dict__
    assert "co_code" not in d and "co_consts" not in d
    assert code.co_name == "<module>"
    assert "co_code" in d and "co_consts" not in d
    consts = code.co_consts
    nested = [c for c in consts if isinstance(c, Code)]
    assert nested and all(type(c) is HostCode for c in nested)
    assert all("co_code" not in c.__dict__ for c in nested)
    # dis needs neither the kinds nor (without frozensets) the checked reading
    simple = bytescope.loads(_host_pyc("def f(a):\n    return a + 1\n"), trusted=True).code
    dis_text(simple)
    assert simple.__dict__["_src"].shadow_root is None


def test_frozensets_keep_the_stream_order() -> None:
    data = _host_pyc(SAMPLE_SOURCE)
    fast = bytescope.loads(data, trusted=True).code
    slow = bytescope.loads(data).code

    def frozensets(code: Code) -> list[Any]:
        return [k for c in code.iter_code() for k in c.co_consts if isinstance(k, frozenset)]

    got, want = frozensets(fast), frozensets(slow)
    assert len(got) == len(want) >= 3
    for a, b in zip(got, want):
        assert type(a) is OrderedFrozenset and a.order == b.order
    assert dis_text(fast) == dis_text(slow)


def test_exact_localsplus_kinds_and_names() -> None:
    slow = bytescope.loads(_host_pyc(SAMPLE_SOURCE)).code
    # a file whose kinds carry a bit the compiler never sets: the host keeps it,
    # and so must the fast path (rebuilding kinds from the name tuples would not)
    if not HOST.has_localsplus:
        pytest.skip("no localsplus before 3.11")
    f = next(c for c in slow.iter_code() if c.co_name == "f")
    odd = f.replace(co_localspluskinds=bytes(k | 0x01 for k in f.co_localspluskinds))
    module = slow.replace(co_consts=tuple(odd if c is f else c for c in slow.co_consts))
    data = MAGIC + b"\0" * 12 + dumps(module, HOST)
    fast = bytescope.loads(data, trusted=True).code
    assert type(fast) is HostCode
    ff = next(c for c in fast.iter_code() if c.co_name == "f")
    assert ff.co_localspluskinds == odd.co_localspluskinds
    assert ff.co_localsplusnames == odd.co_localsplusnames
    assert fast == bytescope.loads(data).code


def test_replace_copy_pickle_and_to_host() -> None:
    data = _host_pyc(SAMPLE_SOURCE)
    fast = bytescope.loads(data, trusted=True).code
    slow = bytescope.loads(data).code
    edited = fast.replace(co_name="renamed")
    assert type(edited) is Code and edited == slow.replace(co_name="renamed")
    assert fast.replace() == slow
    assert copy.copy(fast) == slow and copy.deepcopy(fast) == slow
    assert pickle.loads(pickle.dumps(fast)) == slow
    host = fast.to_host()
    assert isinstance(host, types.CodeType) and host == marshal.loads(data[16:])
    assert {fast: 1}[slow] == 1 and len({fast, slow}) == 1
    assert fast.flag_names == slow.flag_names and fast.co_lnotab == slow.co_lnotab
    assert HostCode.co_consts == ()  # class access: the neutral value


def test_edit_of_a_trusted_load_writes_a_valid_pyc() -> None:
    data = _host_pyc(SAMPLE_SOURCE)
    pyc = bytescope.loads(data, trusted=True)
    pyc.code = pyc.code.replace(co_firstlineno=7)
    out = pyc.to_bytes()
    expected = bytescope.loads(data)
    expected.code = expected.code.replace(co_firstlineno=7)
    assert out == expected.to_bytes()
    assert bytescope.loads(out).code.co_firstlineno == 7


def test_shared_code_object_written_back_as_a_reference() -> None:
    code = compile("def f():\n    pass\n", "m.py", "exec")
    f = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    data = MAGIC + b"\0" * 12 + marshal.dumps(code.replace(co_consts=code.co_consts + (f,)))
    fast = bytescope.loads(data, trusted=True)
    slow = bytescope.loads(data)
    assert type(fast.code) is HostCode and fast.code == slow.code
    assert fast.to_bytes() == data
    # an edited root over the lazily filled children: the shared child stays a reference
    fast.code = fast.code.replace(co_firstlineno=5)
    slow.code = slow.code.replace(co_firstlineno=5)
    assert fast.to_bytes() == slow.to_bytes()
    assert dumps(fast.code, HOST) == dumps(slow.code, HOST)


def test_text_floats_written_back_byte_identical() -> None:
    # marshal's text float/complex ('f', 'x') in a host-version file: the host
    # gives plain numbers; the writer takes the text from the recording
    from bytescope.values import TextComplex, TextFloat

    slow = bytescope.loads(_host_pyc("x = 0.1\ny = 2j\n")).code

    def text(k: Any) -> Any:
        if isinstance(k, float):
            return TextFloat(b"0.1000")
        if isinstance(k, complex):
            return TextComplex(b"0", b"2.000")
        return k

    crafted = slow.replace(co_consts=tuple(text(k) for k in slow.co_consts))
    data = MAGIC + b"\0" * 12 + dumps(crafted, HOST)
    fast = bytescope.loads(data, trusted=True)
    assert type(fast.code) is HostCode and fast.code == bytescope.loads(data).code
    assert fast.to_bytes() == data


def test_written_back_once_read_once(stdlib_pycs: list[bytes]) -> None:
    data = _host_pyc(SAMPLE_SOURCE)
    pyc = bytescope.loads(data, trusted=True)
    assert pyc.to_bytes() == data
    # the recording made for the writer also served the fields only a checked read has
    assert pyc.code.__dict__["_src"].shadow_root is not None
    # a code object of another file, put into this Pyc, keeps its own reading
    other = bytescope.loads(stdlib_pycs[0], trusted=True)
    pyc.code = other.code
    pyc.to_bytes()
    expected = bytescope.loads(stdlib_pycs[0]).code
    assert other.code.__dict__["_src"].shadow_root == expected  # its own, not this file's
    assert other.code == expected


def test_end_check_reads_references_at_the_tail() -> None:
    # an empty exception table is written as a reference to the shared b"" (3.11+)
    data = _host_pyc("x = 1\n")
    fast = bytescope.loads(data, trusted=True)
    assert type(fast.code) is HostCode and fast.trailing == 0
    assert fast.code == bytescope.loads(data).code
    # a code object that ends with a literal exception table
    data = _host_pyc("try:\n    x = 1\nexcept Exception:\n    pass\n")
    assert type(bytescope.loads(data, trusted=True).code) is HostCode
    # the same bytes plus what looks like a reference: not the end, normal reader
    tail = b"r" + struct.pack("<i", 0)
    assert type(bytescope.loads(data + tail, trusted=True).code) is Code


# --- command line -------------------------------------------------------------------


def test_cli_dis_info_scan_trusted(tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "m.pyc"
    path.write_bytes(_host_pyc(SAMPLE_SOURCE))
    for command in (["dis"], ["dis", "--show-caches"], ["info"], ["info", "--json"]):
        assert main([*command, str(path)]) == 0
        plain = capsys.readouterr().out
        assert main([*command, "--trusted", str(path)]) == 0
        assert capsys.readouterr().out == plain
    assert main(["scan", "--json", "-j1", "--no-progress", str(tmp_path)]) == 0
    plain = capsys.readouterr().out
    assert main(["scan", "--json", "-j1", "--no-progress", "--trusted", str(tmp_path)]) == 0
    assert capsys.readouterr().out == plain
    assert '"ok": true' in plain


def test_bench_fast_path_table() -> None:
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    try:
        import run as bench_run
    finally:
        sys.path.pop(0)
    result = {"files": 3, "fast_path_files": 3, "mb_s": 90.0}
    results = {"per_version": {HOST.key: {"load": {
        "native": {"mb_s": 100.0, "files": 3},
        "bytescope": {"mb_s": 20.0, "files": 3},
        "bytescope-trusted": result,
    }}}}
    text = "\n".join(bench_run.fast_path_table(results))
    assert "Same-version fast path" in text
    assert f"| {HOST.key} | 3 | 3 | 100.0 | 90.0 | 1.11× | 4.5× |" in text
    assert bench_run.fast_path_worst(results) == pytest.approx(100 / 90)
    del results["per_version"][HOST.key]["load"]["bytescope-trusted"]
    assert bench_run.fast_path_table(results) == []
