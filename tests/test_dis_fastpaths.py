"""The speed shortcuts of the dis text give exactly what the general paths give.

Each shortcut (wordcode without ``EXTENDED_ARG``; offset texts from a shared
table; instruction texts shared between code objects; the quick constant
repr) is compared with the general path on every committed fixture pyc.
"""

from __future__ import annotations

import glob
import os

import pytest

import bytescope
from bytescope.bytecode import decode
from bytescope.bytecode import target_repr as dis_repr
from bytescope.code import Code
from bytescope.values import Py2Long
from bytescope.versions import opcodes
from bytescope.views import dis_text
from bytescope.views.dis_text import dis_text as render

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
PYCS = sorted(glob.glob(os.path.join(FIXTURES, "*", "*.pyc")))


def _codes(code: Code) -> list[Code]:
    out, stack = [], [code]
    while stack:
        co = stack.pop()
        out.append(co)
        stack.extend(c for c in co.co_consts if isinstance(c, Code))
    return out


def _all_codes() -> list[Code]:
    return [co for p in PYCS for co in _codes(bytescope.load(p).code)]


def test_fixtures_present() -> None:
    assert len(PYCS) >= 20, "tests/fixtures/<version>/*.pyc missing"


def test_plain_wordcode_matches_chains() -> None:
    """Code without EXTENDED_ARG decodes the same through both loops."""
    checked = 0
    for co in _all_codes():
        if not co.version.wordcode:
            continue
        table = opcodes.table(co.version)
        raw = bytes(co.co_code)
        ext_ops, step = decode._word_facts(table)
        if any(b in raw for b in ext_ops):
            continue
        assert decode._unpack_wordcode_plain(raw, table, step) == (
            decode._unpack_wordcode_chains(raw, table)
        )
        checked += 1
    assert checked > 100


def test_extended_arg_takes_the_chain_loop() -> None:
    table = opcodes.table("3.11")
    ext = table.extended_arg
    load_const = table.opmap["LOAD_CONST"]
    raw = bytes([ext, 1, load_const, 2])
    assert decode.unpack(raw, table, True) == [(0, 0, ext, 1), (2, 0, load_const, 258)]


@pytest.mark.parametrize("pyc", PYCS, ids=lambda p: os.path.relpath(p, FIXTURES))
def test_shortcuts_give_the_general_text(pyc: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Offsets formatted on demand and no shared texts: the same disassembly."""
    code = bytescope.load(pyc).code
    fast = render(code)
    monkeypatch.setattr(dis_text, "_OFFSET_TABLE_MAX", -1)
    monkeypatch.setattr(dis_text, "_SHARED_MAX", 0)
    monkeypatch.setattr(dis_text, "_SHARED_TAILS", {})
    assert render(code) == fast


def test_shared_texts_do_not_leak_between_code_objects() -> None:
    """Rendering in reverse order (other shared state first) changes nothing."""
    codes = [bytescope.load(p).code for p in PYCS]
    forward = [render(c) for c in codes]
    dis_text._SHARED_TAILS.clear()
    backward = [render(c) for c in reversed(codes)]
    assert forward == backward[::-1]


VALUES = [
    "abc", "it's", "caf\u00e9", "\u2028", b"x\x00", 0, -5, 2**70, True, False, None, 1.5,
    float("nan"), 1j, (1,), (1, "a"), frozenset([1]), Ellipsis, Py2Long(7),
]


@pytest.mark.parametrize("key", ["2.7", "3.6", "3.11", "3.13", "3.15"])
def test_repr_for_matches_target_repr(key: str) -> None:
    version = bytescope.versions.by_name(key)
    rep = dis_repr.repr_for(version.key, version.is_py2)
    for value in VALUES:
        assert rep(value) == dis_repr.target_repr(value, version), value
