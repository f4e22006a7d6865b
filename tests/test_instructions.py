"""The instruction layer (bytecode/listing.py, bytecode/instruction.py) on hand-built code."""

from __future__ import annotations

import marshal_builder as mb
import pytest

import bytescope
from bytescope.bytecode.listing import listing
from bytescope.views.dis_text import dis_text


def _py14(code: bytes) -> bytescope.Code:
    body = mb.code("1.3", code=mb.string(code), consts=mb.tup(mb.i32(7), mb.none()),
                   names=mb.tup(), varnames=mb.tup(), filename=mb.string(b"f.py"),
                   name=mb.string(b"?"))
    return bytescope.loads(mb.pyc(5892, body, 8)).code


def test_python_1_4_lines_come_from_set_lineno() -> None:
    """1.0-1.4 code has no line table: SET_LINENO's argument is the line (was: line 0)."""
    code = _py14(bytes([127, 1, 0, 100, 0, 0, 1, 127, 3, 0, 100, 1, 0, 83]))
    assert code.version.key == "1.4"
    lst = listing(code)
    assert lst.linestarts == {0: 1, 7: 3}
    assert lst.line_at(6) == 1 and lst.line_at(13) == 3
    text = dis_text(code).splitlines()
    assert text[0].startswith("  1           0 SET_LINENO")
    assert text[4].startswith("  3           7 SET_LINENO")


def test_python_1_4_line_starts_cannot_be_set() -> None:
    from bytescope import edit

    code = _py14(bytes([127, 1, 0, 100, 0, 0, 83]))
    with pytest.raises(edit.EditError, match="SET_LINENO"):
        edit.set_line_starts(code, [(0, 1)])
