"""Limits that keep ``bytescope unpack`` bounded on hostile archives, and bounded inflation.

:class:`Limits` holds them (all overridable from the library and the command
line); :func:`inflate` decompresses a zlib stream piece by piece and stops the
moment the output passes the entry's declared size or the ratio limit -- a
decompression bomb is refused after at most one extra chunk, never inflated
into memory or onto the disk.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from .errors import ArchiveError, DecompressionBomb
from .source import CHUNK

__all__ = ["Limits", "inflate"]


@dataclass(frozen=True)
class Limits:
    """Bounds of one unpack run.

    ``max_entry``: bytes one entry may unpack to; ``max_ratio``: how many times
    its stored size an entry may grow (entries unpacking to less than
    ``ratio_floor`` bytes are exempt: a small run of zeros compresses a
    thousandfold); ``max_code``: bytes of one code entry (read whole to check
    its marshal stream); ``max_output``: bytes written by the whole run (None:
    4 GiB or 50 times the input, whichever is larger).
    """

    max_entry: int = 4 << 30
    max_ratio: int = 250
    ratio_floor: int = 1 << 20
    max_code: int = 256 << 20
    max_output: Optional[int] = None

    def output_budget(self, input_size: int) -> int:
        """Return the bytes the run may write for an input of ``input_size`` bytes."""
        if self.max_output is not None:
            return self.max_output
        return max(4 << 30, 50 * input_size)

    def cap(self, stored: int, declared: Optional[int]) -> int:
        """Return the most bytes an entry of ``stored`` bytes (declaring ``declared``) may give."""
        cap = min(self.max_entry, max(self.ratio_floor, stored * self.max_ratio))
        return cap if declared is None else min(cap, declared)


def inflate(pieces: Iterable[bytes], *, stored: int, declared: Optional[int], limits: Limits,
            what: str, offset: int) -> Iterator[bytes]:
    """Yield the zlib-decompressed bytes of ``pieces``, in chunks of at most 1 MiB.

    Raises :class:`ArchiveError` (with ``offset``, the stream's file offset)
    when the output would pass the declared size, the ratio or the entry limit
    (a bomb), when the stream is corrupt, or when it ends early.
    """
    cap = limits.cap(stored, declared)
    d = zlib.decompressobj()
    out = 0

    def bomb() -> DecompressionBomb:
        if declared is not None and cap == declared:
            why = f"its declared size of {declared} bytes"
        else:
            why = (f"{cap} bytes (the limit for {stored} stored bytes: --max-ratio "
                   f"{limits.max_ratio}, --max-entry {limits.max_entry})")
        return DecompressionBomb(f"{what}: decompression bomb refused: it inflates past {why}",
                                 offset=offset)

    def inflated() -> Iterator[bytes]:
        for piece in pieces:
            yield d.decompress(piece, CHUNK)
            while d.unconsumed_tail:
                yield d.decompress(d.unconsumed_tail, CHUNK)
            if d.eof:
                return
        yield d.flush()

    try:
        for data in inflated():
            out += len(data)
            if out > cap:
                raise bomb()
            if data:
                yield data
    except zlib.error as exc:
        raise ArchiveError(f"{what}: corrupt zlib data ({exc})", offset=offset) from None
    if not d.eof:
        raise ArchiveError(f"{what}: the zlib stream ends early (after {out} bytes)",
                           offset=offset, expected="a complete zlib stream")
