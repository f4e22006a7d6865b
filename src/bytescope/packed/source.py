"""Bounded random access to the bytes of a packed file, without loading it whole.

A :class:`Source` is a file (or bytes) plus a window ``[start, end)``: nested
archives (the PYZ inside a CArchive inside an executable) are windows of the
same file, so nothing is copied.  Every read is checked against the window and
fails with :class:`~.errors.ArchiveError` naming the offset, never returning
short data silently.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Iterator, Optional, Union

from .errors import ArchiveError

__all__ = ["CHUNK", "Source"]

#: Bytes read per step when streaming an entry (bounds the memory of big entries).
CHUNK = 1 << 20


class Source:
    """A readable window of a file or of bytes.

    ``path`` is the file's name (for messages); offsets given to the methods
    are relative to the window's start, offsets in errors are absolute file
    offsets.
    """

    def __init__(
        self,
        fh: Union[BinaryIO, bytes, bytearray, memoryview],
        path: str = "<bytes>",
        start: int = 0,
        end: Optional[int] = None,
    ) -> None:
        self._data: Optional[memoryview] = None
        self._fh: Optional[BinaryIO] = None
        if isinstance(fh, (bytes, bytearray, memoryview)):
            self._data = memoryview(fh).cast("B") if not isinstance(fh, bytes) else memoryview(fh)
            total = len(self._data)
        else:
            self._fh = fh
            total = os.fstat(fh.fileno()).st_size
        self.path = path
        self.total = total
        self.start = start
        self.end = total if end is None else end
        if not 0 <= self.start <= self.end <= total:
            raise ArchiveError(
                f"window [{start}, {end}) lies outside the file of {total} bytes", offset=start
            )

    @classmethod
    def open(cls, path: str) -> Source:
        """Return a :class:`Source` over the whole file ``path`` (kept open until :meth:`close`)."""
        return cls(open(path, "rb"), path)

    def close(self) -> None:
        """Close the underlying file (windows share it: close only the outermost)."""
        if self._fh is not None:
            self._fh.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def file(self) -> BinaryIO:
        """Return the underlying open file (for readers such as :mod:`zipfile`).

        Raises :class:`ArchiveError` for a source made from bytes.
        """
        if self._fh is None:
            raise ArchiveError(f"{self.path}: not backed by a file")
        return self._fh

    @property
    def size(self) -> int:
        """The window's length in bytes."""
        return self.end - self.start

    def window(self, offset: int, length: int, what: str = "entry") -> Source:
        """Return the sub-window ``[offset, offset+length)`` (relative to this window).

        Raises :class:`ArchiveError` when it does not fit inside this window.
        """
        self.check(offset, length, what)
        sub = Source.__new__(Source)
        sub.__dict__.update(self.__dict__)
        sub.start = self.start + offset
        sub.end = sub.start + length
        return sub

    def check(self, offset: int, length: int, what: str) -> None:
        """Raise :class:`ArchiveError` unless ``[offset, offset+length)`` lies in the window."""
        if offset < 0 or length < 0 or offset + length > self.size:
            raise ArchiveError(
                f"{what} declares {length} bytes at offset {offset}, past the end of its "
                f"{self.size}-byte container",
                offset=self.start + max(offset, 0),
                expected=f"data inside [{self.start}, {self.end})",
            )

    def read(self, offset: int, length: int, what: str = "data") -> bytes:
        """Return exactly ``length`` bytes at ``offset``; raise :class:`ArchiveError` otherwise."""
        self.check(offset, length, what)
        pos = self.start + offset
        if self._data is not None:
            return bytes(self._data[pos : pos + length])
        assert self._fh is not None
        self._fh.seek(pos)
        data = self._fh.read(length)
        if len(data) != length:  # the file shrank while we read it
            raise ArchiveError(f"{what}: short read", offset=pos + len(data))
        return data

    def chunks(self, offset: int, length: int, what: str = "data") -> Iterator[bytes]:
        """Yield ``length`` bytes at ``offset`` in pieces of at most :data:`CHUNK` bytes."""
        self.check(offset, length, what)
        done = 0
        while done < length:
            step = min(CHUNK, length - done)
            yield self.read(offset + done, step, what)
            done += step

    def rfind(self, needle: bytes, lo: int = 0, hi: Optional[int] = None) -> int:
        """Return the last offset of ``needle`` within ``[lo, hi)`` (window-relative), or -1.

        Reads backwards in chunks that overlap by ``len(needle) - 1`` bytes, so
        memory stays at one chunk whatever the file size.
        """
        hi = self.size if hi is None else hi
        n = len(needle)
        end = hi
        while end - lo >= n:
            begin = max(lo, end - CHUNK)
            block = self.read(begin, end - begin, "search")
            hit = block.rfind(needle)
            if hit >= 0:
                return begin + hit
            if begin == lo:
                break
            end = begin + n - 1
        return -1
