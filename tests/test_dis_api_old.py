"""``dis_api`` of the print-statement versions (1.x-2.7, 3.0-3.3) and of the
bytecode versions before wordcode: bare-bytecode disassembly and labels.

The expected texts were printed by CPython 2.7.18's own ``dis`` (and are
checked against it again where that interpreter is installed); 3.0-3.3's
``_disassemble_bytes`` is 2.7's ``disassemble_string`` written with
``print(..., end=' ')``, so each line keeps a trailing space.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from typing import Any

import pytest
from interpreters import find

import bytescope
from bytescope.code import Code
from bytescope.versions import by_name

#: LOAD_CONST 0, STORE_FAST 0, LOAD_FAST 0, LOAD_ATTR 1, COMPARE_OP 2, JUMP_ABSOLUTE 0,
#: SETUP_LOOP 5, LOAD_DEREF 0, <144> 1 (no such opcode), SETUP_WITH 1, LOAD_NAME 1,
#: RETURN_VALUE
RAW27 = (b"d\x00\x00}\x00\x00|\x00\x00j\x01\x00k\x02\x00q\x00\x00x\x05\x00\x88\x00\x00"
         b"\x90\x01\x00\x8f\x01\x00e\x01\x00S")
TAIL = (
    "         12 COMPARE_OP          2 (==)\n"
    "         15 JUMP_ABSOLUTE       0\n"
    "         18 SETUP_LOOP          5 (to 26)\n"
    "         21 LOAD_DEREF          0\n"
    "         24 <144>               1\n"
    "         27 SETUP_WITH          1 (to 31)\n"
)
#: 2.7.18: dis.dis(RAW27) (an unknown opcode shows as <144>; LOAD_DEREF's free
#: variable is not explained)
NATIVE_DIS = (
    "    >>    0 LOAD_CONST          0 (0)\n"
    "          3 STORE_FAST          0 (0)\n"
    "          6 LOAD_FAST           0 (0)\n"
    "          9 LOAD_ATTR           1 (1)\n" + TAIL +
    "         30 LOAD_NAME           1 (1)\n"
    "         33 RETURN_VALUE   \n"
)
#: 2.7.18: dis.disassemble_string(RAW27, 3, ('a',), ('n0', 'n1'), (None, 's'))
NATIVE_TABLES = (
    "    >>    0 LOAD_CONST          0 (None)\n"
    "-->       3 STORE_FAST          0 (a)\n"
    "          6 LOAD_FAST           0 (a)\n"
    "          9 LOAD_ATTR           1 (n1)\n" + TAIL +
    "         30 LOAD_NAME           1 (n1)\n"
    "         33 RETURN_VALUE   \n"
)


def _printed(fn: Any, *args: Any) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn(*args)
    return out.getvalue()


def test_27_bare_bytecode_is_disassemble_string() -> None:
    """2.7's ``dis.dis(str)`` and ``disassemble_string`` print no line column, names
    padded to 15, arguments by number without tables (was: dis(raw) printed the
    code-object layout; disassemble_string called dis with the wrong arguments and
    disassembled the last traceback)."""
    api = bytescope.dis_api("2.7")
    assert _printed(api.dis, RAW27) == NATIVE_DIS
    assert _printed(api.disassemble_string, RAW27) == NATIVE_DIS
    assert _printed(api.disassemble_string, RAW27, 3, ("a",), ("n0", "n1"),
                    (None, b"s")) == NATIVE_TABLES


def test_27_disassemble_string_shows_what_native_cannot() -> None:
    """Where native 2.7 raises IndexError (a name index past the table), the index is
    shown; a truncated last argument reads as zero."""
    api = bytescope.dis_api("2.7")
    text = _printed(api.disassemble_string, RAW27 + b"\xff", -1, (), ())
    assert "LOAD_NAME           1 (<bad name index 1>)" in text
    assert text.endswith("         34 <255>               0\n")


def test_30_to_33_bare_bytecode_keeps_the_trailing_space() -> None:
    api = bytescope.dis_api("3.3")
    ops = api.opmap
    raw = bytes([ops["LOAD_CONST"], 0, 0, ops["RETURN_VALUE"]])
    assert _printed(api.dis, raw) == (
        "          0 LOAD_CONST          0 (0) \n"
        "          3 RETURN_VALUE    \n"
    )


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


_NATIVE27 = """
import dis, sys
raw = %r
dis.dis(raw)
dis.disassemble_string(raw, 3, ('a',), ('n0', 'n1'), (None, 's'))
import types
jump = %r
co = types.CodeType(0, 0, 1, 0, jump, (None,), (), (), 'f', 'f', 1, '\\x00\\x01')
dis.dis(co)
"""


def test_against_native_27() -> None:
    python = find("2.7")
    if python is None:
        pytest.skip("Python 2.7 interpreter not installed")
    script = _NATIVE27 % (RAW27.decode("latin-1"), _jump_past_64k("2.7").co_code.decode(
        "latin-1"))
    res = subprocess.run([python, "-c", script], capture_output=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode("latin-1") == NATIVE_DIS + NATIVE_TABLES + NATIVE_JUMP
