"""PEP 552 source hashes: pure-Python SipHash against reference vectors and real interpreters."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import interpreters
import pytest

from bytescope import source_hash as sh
from bytescope.errors import UnsupportedVersion
from bytescope.versions import by_magic, by_name, known_lines

SAMPLES = [b"", b"a", b"abcdefg", b"abcdefgh", b"abcdefghi", bytes(range(256)) * 3,
           "print('h\u00e9')\n".encode()]


def test_siphash24_reference_vectors() -> None:
    # From the SipHash paper (Aumasson & Bernstein), appendix A: key 00..0f.
    k0 = int.from_bytes(bytes(range(8)), "little")
    k1 = int.from_bytes(bytes(range(8, 16)), "little")
    assert sh.siphash(bytes(range(15)), k0, k1, 2, 4) == 0xA129CA6149BE45E5
    # The first of the 64 vectors of the reference implementation (empty message).
    assert sh.siphash(b"", k0, k1, 2, 4).to_bytes(8, "little").hex() == "310e0edd47db6f72"


def test_host_source_hash_matches() -> None:
    v = by_magic(importlib.util.MAGIC_NUMBER)
    if v.source_hash_rounds is None or not v.has_hash_based_pycs:
        pytest.skip(f"host {v.name} writes no hash-based pycs")
    for data in SAMPLES:
        assert sh.source_hash(data, v, importlib.util.MAGIC_NUMBER, use_host=False) == \
            importlib.util.source_hash(data)
        assert sh.source_hash(data, v, importlib.util.MAGIC_NUMBER) == \
            importlib.util.source_hash(data)


SCRIPT = ("import importlib.util as u, sys, binascii\n"
          "sys.stdout.write(binascii.hexlify(u.MAGIC_NUMBER).decode() + '\\n')\n"
          "for line in sys.stdin.read().split():\n"
          "    data = binascii.unhexlify(line[1:])\n"
          "    sys.stdout.write(binascii.hexlify(u.source_hash(data)).decode() + '\\n')\n")


#: The CPython lines whose source-hash algorithm the versions table states.
HASHED_LINES = [k for k in known_lines() if by_name(k).source_hash_rounds is not None]


@pytest.mark.parametrize("version", HASHED_LINES)
def test_each_interpreter_agrees(version: str) -> None:
    python = interpreters.require(version)
    stdin = "\n".join("x" + s.hex() for s in SAMPLES)
    out = subprocess.run([python, "-c", SCRIPT], input=stdin, capture_output=True,
                         text=True, timeout=120, check=True).stdout.split()
    magic = bytes.fromhex(out[0])
    v = by_magic(magic)
    assert v.key == version
    assert [sh.source_hash(s, v, magic, use_host=False).hex() for s in SAMPLES] == out[1:]
    # And the key is the version's own magic word when none is given.
    if v.magic_bytes == magic:
        assert sh.source_hash(SAMPLES[1], v, use_host=False).hex() == out[2]


def test_versions_without_hash_pycs() -> None:
    with pytest.raises(UnsupportedVersion):
        sh.source_hash(b"", by_name("3.6"))
    with pytest.raises(UnsupportedVersion):
        sh.source_hash(b"", by_name("2.7"))


def test_algorithm_table() -> None:
    assert sh.algorithm_for(by_name("3.7")) == (2, 4)
    assert sh.algorithm_for(by_name("3.10")) == (2, 4)
    assert sh.algorithm_for(by_name("3.11")) == (1, 3)
    assert sys.version_info >= (3, 9)
