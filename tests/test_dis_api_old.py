"""``dis_api`` of the print-statement versions (1.x-2.7, 3.0-3.3) and of the
bytecode versions before wordcode: bare-bytecode disassembly and labels.

The expected texts were printed by CPython 2.7.18's own ``dis`` (and are
checked against it again where that interpreter is installed); 3.0-3.3's
``_disassemble_bytes`` is 2.7's ``disassemble_string`` written with
``print(..., end=' ')``, so each line keeps a trailing space.
"""

from __future__ import annotations

import pytest

import bytescope
from bytescope.code import Code
from bytescope.versions import by_name


def _jump_past_64k(key: str) -> Code:
    """EXTENDED_ARG 1; JUMP_ABSOLUTE 6 (target 65542); LOAD_CONST 0; RETURN_VALUE."""
    version = by_name(key)
    api = bytescope.dis_api(key)
    ops = api.opmap
    raw = bytes([api.EXTENDED_ARG, 1, 0, ops["JUMP_ABSOLUTE"], 6, 0, ops["LOAD_CONST"], 0, 0,
                 ops["RETURN_VALUE"]])
    name = b"f" if version.is_py2 else "f"
    return Code(version, co_code=raw, co_consts=(None,), co_filename=name, co_name=name,
                co_firstlineno=1, co_linetable=b"\x00\x01")


#: 2.7.18's dis.dis of that code (its findlabels reads each jump's own 16 bits)
NATIVE_JUMP = (
    "  2           0 EXTENDED_ARG             1\n"
    "              3 JUMP_ABSOLUTE        65542L\n"
    "        >>    6 LOAD_CONST               0 (None)\n"
    "              9 RETURN_VALUE        \n"
)


@pytest.mark.parametrize("key", ["2.7", "3.5"])
def test_labels_before_36_ignore_extended_arg(key: str) -> None:
    """Before 3.6, ``findlabels`` (and so ``>>``) takes a jump's own 16-bit argument:
    the target of ``EXTENDED_ARG 1; JUMP_ABSOLUTE 6`` is marked at 6, not 65542."""
    code = _jump_past_64k(key)
    api = bytescope.dis_api(key)
    assert api.findlabels(code.co_code) == [6]
    assert bytescope.findlabels(code) == [6]
    jump = list(bytescope.get_instructions(code))[1]
    assert jump.argval == 65542  # the target itself is the folded one
    if key == "2.7":
        assert bytescope.dis_text(code) == NATIVE_JUMP




