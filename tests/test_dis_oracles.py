"""bytescope's dis text vs the native dis output recorded in tests/fixtures/<version>/.

The fixtures were produced by each version's own interpreter (copied from
../shared/oracles), so these tests need no other interpreter.
"""

from __future__ import annotations

import difflib
import glob
import os
import re
from typing import Optional

import pytest

import bytescope
from bytescope.views.code_info import code_info_all
from bytescope.views.dis_text import dis_text

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
ADDR = re.compile(r" at 0x[0-9a-fA-F]+")

OPTIONS = {
    ".dis": {},
    ".caches.dis": {"show_caches": True},
    ".offsets.dis": {"show_offsets": True},
    ".positions.dis": {"show_positions": True},
}


def sort_frozensets(text: str) -> str:
    """Sort the top-level items of every ``frozenset({...})`` in ``text``."""
    out: list[str] = []
    i = 0
    key = "frozenset({"
    n = len(text)
    while True:
        j = text.find(key, i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j + len(key)])
        k = start = j + len(key)
        if j > 0 and text[j - 1] in "'\"":
            i = k  # the text of a string constant, not a set
            continue
        items: list[str] = []
        depth = 0
        quote: Optional[str] = None
        while k < n:
            ch = text[k]
            if quote:
                if ch == "\\":
                    k += 2
                    continue
                if ch == quote:
                    quote: Optional[str] = None
            elif ch in "'\"":
                quote = ch
            elif ch in "([{":
                depth += 1
            elif ch in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(text[start:k].strip())
                start = k + 1
            k += 1
        items.append(text[start:k].strip())
        out.append(", ".join(sorted(items)))
        i = k
    return "".join(out)


def normalise(text: str) -> str:
    """Replace memory addresses (``at 0x7f...``) by ``at 0x``; sort flat frozenset items.

    A frozenset's iteration order depends on the string hash seed of the
    process that printed it (3.11+ marshal stores the items sorted), so no
    tool can reproduce it; everything else must match exactly.
    """
    return sort_frozensets(ADDR.sub(" at 0x", text))


def _cases() -> list[tuple[str, str]]:
    cases = []
    for pyc in sorted(glob.glob(os.path.join(FIXTURES, "*", "*.pyc"))):
        base = pyc[:-4]
        for suffix in (*OPTIONS, ".info"):
            if os.path.exists(base + suffix):
                rel = os.path.relpath(base + suffix, FIXTURES)
                cases.append((rel, suffix))
    return cases


def assert_same(want: str, got: str, what: str) -> None:
    """Fail with a short unified diff when the texts differ."""
    if want != got:
        diff = difflib.unified_diff(
            want.splitlines(), got.splitlines(), "native", "bytescope", lineterm="", n=1
        )
        pytest.fail(f"{what} differs:\n" + "\n".join(list(diff)[:40]))


CASES = _cases()


def test_fixtures_present() -> None:
    versions = {c[0].split(os.sep)[0] for c in CASES}
    assert {"2.7", "3.6", "3.10", "3.12", "3.13", "3.14", "3.15"} <= versions


@pytest.mark.parametrize("rel,suffix", CASES, ids=[c[0] for c in CASES])
def test_matches_native(rel: str, suffix: str) -> None:
    path = os.path.join(FIXTURES, rel)
    pyc = path[: -len(suffix)] + ".pyc"
    code = bytescope.load(pyc).code
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        want = normalise(fh.read())
    if suffix == ".info":
        got = normalise(code_info_all(code))
    else:
        got = normalise(dis_text(code, **OPTIONS[suffix]))
    assert_same(want, got, rel)


@pytest.mark.parametrize("key,stored,cells,shown", [
    ("3.8", 0, False, "NOFREE"),          # PyPy 3.8 writes 0; CPython 3.8 adds NOFREE on load
    ("3.6", 0x43, False, "OPTIMIZED, NEWLOCALS, NOFREE"),
    ("3.10", 0x53, True, "OPTIMIZED, NEWLOCALS, NESTED"),  # NOFREE cleared: it has cells
    ("3.11", 0, False, "0x0"),            # 3.11+ keep the stored flags
    ("2.7", 0, False, "0x0"),
    ("pypy3.8", 0, False, "0x0"),         # PyPy's own loader does not add it
])
def test_code_info_flags_as_loaded(key: str, stored: int, cells: bool, shown: str) -> None:
    """dis.code_info shows co_flags as the interpreter's code constructor left them."""
    from bytescope import Code
    from bytescope.versions import by_name
    from bytescope.views.code_info import code_info

    v = by_name(key)
    extra = {"co_cellvars": ("x",)} if cells else {}
    if v.has_localsplus:
        extra = {"co_localsplusnames": (), "co_localspluskinds": b""}
    code = Code(v, co_code=b"d\x00S\x00", co_consts=(None,), co_flags=stored, **extra)
    assert f"Flags:             {shown}\n" in code_info(code) + "\n"
    assert code.co_flags == stored  # the model keeps what the file holds
