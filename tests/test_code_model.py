"""The Code model: host conversion, equality, immutability, replace, iter_code."""

from __future__ import annotations

import glob
import marshal
import os
import types

import pytest

import bytescope
from bytescope import versions
from bytescope.code import FIELDS, Code
from bytescope.errors import BadCode
from bytescope.marshal import reader

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "samples")


def _closure(a, b=1, *args, kw, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    cell = a + b

    def inner(x, /, y=2):  # noqa: ANN001, ANN202
        nonlocal cell
        cell += x
        return [cell * y for _ in range(3)], {k: v for k, v in kwargs.items()}

    return inner


def _generator(n):  # noqa: ANN001, ANN202
    yield from range(n)
    try:
        yield 1 / n
    except ZeroDivisionError:
        yield float("nan"), -0.0, 10**40, -(2**70), 3j, b"\xff", "\u20ac"


async def _coroutine(xs):  # noqa: ANN001, ANN202
    async for x in xs:
        await x
    return frozenset({1, 2}), (1, (2, None)), ...


class _Klass:
    attr: int = 3

    def method(self):  # noqa: ANN202
        return super().__init__ and __class__


HOST_CODES = [
    _closure.__code__,
    _closure(1, kw=2).__code__,
    _generator.__code__,
    _coroutine.__code__,
    _Klass.method.__code__,
    (lambda *a, **k: (a, k)).__code__,
    compile("x = [i for i in range(3)]\nclass C:\n  def f(self): return __class__\n",
            "<mod>", "exec"),
    compile("if a:\n  b()\nelse:\n  try:\n    c()\n  except E as e:\n    d(e)\n", "<x>",
            "exec"),
]


def _sample_codes() -> list[types.CodeType]:
    out = []
    for path in sorted(glob.glob(os.path.join(SAMPLES, "*.py"))):
        with open(path, encoding="utf-8") as fh:
            try:
                out.append(compile(fh.read(), path, "exec"))
            except SyntaxError:  # samples written for another version
                continue
    return out


@pytest.mark.parametrize("co", HOST_CODES + _sample_codes(), ids=lambda c: c.co_name)
def test_from_host_equals_parse_of_native_marshal(co: types.CodeType) -> None:
    ours = Code.from_host(co)
    parsed = reader.loads(marshal.dumps(co), versions.host())
    assert ours == parsed
    assert hash(ours) == hash(parsed)
    for name in FIELDS:
        assert getattr(ours, name) == getattr(parsed, name), name
    # every field the host exposes has the host's value
    for native, model in zip(_walk_host(co), ours.iter_code()):
        for name in ("co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
                     "co_stacksize", "co_flags", "co_code", "co_names", "co_varnames",
                     "co_freevars", "co_cellvars", "co_filename", "co_name",
                     "co_firstlineno"):
            if hasattr(native, name):
                assert getattr(model, name) == getattr(native, name), (native, name)
        for name in ("co_qualname", "co_exceptiontable", "co_linetable"):
            if hasattr(native, name):
                assert getattr(model, name) == getattr(native, name), (native, name)


def _walk_host(co: types.CodeType) -> list[types.CodeType]:
    out, stack = [], [co]
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed([k for k in c.co_consts if isinstance(k, types.CodeType)]))
    return out


@pytest.mark.parametrize("co", HOST_CODES, ids=lambda c: c.co_name)
def test_to_host_round_trip(co: types.CodeType) -> None:
    model = Code.from_host(co)
    try:
        back = model.to_host()
    except ImportError:  # pragma: no cover - before the writer exists
        pytest.skip("bytescope.marshal.writer not available")
    assert back == co


def test_to_host_refuses_another_version() -> None:
    other = "3.10" if versions.host().key != "3.10" else "3.9"
    code = Code(versions.by_name(other), co_name="x", co_filename="f")
    with pytest.raises(BadCode):
        code.to_host()


def test_equality_and_hash() -> None:
    a = Code.from_host(_closure.__code__)
    b = Code.from_host(_closure.__code__)
    assert a == b and hash(a) == hash(b) and not (a != b)
    c = a.replace(co_firstlineno=a.co_firstlineno + 1)
    assert c != a and a != c
    assert a.replace(version=versions.by_name("3.8")) != a
    assert (a == 5) is False
    assert len({a, b, c}) == 2


def test_immutability() -> None:
    code = Code.from_host(_generator.__code__)
    with pytest.raises(AttributeError):
        code.co_name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del code.co_consts
    with pytest.raises(AttributeError):
        code.not_a_field  # noqa: B018
    assert code.co_name == "_generator"


def test_replace() -> None:
    code = Code.from_host(_closure.__code__)
    renamed = code.replace(co_name="renamed", co_consts=(None,))
    assert renamed.co_name == "renamed" and renamed.co_consts == (None,)
    assert code.co_name == "_closure" and code.co_consts != (None,)
    assert renamed.co_code == code.co_code and renamed.version is code.version
    with pytest.raises(TypeError):
        code.replace(co_bogus=1)


@pytest.mark.skipif(not versions.host().has_localsplus, reason="host has no localsplus (<3.11)")
def test_replace_locals_rebuilds_localsplus() -> None:
    code = Code.from_host(_closure.__code__)
    edited = code.replace(co_varnames=code.co_varnames + ("extra",))
    assert edited.co_varnames == code.co_varnames + ("extra",)
    assert edited.co_cellvars == code.co_cellvars
    assert edited.co_nlocals == code.co_nlocals + 1
    assert "extra" in edited.co_localsplusnames
    # the original arguments keep their kinds (posonly/kw/varargs bits)
    kinds = dict(zip(code.co_localsplusnames, code.co_localspluskinds))
    new_kinds = dict(zip(edited.co_localsplusnames, edited.co_localspluskinds))
    for name in code.co_varnames:
        assert new_kinds[name] == kinds[name], name


def test_iter_code_is_depth_first_in_const_order() -> None:
    top = Code.from_host(HOST_CODES[6])
    names = [c.co_name for c in top.iter_code()]
    assert names == [c.co_name for c in _walk_host(HOST_CODES[6])]
    assert names[0] == "<module>" and "C" in names and "f" in names
    assert names.index("C") < names.index("f")


def test_py2_model_keeps_bytes_and_unicode_apart() -> None:
    path = os.path.join(os.path.dirname(__file__), "fixtures", "2.7", "legacy2.pyc")
    if not os.path.exists(path):
        pytest.skip("2.7 fixture missing")
    code = bytescope.load(path).code
    assert isinstance(code.co_name, bytes) and isinstance(code.co_filename, bytes)
    texts = [k for c in code.iter_code() for k in c.co_consts if isinstance(k, (bytes, str))]
    assert any(isinstance(k, bytes) for k in texts)
    assert code.version.is_py2 and code.co_lnotab is not None
    assert code.flag_names == code.version.flags_text(code.co_flags)


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(TypeError):
        Code(versions.host(), co_nonsense=1)


def _nested(depth: int) -> Code:
    version = versions.by_name("3.11")
    code = Code(version, co_name="leaf", co_filename="f")
    for level in range(depth):
        code = Code(version, co_name=f"f{level}", co_filename="f", co_consts=(code, None))
    return code


def test_deeply_nested_code_compares_and_hashes() -> None:
    # 500 nested code objects is far within the reader's nesting limit (2000).
    a, b = _nested(500), _nested(500)
    assert a == b and hash(a) == hash(b)
    assert a != _nested(499)


@pytest.mark.parametrize("name", ["3.11", "3.14"])
def test_derived_locals_wait_until_read(name: str) -> None:
    # 3.11+ varnames/cellvars/freevars/nlocals are derived from localsplus on
    # first read (a load never pays for them) and then equal the eager values.
    version = versions.by_name(name)
    names = ("a", "b", "cell", "free")
    kinds = bytes([0x20 | 0x02 | 0x04, 0x20 | 0x40, 0x40, 0x80])
    model = Code(
        version, co_localsplusnames=names, co_localspluskinds=kinds, co_name="f", co_qualname="f"
    )
    code = reader.loads(reader_dumps(model, version), version)
    assert "co_varnames" not in code.__dict__
    assert code.co_varnames == ("a", "b")
    assert code.co_cellvars == ("b", "cell")
    assert code.co_freevars == ("free",)
    assert code.co_nlocals == 2
    assert "co_varnames" in code.__dict__
    assert code == model
    # the pair is still checked when the code object is read
    with pytest.raises(BadCode):
        Code.from_layout(version, ("co_localsplusnames", "co_localspluskinds"), [names, b"\x20"])


def reader_dumps(code: Code, version: versions.VersionInfo) -> bytes:
    from bytescope.marshal.writer import dumps

    return dumps(code, version)
