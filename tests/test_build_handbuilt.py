"""Hand-built streams of versions with no interpreter here round-trip through the writer.

For every release line the versions table knows and no installed interpreter
covers, ``tests/marshal_builder.py`` builds a pyc holding a code object (with
a nested one) whose constants use every type code of that marshal version,
with interned strings and ``R`` references (2.4 - 3.3) or FLAG_REF and ``r``
references (3.4+).  Then:

* ``load(data).to_bytes() == data`` (replay);
* the canonical write (no recording) reads back to the same objects;
* ``dump --json`` -> ``build`` gives the same bytes;
* an edit (a changed string constant) is written and read back.
"""

from __future__ import annotations

import dataclasses
import json

import interpreters
import marshal_builder as mb
import pytest

import bytescope
from bytescope import edit, versions
from bytescope.build import build_json
from bytescope.marshal import reader, writer
from bytescope.versions import opcodes
from bytescope.views.dump import dump_json


def _lines() -> list[str]:
    out = []
    for key in versions.known_lines():
        try:
            v = versions.by_name(key)
        except bytescope.BytescopeError:
            continue
        if v.code_layout_name in mb.LAYOUTS:
            out.append(key)
    return out


class _Stream:
    """Builds one marshal stream, tracking FLAG_REF and interned-string indexes."""

    def __init__(self, v: versions.VersionInfo) -> None:
        self.v = v
        self.py2 = v.is_py2
        self.mv = v.marshal_version
        #: co_consts / co_names: lists in Python 1.0, tuples after
        self.seq = mb.lst if v.code_lists else mb.tup
        self.refs = 0
        self.interned: dict[str, int] = {}
        self.ref_of: dict[str, int] = {}

    def flag(self) -> bool:
        """Take the next FLAG_REF index (3.4+)."""
        if self.mv < 3:
            return False
        self.refs += 1
        return True

    def name(self, text: str) -> bytes:
        """An identifier the way this version writes names (interned once, then referenced)."""
        if self.mv >= 3:
            if text in self.ref_of:
                return mb.ref(self.ref_of[text])
            self.ref_of[text] = self.refs
            self.flag()
            return mb.short_ascii(text, interned=True, ref=True)
        if self.mv >= 1:
            if text in self.interned:
                return mb.stringref(self.interned[text])
            self.interned[text] = len(self.interned)
            return mb.interned(text.encode())
        return mb.string(text.encode()) if self.py2 else mb.unicode(text)

    def text(self, text: str) -> bytes:
        """A string constant: ``str`` of this version."""
        if self.py2:
            return mb.string(text.encode())
        if self.mv >= 3:
            return mb.short_ascii(text)
        return mb.unicode(text)

    def scalars(self) -> list[bytes]:
        """Every scalar and container type code this marshal version has."""
        items = [mb.none(), mb.true(), mb.false(), mb.ellipsis(), mb.i32(-7), mb.i32(2**31 - 1),
                 mb.long(-(2**80) + 5), mb.long(2**64), mb.text_float("1.5"),
                 mb.text_float("-0.0"), mb.text_complex("1", "-2.5"),
                 mb.string(b"\x00\xffbytes"), mb.unicode("\u20ac \ud800"),
                 mb.tup(mb.i32(1), mb.tup()), mb.lst(mb.none())]
        if self.py2:
            items.append(mb.i64(2**40))
        if self.mv >= 2:
            items += [mb.bin_float(-0.0), mb.bin_float(float("inf")), mb.bin_complex(0.5, -1e300),
                      mb.frozenset_(mb.i32(3), mb.i32(1), mb.i32(2))]
        if self.mv >= 3:
            items += [mb.ascii_("long " * 80), mb.ascii_("Ascii", interned=True),
                      mb.short_ascii("sh\xe9"), mb.small_tup(mb.i32(1), mb.i32(2))]
            index = self.refs
            self.flag()
            items += [mb.bin_float(2.5, ref=True), mb.ref(index)]
        if self.mv >= 5:
            items.append(mb.slice_(mb.none(), mb.i32(3), mb.none()))
        if self.mv >= 6:
            items.append(mb.frozendict_([(mb.short_ascii("k"), mb.i32(1))]))
        return items

    def _bytecode(self) -> bytes:
        """``LOAD_CONST 0; RETURN_VALUE`` in this version's instruction format."""
        if not self.py2 and self.v.wordcode:
            tab = opcodes.table(self.v)
            return mb.string(bytes((tab.opmap["LOAD_CONST"], 0, tab.opmap["RETURN_VALUE"], 0)))
        return mb.string(b"d\x00\x00S")

    def _build(self, flagged: bool, objects: dict, ints: dict) -> bytes:
        """A code object; ``objects`` maps field names to thunks, called in stream order."""
        layout = self.v.code_layout_name
        fields = dict(ints)
        for field, kind in mb.LAYOUTS[layout][1]:
            if kind == "o":
                fields[field] = objects[field]()
        return mb.code(layout, ref=flagged, **fields)

    def code(self, name: str, consts: list[bytes], line: int) -> bytes:
        """A function's code object (FLAG_REF taken before its fields, as CPython does)."""
        flagged = self.flag()
        return self._build(flagged, dict(
            code=self._bytecode,
            consts=lambda: self.seq(*consts),
            names=lambda: self.seq(self.name("os"), self.name("path")),
            varnames=lambda: mb.tup(self.name("a"), self.name("b")),
            freevars=mb.tup,
            cellvars=mb.tup,
            localsplusnames=lambda: mb.tup(self.name("a"), self.name("b")),
            localspluskinds=lambda: mb.string(bytes([0x22, 0x20])),
            filename=lambda: self.text("mod.py"),
            name=lambda: self.name(name),
            qualname=lambda: self.name(name),
            lnotab=lambda: mb.string(b"\x00\x01"),
            linetable=lambda: mb.string(
                b"\x80\x00" if self.v.code_layout_name == "3.10" else b""),
            exceptiontable=lambda: mb.string(b""),
        ), dict(argcount=1, nlocals=2, stacksize=2, flags=0x43, firstlineno=line))

    def pyc(self) -> bytes:
        """The whole pyc: a module code object holding every type code and a function."""
        flagged = self.flag()

        def consts() -> bytes:
            items = self.scalars()
            items.append(self.code("inner", [mb.none(), self.text("docstring")], 7))
            items.append(self.text("hello"))
            return self.seq(*items)

        body = self._build(flagged, dict(
            code=self._bytecode,
            consts=consts,
            names=lambda: self.seq(self.name("os")),
            varnames=mb.tup,
            freevars=mb.tup,
            cellvars=mb.tup,
            localsplusnames=mb.tup,
            localspluskinds=lambda: mb.string(b""),
            filename=lambda: self.text("mod.py"),
            name=lambda: self.name("<module>"),
            qualname=lambda: self.name("<module>"),
            lnotab=lambda: mb.string(b""),
            linetable=lambda: mb.string(b""),
            exceptiontable=lambda: mb.string(b""),
        ), dict(firstlineno=1))
        return mb.pyc(self.v.magic, body, self.v.header_size, suffix=self.v.magic_bytes[2:])


NO_INTERPRETER = [k for k in _lines() if k not in interpreters.VERSIONS]
WITH_INTERPRETER = [k for k in _lines() if k in interpreters.VERSIONS]


@pytest.mark.parametrize("line", NO_INTERPRETER + WITH_INTERPRETER)
def test_handbuilt_stream_round_trips(line: str) -> None:
    v = versions.by_name(line)
    data = _Stream(v).pyc()
    pyc = bytescope.loads(data)
    assert pyc.version.key == line
    assert pyc.to_bytes() == data, line

    # canonical write (no recording): same objects back
    body = data[v.header_size:]
    canonical = writer.dumps(pyc.code, v)
    assert writer.same_object(reader.loads(canonical, v), pyc.code)
    if v.marshal_version >= 1:
        assert len(canonical) <= len(body) + 64  # strings written once, then referenced

    # JSON route
    doc, error = dump_json(pyc)
    assert error is None
    assert build_json(json.loads(json.dumps(doc))) == data


@pytest.mark.parametrize("line", NO_INTERPRETER)
def test_handbuilt_stream_edit(line: str) -> None:
    v = versions.by_name(line)
    pyc = bytescope.loads(_Stream(v).pyc())
    old = b"hello" if v.is_py2 else "hello"
    new = b"changed \xff" if v.is_py2 else "chang\u00e9 \u20ac"
    code = edit.replace_const(pyc.code, old, new)
    data = dataclasses.replace(pyc, code=code).to_bytes()
    back = bytescope.loads(data)
    assert writer.same_object(back.code, code)
    assert new in back.code.co_consts and old not in back.code.co_consts


def test_there_are_lines_without_interpreters() -> None:
    assert {"1.0", "1.5", "2.4", "3.3", "3.4"} <= set(NO_INTERPRETER)


def test_flag_on_singletons_and_references_is_kept_without_an_index() -> None:
    """CPython ignores FLAG_REF on None/True/... and on ``r``: no index is used up."""
    v = versions.by_name("3.12")
    body = mb.tup(
        b"\xce",  # 'N' | FLAG_REF
        b"\xd4",  # 'T' | FLAG_REF
        mb.short_ascii("x", interned=True, ref=True),  # index 0
        b"\xf2" + (0).to_bytes(4, "little"),  # 'r' | FLAG_REF -> index 0
        mb.i32(5, ref=True),  # index 1 (the flagged singletons took none)
        mb.ref(1),
    )
    value = reader.loads(body, v)
    assert value == (None, True, "x", "x", 5, 5)
    pyc = bytescope.loads(body, raw=True, python_version="3.12")
    assert pyc.to_bytes() == body
    doc, error = dump_json(pyc)
    assert error is None
    assert build_json(json.loads(json.dumps(doc))) == body
