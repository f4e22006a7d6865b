"""The reader's fast plain path agrees with the checked reader, on good and bad data.

``reader.read(..., record=False)`` tries ``_fast.read_fast`` first and, when it
gives up, reads again with ``reader._read_checked``.  These tests prove that
(1) on every fixture (and the old-version corpora, when present) the fast path
succeeds on its own and returns exactly what the checked reader returns, and
(2) on damaged data the public result -- value or error class, offset and
message -- is the checked reader's.
"""

from __future__ import annotations

import glob
import os
import random

import pytest
from _marshal_canon import outcome

from bytescope import versions
from bytescope.errors import LimitExceeded
from bytescope.marshal import _fast, limits, reader

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = sorted(glob.glob(os.path.join(HERE, "fixtures", "*", "*.pyc")))
OLD_CORPORA = os.path.join(os.path.dirname(HERE), "..", "shared", "corpora", "uncompyle6")


def _load(path: str) -> tuple[bytes, versions.VersionInfo]:
    with open(path, "rb") as fh:
        data = fh.read()
    return data, versions.by_magic(data)


def _checked(data: bytes, v: versions.VersionInfo, offset: int) -> object:
    budget = limits.alloc_budget(len(data))
    return outcome(lambda: reader._read_checked(data, v, offset, None, 0, budget))


def test_fixtures_exist() -> None:
    assert len(FIXTURES) >= 40


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: os.path.relpath(p, HERE))
def test_fast_path_reads_fixture_alone_and_identically(path: str) -> None:
    data, v = _load(path)
    hs = v.header_size
    fast = outcome(lambda: _fast.read_fast(data, v, hs, limits.alloc_budget(len(data))))
    assert fast[0] != "error", f"fast path gave up on a good pyc: {fast}"
    assert fast == _checked(data, v, hs)
    assert outcome(lambda: reader.read(data, v, hs)) == fast


def test_fast_path_on_old_version_corpora() -> None:
    paths = sorted(glob.glob(os.path.join(OLD_CORPORA, "**", "*.py[co]"), recursive=True))
    if not paths:
        pytest.skip(f"old-version corpora not present at {OLD_CORPORA}")
    gave_up = []
    for path in paths:
        data, v = _load(path)
        hs = v.header_size
        fast = outcome(lambda: _fast.read_fast(data, v, hs, limits.alloc_budget(len(data))))  # noqa: B023
        checked = _checked(data, v, hs)
        if fast[0] == "error":
            gave_up.append(path)
        else:
            assert fast == checked, path
    assert not gave_up, f"fast path gave up on {len(gave_up)} good pycs: {gave_up[:3]}"


def _mutations(data: bytes, hs: int, rng: random.Random, count: int) -> list[bytes]:
    out = []
    body = len(data) - hs
    for _ in range(count):
        buf = bytearray(data)
        choice = rng.randrange(4)
        if choice == 0:  # truncate
            out.append(bytes(buf[: hs + rng.randrange(body)]))
            continue
        for _ in range(rng.randint(1, 4)):
            at = hs + rng.randrange(body)
            if choice == 1:  # random byte
                buf[at] = rng.randrange(256)
            elif choice == 2:  # flip a bit (FLAG_REF, type codes, lengths)
                buf[at] ^= 1 << rng.randrange(8)
            else:  # a large little-endian length or index
                buf[at : at + 4] = rng.choice([b"\xff\xff\xff\x7f", b"\x00\x00\x01\x00", b"\xff"])
        out.append(bytes(buf))
    return out


@pytest.mark.parametrize("version_dir", ["2.7", "3.8", "3.11", "3.13", "3.15"])
def test_damaged_data_gets_the_checked_readers_answer(version_dir: str) -> None:
    paths = sorted(glob.glob(os.path.join(HERE, "fixtures", version_dir, "*.pyc")))
    if not paths:
        pytest.skip(f"no fixtures for {version_dir}")
    rng = random.Random(f"fastpath-{version_dir}")
    differing = []
    for path in paths[:6]:
        data, v = _load(path)
        hs = v.header_size
        for bad in _mutations(data, hs, rng, 60):
            got = outcome(lambda: reader.read(bad, v, hs))  # noqa: B023
            want = _checked(bad, v, hs)
            if got != want:
                differing.append((path, got, want))
    assert not differing, differing[:2]


def test_reference_bomb_is_refused_by_both_paths() -> None:
    # A tuple flagged as ref 0 holding 250 items, then tuples of 250 references
    # to the previous level: each level stands for 250x the one before.
    v = versions.by_name("3.11")
    parts = [b"\xa9\xfa" + b"N" * 250]  # ')' + FLAG_REF, 250 x None -> ref 0
    for level in range(6):
        parts.append(b"\xa9\xfa" + (b"r" + level.to_bytes(4, "little")) * 250)
    data = b")" + bytes([len(parts)]) + b"".join(parts)
    with pytest.raises(LimitExceeded) as fast_err:
        reader.read(data, v)
    checked = _checked(data, v, 0)
    assert checked[:2] == ("error", "LimitExceeded")
    assert fast_err.value.offset == checked[2]
    with pytest.raises(Exception):  # noqa: B017 - the fast path must not succeed
        _fast.read_fast(data, v, 0, limits.alloc_budget(len(data)))


def test_fast_path_gives_up_rather_than_guess() -> None:
    v = versions.by_name("3.11")
    good = b")\x02\xfa\x01Ar\x00\x00\x00\x00"  # (ref 'A', r 0)
    assert reader.read(good, v).value == ("A", "A")
    assert _fast.read_fast(good, v, 0, limits.alloc_budget(len(good))).value == ("A", "A")
    for bad in (
        good[:-1],  # truncated reference index
        good.replace(b"r\x00", b"r\x05"),  # reference never set
        b")\x01R\x00\x00\x00\x00",  # 'R' does not exist in 3.11
        b")\x010",  # NULL outside a dict
    ):
        with pytest.raises(Exception):  # noqa: B017
            _fast.read_fast(bad, v, 0, limits.alloc_budget(len(bad)))
        assert outcome(lambda: reader.read(bad, v)) == _checked(bad, v, 0)  # noqa: B023
