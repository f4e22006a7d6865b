"""Versions with no interpreter here (1.5, 2.1, 2.6, 3.2 ...): real pycs from ../shared/corpora.

No native output exists to compare with, so these check what must hold for a
correct table: every file disassembles, no opcode is unknown, every jump
target is the offset of an instruction, and names/constants resolve.
"""

from __future__ import annotations

import glob
import os
import re

import pytest
from interpreters import shared_dir

import bytescope
from bytescope.bytecode.decode import jump_target, unpack
from bytescope.errors import BytescopeError
from bytescope.versions import opcodes
from bytescope.views.dis_text import dis_text

CORPUS = shared_dir("corpora", "uncompyle6")


def _files() -> list[str]:
    if not CORPUS:
        return []
    return sorted(glob.glob(os.path.join(CORPUS, "*", "*.py[co]")))


FILES = _files()


@pytest.mark.skipif(not FILES, reason="../shared/corpora/uncompyle6 not present")
@pytest.mark.parametrize("path", FILES, ids=[os.path.relpath(f, CORPUS or "") for f in FILES])
def test_corpus_file(path: str) -> None:
    try:
        pyc = bytescope.load(path)
    except BytescopeError as exc:
        pytest.skip(f"not readable as a pyc: {exc}")
    table = opcodes.table(pyc.version)
    for code in pyc.code.iter_code():
        instrs = unpack(bytes(code.co_code), table, code.version.wordcode)
        offsets = {off for off, _s, _op, _a in instrs}
        for off, _s, op, arg in instrs:
            assert not table.names[op].startswith("<"), (path, off, op)
            if arg is None:
                continue
            target = jump_target(table, off, op, arg, code.version.wordcode)
            if target is not None:
                assert target in offsets, (path, code.co_name, off, table.names[op], target)
    text = dis_text(pyc.code)
    assert not re.search(r"<bad \w+ index", text), path
    assert text.strip()
