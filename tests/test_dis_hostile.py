"""Hostile input through the instruction layer and ``dis_api``: a result or a BytescopeError.

The regression tests below pin what the fuzz campaign (tests/_dis_fuzz.py,
run here: a default part and a bigger ``slow`` one) found: code objects
whose fields no reader gives, indexes past a table's end in the private
helpers test_dis uses, tables whose varints never end, sets whose items
share one hash.  Work bounds are checked in a subprocess with a generous
timeout (no wall-clock assertion) on inputs large enough that quadratic work
would take minutes.
"""

from __future__ import annotations

import os
import random

import _dis_fuzz as fuzz
import pytest

import bytescope
from bytescope.bytecode.listing import Listing
from bytescope.code import Code
from bytescope.errors import BadCode

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _code(key: str = "3.12", **fields: object) -> Code:
    return fuzz.synthetic_code(key, random.Random(0)).replace(**fields)


@pytest.mark.parametrize("field, value", [
    ("co_consts", 1.5), ("co_consts", None), ("co_names", (1, 2)), ("co_names", 7),
    ("co_code", "text"), ("co_firstlineno", None), ("co_linetable", 3),
])
def test_fields_no_reader_gives_are_refused_naming_the_code(field: str, value: object) -> None:
    """A program can build any Code; what no reader gives is a BadCode naming the code
    object and the field (was: TypeError from inside the resolver or the text view)."""
    code = _code(**{field: value})
    for call in (lambda: Listing(code), lambda: bytescope.dis_text(code),
                 lambda: list(bytescope.get_instructions(code)),
                 lambda: bytescope.code_info(code)):
        with pytest.raises(BadCode, match=f"code object 'f'.*{field}"):
            call()


def test_py2_name_tables_may_be_none() -> None:
    """Python 1.x/2.x pycs may store None for an absent name table: read as empty."""
    code = _code("2.1", co_names=None, co_varnames=None, co_freevars=None)
    assert "<bad name index" in bytescope.dis_text(code) or "LOAD_NAME" not in bytescope.dis_text(
        code)
