"""Hand-built marshal streams for versions no interpreter here can write.

Every code-object layout (1.0, 1.3, 1.5, 2.1, 2.3, 3.0, 3.8, 3.10, 3.11) gets
a whole pyc built by ``tests/marshal_builder.py`` from the field order in the
sources, and every type code of every marshal version is read back.
"""

from __future__ import annotations

import math
import os
import struct
import sys
from typing import Any

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import marshal_builder as mb  # noqa: E402

import bytescope  # noqa: E402
from bytescope import versions  # noqa: E402
from bytescope.errors import BadMarshal, BytescopeError  # noqa: E402
from bytescope.marshal import reader  # noqa: E402
from bytescope.values import (  # noqa: E402
    FrozenDict,
    OrderedFrozenset,
    OrderedSet,
    Py2Long,
    TextComplex,
    TextFloat,
)

# (layout, magic, magic suffix, header size, line, py2 strings?)
PYCS = [
    ("1.0", 39170, b"\x99\x00", 8, "1.0", True),
    ("1.0", 39171, b"\x99\x00", 8, "1.1", True),
    ("1.3", 11913, b"\r\n", 8, "1.3", True),
    ("1.3", 5892, b"\r\n", 8, "1.4", True),
    ("1.5", 20121, b"\r\n", 8, "1.5", True),
    ("1.5", 50428, b"\r\n", 8, "1.6", True),
    ("1.5", 50823, b"\r\n", 8, "2.0", True),
    ("2.1", 60202, b"\r\n", 8, "2.1", True),
    ("2.1", 60717, b"\r\n", 8, "2.2", True),
    ("2.3", 62011, b"\r\n", 8, "2.3", True),
    ("2.3", 62061, b"\r\n", 8, "2.4", True),
    ("2.3", 62131, b"\r\n", 8, "2.5", True),
    ("2.3", 62161, b"\r\n", 8, "2.6", True),
    ("2.3", 62211, b"\r\n", 8, "2.7", True),
    ("2.3", 62218, b"\r\n", 8, "pypy2.7", True),
    ("3.0", 3131, b"\r\n", 8, "3.0", False),
    ("3.0", 3151, b"\r\n", 8, "3.1", False),
    ("3.0", 3180, b"\r\n", 8, "3.2", False),
    ("3.0", 3200, b"\r\n", 8, "3.3", False),  # 3.3a1 before the source-size field
    ("3.0", 3230, b"\r\n", 12, "3.3", False),
    ("3.0", 3310, b"\r\n", 12, "3.4", False),
    ("3.0", 3351, b"\r\n", 12, "3.5", False),
    ("3.0", 3379, b"\r\n", 12, "3.6", False),
    ("3.0", 3391, b"\r\n", 12, "3.7", False),  # 3.7a2: before PEP 552
    ("3.0", 3394, b"\r\n", 16, "3.7", False),
    ("3.0", 3401, b"\r\n", 16, "3.8", False),  # 3.8a1 before positional-only args
    ("3.8", 3413, b"\r\n", 16, "3.8", False),
    ("3.8", 3425, b"\r\n", 16, "3.9", False),
    ("3.10", 3439, b"\r\n", 16, "3.10", False),
    ("3.11", 3495, b"\r\n", 16, "3.11", False),
    ("3.11", 3531, b"\r\n", 16, "3.12", False),
    ("3.11", 3571, b"\r\n", 16, "3.13", False),
    ("3.11", 3627, b"\r\n", 16, "3.14", False),
    ("3.11", 3666, b"\r\n", 16, "3.15", False),
    ("3.0", 3187, b"\r\n", 8, "pypy3.2", False),
    ("3.0", 48, b"\r\n", 8, "pypy3.2", False),  # PyPy3 2.4: no source-size word
    ("3.0", 64, b"\r\n", 12, "pypy3.3", False),
    ("3.0", 192, b"\r\n", 12, "pypy3.6", False),
    ("3.0", 240, b"\r\n", 16, "pypy3.7", False),
    ("3.8", 336, b"\r\n", 16, "pypy3.9", False),
    ("3.8", 384, b"\r\n", 16, "pypy3.10", False),
    ("pypy3.11", 416, b"\r\n", 16, "pypy3.11", False),
]


def _name(text: str, py2: bool) -> bytes:
    return mb.string(text.encode()) if py2 else mb.unicode(text)


def _names(py2: bool, *texts: str, seq: Any = mb.tup) -> bytes:
    return seq(*(_name(t, py2) for t in texts))


def _inner_code(layout: str, py2: bool, seq: Any = mb.tup) -> bytes:
    return _code(layout, py2, "inner", consts=seq(mb.none()), argcount=2, line=7, seq=seq)


def _code(layout: str, py2: bool, name: str, consts: bytes, argcount: int = 0,
          line: int = 1, seq: Any = mb.tup) -> bytes:
    """``seq`` builds co_consts/co_names: ``mb.lst`` for Python 1.0, which has lists."""
    fields = dict(
        code=mb.string(b"d\x00\x00S"),
        consts=consts,
        names=_names(py2, "os", "path", seq=seq),
        varnames=_names(py2, "a", "b"),
        freevars=mb.tup(),
        cellvars=mb.tup(),
        filename=_name("mod.py", py2),
        name=_name(name, py2),
        qualname=_name("Q." + name, py2),
        lnotab=mb.string(b"\x00\x01"),
        linetable=mb.string(b"\x80\x00"),
        exceptiontable=mb.string(b""),
        localsplusnames=_names(py2, "a", "b", "c"),
        localspluskinds=mb.string(bytes([0x22, 0x22, 0x40])),
        argcount=argcount,
        nlocals=2,
        stacksize=3,
        flags=0x43,
        firstlineno=line,
    )
    return mb.code(layout, **fields)


@pytest.mark.parametrize("layout,magic,suffix,header,line,py2", PYCS,
                         ids=[f"{p[4]}-{p[1]}" for p in PYCS])
def test_handbuilt_pyc_per_layout(layout: str, magic: int, suffix: bytes, header: int,
                                  line: str, py2: bool) -> None:
    seq = mb.lst if line == "1.0" else mb.tup
    body = _code(layout, py2, "<module>", consts=seq(_inner_code(layout, py2, seq), mb.none()),
                 seq=seq)
    data = mb.pyc(magic, body, header, suffix=suffix)
    pyc = bytescope.loads(data)
    assert pyc.version.key == line
    assert pyc.version.header_size == header
    assert pyc.version.magic == magic
    assert pyc.header.mtime == 0x5F000000
    assert pyc.trailing == 0
    top = pyc.code
    text = (lambda s: s.encode()) if py2 else (lambda s: s)
    assert top.co_name == text("<module>")
    assert top.co_filename == text("mod.py")
    assert top.co_code == b"d\x00\x00S"
    assert tuple(top.co_names) == (text("os"), text("path"))
    assert type(top.co_names) is type(top.co_consts) is (list if line == "1.0" else tuple)
    assert pyc.to_bytes() == data
    inner = top.co_consts[0]
    assert isinstance(inner, bytescope.Code)
    assert top.co_consts[1] is None
    assert inner.co_name == text("inner")
    assert [c.co_name for c in top.iter_code()] == [text("<module>"), text("inner")]
    has = {name for name, _ in mb.LAYOUTS[layout][1]}
    assert inner.co_argcount == (2 if "argcount" in has else 0)
    assert inner.co_flags == (0x43 if "flags" in has else 0)
    assert inner.co_stacksize == (3 if "stacksize" in has else 0)
    assert inner.co_firstlineno == (7 if "firstlineno" in has else 0)
    if "varnames" in has:
        assert inner.co_varnames == (text("a"), text("b"))
        assert inner.co_nlocals == 2
    if "lnotab" in has:
        assert inner.co_lnotab == b"\x00\x01"
    if "linetable" in has:
        assert inner.co_linetable == b"\x80\x00"
    if "localsplusnames" in has:
        assert inner.co_localsplusnames == ("a", "b", "c")
        assert inner.co_varnames == ("a", "b")
        assert inner.co_cellvars == ("c",)
        assert inner.co_nlocals == 2
        assert inner.co_qualname == "Q.inner"
        assert inner.co_exceptiontable == b""
    if "qualname" in has:
        assert inner.co_qualname == "Q.inner"
    else:
        assert inner.co_qualname is None
    if "freevars" in has:
        assert inner.co_freevars == () and inner.co_cellvars == ()


def test_layout_table_matches_sources() -> None:
    """Each line's code layout in the versions table is the field order of marshal.c."""
    for _layout, magic, suffix, _header, _line, _py2 in PYCS:
        info = versions.by_magic(struct.pack("<H", magic) + suffix)
        type_char, spec = mb.LAYOUTS[_layout]
        assert [name for name, _ in info.code_layout] == [
            "lnotab" if n == "lnotab" else n for n, _ in spec
        ], info.key
        assert [kind for _, kind in info.code_layout] == [k for _, k in spec], info.key


def _code_1_0(seq: Any) -> bytes:
    return mb.code("1.0", code=mb.string(b"d\x00\x00S"), consts=seq(mb.i32(7), mb.none()),
                   names=seq(mb.string(b"x")), filename=mb.string(b"f.py"),
                   name=mb.string(b"?"))


def test_1_0_consts_and_names_are_lists() -> None:
    """Python 1.0 writes co_consts/co_names as lists (its newcodeobject() wants lists)."""
    data = mb.pyc(39170, _code_1_0(mb.lst), 8, suffix=b"\x99\x00")
    pyc = bytescope.loads(data)
    assert pyc.code.co_consts == [7, None] and pyc.code.co_names == [b"x"]
    assert pyc.to_bytes() == data
    from bytescope.views.dis_text import dis_text

    assert "LOAD_CONST               0 (7)" in dis_text(pyc.code)


def test_1_0_tuples_are_refused_with_offset() -> None:
    with pytest.raises(BadMarshal, match="co_consts is tuple") as exc:
        bytescope.loads(mb.pyc(39170, _code_1_0(mb.tup), 8, suffix=b"\x99\x00"))
    assert exc.value.offset == 8 and "a list" in str(exc.value)


def test_pypy3_2_byte_string_identifiers() -> None:
    """PyPy3 2.4 (magic 48) writes names, filename and code name as 's' byte strings."""
    body = mb.code("3.0", code=mb.string(b"d\x00\x00Z\x00\x00d\x01\x00S"),
                   consts=mb.tup(mb.unicode("caf\u00e9"), mb.none()),
                   names=mb.tup(mb.string(b"x")), varnames=mb.tup(), freevars=mb.tup(),
                   cellvars=mb.tup(), filename=mb.string(b"m.py"),
                   name=mb.string(b"<module>"), lnotab=mb.string(b""))
    data = mb.pyc(48, body, 8)
    pyc = bytescope.loads(data)
    assert pyc.version.key == "pypy3.2" and pyc.version.byte_names
    assert pyc.code.co_names == (b"x",) and pyc.code.co_consts[0] == "caf\u00e9"
    assert pyc.to_bytes() == data
    from bytescope.views.dis_text import dis_text

    assert "STORE_NAME               0 (x)" in dis_text(pyc.code)
    # CPython 3.2 itself has str identifiers only
    with pytest.raises(BadMarshal, match="co_filename is bytes"):
        bytescope.loads(mb.pyc(3180, body, 8))


def test_1_0_code_type_c_lowercase_is_rejected() -> None:
    body = mb.code("1.3", code=mb.string(b""), consts=mb.tup(), names=mb.tup(),
                   varnames=mb.tup(), filename=mb.string(b"f"), name=mb.string(b"n"))
    with pytest.raises(BadMarshal):
        bytescope.loads(mb.pyc(39170, body, 8, suffix=b"\x99\x00"))


# --- every type code of every marshal version -------------------------------------


def _read(line: str, data: bytes):  # noqa: ANN202
    return reader.read(data, versions.by_name(line)).value


V0_ITEMS = [
    (mb.none(), None),
    (mb.i32(-5), -5),
    (mb.i64(2**40), 2**40),
    (mb.long(-(2**70) - 3), Py2Long(-(2**70) - 3)),
    (mb.long(0), Py2Long(0)),
    (mb.text_float("-0.0"), -0.0),
    (mb.text_float("1e300"), 1e300),
    (mb.text_complex("1.5", "-2"), complex(1.5, -2)),
    (mb.string(b"\xff\x00bytes"), b"\xff\x00bytes"),
    (mb.unicode("\u20ac\ud800"), "\u20ac\ud800"),
    (mb.ellipsis(), Ellipsis),
    (mb.true(), True),
    (mb.false(), False),
    (mb.stopiter(), StopIteration),
    (mb.lst(mb.i32(1)), [1]),
    (mb.dct([(mb.string(b"k"), mb.i32(2))]), {b"k": 2}),
]


@pytest.mark.parametrize("line", ["1.5", "2.3"])
def test_marshal_v0_types(line: str) -> None:
    value = _read(line, mb.tup(*(raw for raw, _ in V0_ITEMS)))
    assert isinstance(value, tuple) and len(value) == len(V0_ITEMS)
    for got, (_, want) in zip(value, V0_ITEMS):
        assert type(got) is not bool or type(want) is bool
        if isinstance(want, float):
            assert math.copysign(1, got) == math.copysign(1, want) and got == want
            assert isinstance(got, TextFloat)
        else:
            assert got == want
    assert isinstance(value[3], Py2Long) and repr(value[3]).endswith("L")
    assert isinstance(value[7], TextComplex)
    assert type(value[8]) is bytes and type(value[9]) is str


def test_marshal_v1_interned_and_stringref() -> None:
    data = mb.tup(mb.interned(b"spam"), mb.interned(b"eggs"), mb.stringref(1),
                  mb.stringref(0), mb.string(b"spam"))
    value = _read("2.4", data)
    assert value == (b"spam", b"eggs", b"eggs", b"spam", b"spam")
    assert all(type(v) is bytes for v in value)
    with pytest.raises(BadMarshal) as err:
        _read("2.4", mb.tup(mb.interned(b"a"), mb.stringref(1)))
    assert err.value.offset == 5 + 6


def test_marshal_v2_binary_floats_sets() -> None:
    nan = struct.unpack("<d", bytes.fromhex("010000000000f87f"))[0]
    data = mb.tup(
        mb.bin_float(-0.0), mb.bin_float(nan), mb.bin_complex(0.0, -1.5),
        mb.set_(mb.i32(3), mb.i32(1)), mb.frozenset_(mb.string(b"b"), mb.string(b"a")),
        mb.frozenset_(),
    )
    value = _read("2.7", data)
    assert struct.pack("<d", value[0]) == struct.pack("<d", -0.0)
    assert struct.pack("<d", value[1]) == bytes.fromhex("010000000000f87f")
    assert value[2] == complex(0.0, -1.5)
    assert isinstance(value[3], OrderedSet) and value[3] == {1, 3} and value[3].order == (3, 1)
    assert isinstance(value[4], OrderedFrozenset) and value[4].order == (b"b", b"a")
    assert value[5] == frozenset()


@pytest.mark.parametrize("line", ["3.0", "3.2", "3.3"])
def test_marshal_v2_py3_strings(line: str) -> None:
    value = _read(line, mb.tup(mb.unicode("\xe9t\xe9"), mb.string(b"\x80"),
                               mb.interned(b"x"), mb.stringref(0)))
    assert value[0] == "\xe9t\xe9" and value[1] == b"\x80"
    assert value[2] == value[3]


def test_marshal_v4_refs_and_ascii() -> None:
    data = mb.small_tup(
        mb.short_ascii("name", interned=True, ref=True),  # ref 0
        mb.ref(0),
        mb.ascii_("long text", ref=True),  # ref 1
        mb.ascii_("Interned", interned=True),
        mb.short_ascii("\xff"),
        mb.interned("\u20ac".encode()),
        mb.tup(mb.i32(7, ref=True), mb.ref(3), ref=True),  # tuple ref 2, int ref 3
        mb.ref(1),
        mb.long(2**64, ref=True),
        mb.i64(-1),
    )
    value = _read("3.4", data)
    assert value[0] == "name" and value[1] is value[0]
    assert value[2] == "long text" and value[7] is value[2]
    assert value[3] == "Interned"
    assert value[4] == "\xff"  # any byte is accepted in an ASCII-typed string
    assert value[5] == "\u20ac"
    assert value[6] == (7, 7)
    assert value[8] == 2**64 and not isinstance(value[8], Py2Long)
    assert value[9] == -1


def test_marshal_v4_ref_inside_its_own_tuple_is_rejected() -> None:
    # index 0 is the tuple being built: CPython would build a cycle; we refuse.
    with pytest.raises(BadMarshal):
        _read("3.11", mb.tup(mb.ref(0), ref=True))


def test_marshal_v5_slice() -> None:
    data = mb.small_tup(
        mb.slice_(mb.none(), mb.i32(5), mb.none()),
        mb.slice_(mb.i32(-1), mb.short_ascii("x"), mb.i32(2), ref=True),
        mb.ref(0),
    )
    value = _read("3.14", data)
    assert value[0] == slice(None, 5, None)
    assert value[1] == slice(-1, "x", 2) and value[2] is value[1]
    with pytest.raises(BadMarshal):
        _read("3.13", data)


def test_marshal_v6_frozendict() -> None:
    data = mb.frozendict_([(mb.short_ascii("a"), mb.i32(1)),
                           (mb.short_ascii("b"), mb.frozendict_([]))])
    value = _read("3.15", data)
    assert isinstance(value, FrozenDict)
    assert dict(value) == {"a": 1, "b": FrozenDict()}
    assert hash(value) == hash(FrozenDict([("a", 1), ("b", FrozenDict())]))
    with pytest.raises(BadMarshal):
        _read("3.14", data)


@pytest.mark.parametrize("line,raw", [
    ("2.7", mb.ref(0)),
    ("2.7", mb.i32(1, ref=True)),
    ("2.7", mb.short_ascii("x")),
    ("2.3", mb.interned(b"x")),
    ("2.3", mb.bin_float(1.0)),
    ("2.4", mb.set_()),
    ("3.4", mb.stringref(0)),
    ("3.13", mb.slice_(mb.none(), mb.none(), mb.none())),
    ("3.14", mb.frozendict_([])),
    ("1.0", mb.code("1.3", code=b"", consts=b"", names=b"", varnames=b"", filename=b"",
                    name=b"")),
])
def test_type_codes_from_other_versions_are_rejected(line: str, raw: bytes) -> None:
    with pytest.raises(BadMarshal) as err:
        _read(line, raw)
    assert err.value.offset == 0


def test_dict_null_value_and_unhashable_key() -> None:
    # CPython drops a key whose value is NULL (the dict ends there).
    assert _read("2.7", b"{" + mb.string(b"k") + b"0") == {}
    with pytest.raises(BytescopeError):
        _read("3.11", mb.dct([(mb.lst(), mb.none())]))
    with pytest.raises(BytescopeError):
        _read("3.11", b"0")


@pytest.mark.parametrize("text", ["1_0", " 1.5", "1.5 ", "", "0x10", "1e", "abc"])
def test_text_float_syntax_cpython_rejects(text: str) -> None:
    with pytest.raises(BadMarshal):
        _read("2.3", mb.text_float(text))


@pytest.mark.parametrize("text,value", [("1e5", 1e5), ("-inf", float("-inf")), ("+.5", 0.5),
                                        ("1E-3", 1e-3)])
def test_text_float_syntax_cpython_accepts(text: str, value: float) -> None:
    got = _read("2.3", mb.text_float(text))
    assert got == value and got.text == text.encode()
