"""Heap scan: find objects of a type, or byte patterns, in the writable mappings.

The search itself is ``bytes.find`` over large chunks (C speed); Python code
only runs per hit.  Reads are bounded by the chunk size, mappings that vanish or
cannot be read are skipped.
"""

from __future__ import annotations

import struct
from typing import Dict, Iterable, Iterator, List, Sequence, Tuple

from .errors import BadPointer
from .maps import Mapping
from .memory import MemorySource

CHUNK = 8 * 1024 * 1024

_SKIP = ("[vvar]", "[vsyscall]", "[vdso]", "[stack]", "[vvar_vclock]")


def heap_mappings(maps: Iterable[Mapping]) -> List[Mapping]:
    """Return the readable, writable mappings where Python objects can live."""
    return [m for m in maps if m.readable and m.writable and m.path not in _SKIP
            and not m.path.startswith("/dev/")]


def scan(
    mem: MemorySource,
    maps: Sequence[Mapping],
    words: Sequence[int] = (),
    patterns: Sequence[bytes] = (),
) -> Tuple[Dict[int, List[int]], Dict[bytes, List[int]], int]:
    """Search ``maps`` for 8-byte-aligned ``words`` and unaligned byte ``patterns``.

    Returns ``(word_hits, pattern_hits, bytes_scanned)``: for each word the
    addresses where it is stored, for each pattern the addresses where it starts.
    A pattern spanning two chunks is found thanks to a small overlap.

    The search runs on each pattern without its leading and trailing NUL bytes
    (pointers end in ``00 00``; a zero-filled heap would make ``find`` crawl), and
    each candidate is then checked in full.
    """
    word_bytes = {w: struct.pack("<Q", w) for w in words}
    word_hits: Dict[int, List[int]] = {w: [] for w in words}
    pat_hits: Dict[bytes, List[int]] = {p: [] for p in patterns}
    overlap = max([len(p) for p in patterns] + [8]) - 1
    total = 0
    buf = bytearray()
    for m in maps:
        pos = m.start
        while pos < m.end:
            n = min(CHUNK, m.end - pos)
            extra = min(overlap, m.end - pos - n)
            if len(buf) != n + extra:
                buf = bytearray(n + extra)
            try:
                mem.read_into(pos, buf)
            except BadPointer:
                if not extra:
                    pos += n
                    continue
                try:
                    buf = bytearray(n)
                    mem.read_into(pos, buf)
                except BadPointer:
                    pos += n
                    continue
            total += n
            # Choose each needle per chunk: what is rare differs between mappings.
            keys = {p: _best_key(p, buf) for p in list(word_bytes.values()) + list(patterns)}
            for w, wb in word_bytes.items():
                _find_all(buf, wb, keys[wb], n, word_hits[w], pos, aligned=True)
            for p, hits in pat_hits.items():
                _find_all(buf, p, keys[p], n, hits, pos, aligned=False)
            pos += n
    return word_hits, pat_hits, total


def _best_key(pattern: bytes, sample: bytearray) -> Tuple[bytes, int]:
    """Return ``(key, lead)``: the part of ``pattern`` to search for, and where it starts.

    ``find`` tests the *last* byte of its needle first, so the key ends at the
    pattern byte that is rarest in ``sample`` (a chunk of the memory searched):
    pointers end in zeros and share high bytes with all their neighbours, and
    searching for those crawls.  A rare byte alone is best (``find`` of one byte
    is ``memchr``).  Candidates are checked against the whole pattern.
    """
    sample = sample[:1 << 18]
    ends = [e for e in range(len(pattern)) if pattern[e]] or list(range(len(pattern)))
    counts = {pattern[e]: sample.count(pattern[e:e + 1]) for e in ends}
    best_end = min(ends, key=lambda e: (counts[pattern[e]], -e))
    if counts[pattern[best_end]] * 1000 < max(len(sample), 1):
        # Rare enough: a one-byte needle is a memchr, and few candidates need checking.
        return pattern[best_end:best_end + 1], best_end
    # Otherwise run back over non-zero bytes (zeros are everywhere in memory).
    start = best_end
    while start > 0 and pattern[start - 1]:
        start -= 1
    return pattern[start:best_end + 1], start


def _find_all(buf: bytearray, pattern: bytes, key_lead: Tuple[bytes, int], limit: int,
              hits: List[int], base: int, aligned: bool) -> None:
    """Append ``base + i`` for each match of ``pattern`` starting at ``i < limit``."""
    key, lead = key_lead
    size = len(pattern)
    find = buf.find
    stop = limit + lead + len(key)
    j = find(key, lead, stop)
    while j >= 0:
        i = j - lead
        if (not aligned or not i & 7) and buf[i:i + size] == pattern:
            hits.append(base + i)
        j = find(key, j + 1, stop)


def iter_words(data: bytes, offset: int = 0) -> Iterator[int]:
    """Yield the little-endian 64-bit words of ``data`` from ``offset``."""
    for i in range(offset, len(data) - 7, 8):
        yield struct.unpack_from("<Q", data, i)[0]
