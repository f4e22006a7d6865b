"""Recording mode: the spans the reader records describe the stream exactly."""

from __future__ import annotations

import glob
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import marshal_builder as mb  # noqa: E402

import bytescope  # noqa: E402
from bytescope import versions  # noqa: E402
from bytescope.errors import TruncatedData  # noqa: E402
from bytescope.marshal import reader  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
PYCS = sorted(glob.glob(os.path.join(FIXTURES, "*", "*.py[co]")))


@pytest.mark.parametrize("path", PYCS, ids=lambda p: os.path.relpath(p, FIXTURES))
def test_spans_tile_the_stream(path: str) -> None:
    with open(path, "rb") as fh:
        data = fh.read()
    pyc = bytescope.loads(data)
    plain = reader.read(data, pyc.version, pyc.marshal_offset)
    recorded = reader.read(data[pyc.marshal_offset:], pyc.version, record=True,
                           base_offset=pyc.marshal_offset)
    assert recorded.value == plain.value == pyc.code
    spans = recorded.spans
    assert spans and [(s.offset, s.end) for s in spans] == [(s.offset, s.end)
                                                           for s in pyc.spans()]
    root = spans[0]
    assert root.offset == pyc.version.header_size == pyc.marshal_offset
    assert root.end == len(data) - pyc.trailing
    assert root.depth == 0 and root.code == "c"
    flagged = 0
    for span in spans:
        assert span.offset < span.end <= root.end
        assert span.code == chr(data[span.offset] & 0x7F)
        assert span.flag_ref == bool(data[span.offset] & 0x80)
        if span.flag_ref:
            # indexes are handed out in stream order, as CPython's reader does
            assert span.ref_index == flagged
            flagged += 1
        else:
            assert span.ref_index is None
        if span.code == "r":
            assert span.target is not None and span.target < flagged
            assert span.value is recorded.refs[span.target]
        # children are contiguous and inside their parent
        pos = None
        for child in span.children:
            assert span.offset < child.offset and child.end <= span.end
            assert child.depth == span.depth + 1
            if pos is not None and span.code not in "cC":  # code: int fields between
                assert child.offset == pos
            pos = child.end
        if span.children:
            assert pos == span.end or span.code == "c"  # code has int fields between
    assert flagged == len(plain.refs)


def test_span_labels_name_code_fields() -> None:
    data = mb.code("3.11", code=mb.string(b"\x97\x00"), consts=mb.small_tup(mb.none()),
                   names=mb.small_tup(), localsplusnames=mb.small_tup(),
                   localspluskinds=mb.string(b""), filename=mb.short_ascii("f"),
                   name=mb.short_ascii("n"), qualname=mb.short_ascii("n"),
                   linetable=mb.string(b""), exceptiontable=mb.string(b""))
    spans = reader.read(data, versions.by_name("3.11"), record=True).spans
    labels = [s.label for s in spans[0].children]
    assert labels == ["co_code", "co_consts", "co_names", "co_localsplusnames",
                      "co_localspluskinds", "co_filename", "co_name", "co_qualname",
                      "co_linetable", "co_exceptiontable"]
    assert spans[0].children[1].children[0].label == "[0]"


def test_partial_spans_on_damage() -> None:
    data = mb.small_tup(mb.short_ascii("ok"), b"s\xff\x00\x00\x00")
    with pytest.raises(TruncatedData) as err:
        reader.read(data, versions.by_name("3.11"), record=True, base_offset=100)
    partial = err.value.partial
    assert [s.code for s in partial] == [")", "z", "s"]
    assert partial[1].end == 100 + 2 + 4
    assert err.value.offset == 100 + 6 + 5
