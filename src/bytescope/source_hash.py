"""PEP 552 source hashes, computed the way each CPython version computes them.

A hash-based pyc (3.7+) stores ``importlib.util.source_hash(source)`` in
header bytes 8-16.  CPython computes it as ``_imp.source_hash(key, source)``
where ``key`` is the interpreter's own magic word read as a little-endian
integer (``importlib._bootstrap_external._RAW_MAGIC_NUMBER``), and the C code
runs ``_Py_KeyedHash(key, source)``: SipHash with ``k0 = key``, ``k1 = 0``,
written as 8 little-endian bytes.  The SipHash variant is a per-version fact,
the versions table's ``source_hash_rounds`` (SipHash-2-4 for 3.7 - 3.10,
SipHash-1-3 from 3.11), checked against every interpreter installed here.

Pure Python, standard library only.
"""

from __future__ import annotations

import struct
import sys
from typing import Union

from .errors import UnsupportedVersion
from .versions import VersionInfo

__all__ = ["siphash", "source_hash", "algorithm_for"]

_MASK = 0xFFFFFFFFFFFFFFFF


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def _rounds(v0: int, v1: int, v2: int, v3: int, n: int) -> tuple[int, int, int, int]:
    for _ in range(n):
        v0 = (v0 + v1) & _MASK
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & _MASK
        v3 = _rotl(v3, 16) ^ v2
        v0 = (v0 + v3) & _MASK
        v3 = _rotl(v3, 21) ^ v0
        v2 = (v2 + v1) & _MASK
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash(data: bytes, k0: int, k1: int = 0, c_rounds: int = 1, d_rounds: int = 3) -> int:
    """Return the 64-bit SipHash-``c``-``d`` of ``data`` under key ``(k0, k1)``.

    ``c_rounds=2, d_rounds=4`` is SipHash-2-4; the defaults are SipHash-1-3.
    """
    k0 &= _MASK
    k1 &= _MASK
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    size = len(data)
    whole = size - size % 8
    if whole:
        for (m,) in struct.iter_unpack("<Q", data[:whole]):
            v3 ^= m
            v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, c_rounds)
            v0 ^= m
    b = ((size & 0xFF) << 56) | int.from_bytes(data[whole:], "little")
    v3 ^= b
    v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, c_rounds)
    v0 ^= b
    v2 ^= 0xFF
    v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, d_rounds)
    return v0 ^ v1 ^ v2 ^ v3


def algorithm_for(version: VersionInfo) -> tuple[int, int]:
    """Return the SipHash ``(c, d)`` rounds ``version`` uses for source hashes.

    Raises :class:`~bytescope.errors.UnsupportedVersion` for versions without
    hash-based pycs (before 3.7) or whose algorithm is not known.
    """
    rounds = version.source_hash_rounds
    if rounds is None or not version.has_hash_based_pycs:
        raise UnsupportedVersion(
            f"{version.name} has no known source-hash algorithm (hash-based pycs are 3.7+)"
        )
    return rounds


def source_hash(source: Union[bytes, bytearray, memoryview], version: VersionInfo,
                magic_word: bytes = b"", *, use_host: bool = True) -> bytes:
    """Return the 8-byte PEP 552 hash of ``source`` as ``version`` computes it.

    The key is the magic word (``magic_word`` if given, else the version's)
    read as a little-endian integer, exactly as
    ``importlib.util.source_hash`` of that interpreter does.  When that magic
    word is the host CPython's own (and ``use_host``), the host's C
    implementation computes it.  Raises
    :class:`~bytescope.errors.UnsupportedVersion` where the algorithm is
    unknown.
    """
    c_rounds, d_rounds = algorithm_for(version)
    word = magic_word or version.magic_bytes
    if use_host and sys.implementation.name == "cpython":
        import importlib.util

        if word == importlib.util.MAGIC_NUMBER and hasattr(importlib.util, "source_hash"):
            return bytes(importlib.util.source_hash(bytes(source)))
    key = int.from_bytes(word, "little")
    value = siphash(bytes(source), key, 0, c_rounds, d_rounds)
    return value.to_bytes(8, "little")
