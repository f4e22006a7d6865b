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


def test_311_specialized_jumps_mark_no_label() -> None:
    """3.11's findlabels looks at base opcodes: the target of JUMP_BACKWARD_QUICK (an
    --adaptive or attached 3.11 function) gets no ``>>``; 3.12's counts it."""
    v311 = bytescope.dis_api("3.11")
    loop = bytes([151, 0, 93, 2, 125, 0, 38, 3, 100, 0, 83, 0])  # FOR_ITER, JUMP_BACKWARD_QUICK
    # (both lists checked against CPython 3.11's own dis.findlabels)
    assert v311.findlabels(loop) == [8]
    base = bytearray(loop)
    base[6] = 140  # JUMP_BACKWARD
    assert v311.findlabels(bytes(base)) == [8, 2]


def test_info_counts_instructions_from_the_layer() -> None:
    import os

    from bytescope.views.info import code_dict

    here = os.path.dirname(os.path.abspath(__file__))
    pyc = bytescope.load(os.path.join(here, "..", "examples", "fib.cpython-312.pyc"))
    for code in pyc.code.iter_code():
        facts = code_dict(code)
        assert facts["instructions"] == len(list(bytescope.get_instructions(code)))
        assert facts["exception_entries"] == len(listing(code).exception_entries)
