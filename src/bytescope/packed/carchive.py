"""The CArchive (PKG) table of contents: entries, their kinds, and range checks.

Each TOC entry is ``entry length, data offset, stored length, unpacked
length`` (4 bytes each, the cookie's byte order), a compression flag, a type
code, then the NUL-padded name.  :func:`read_toc` parses them all, stopping
with an error at the first malformed entry (the entries before it are kept),
and :func:`check_ranges` marks entries whose data lies outside the package,
overlaps another entry, or overlaps the TOC and cookie (an archive inside
itself).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Optional

from .cookie import Cookie
from .errors import ArchiveError
from .source import Source

__all__ = ["TYPECODES", "TocEntry", "check_ranges", "read_toc"]

#: What each CArchive type code holds (PyInstaller 2.0 - 6.x).
TYPECODES = {
    "b": "binary",
    "x": "data",
    "z": "pyz",
    "Z": "zipfile",
    "s": "script",
    "m": "module",
    "M": "package",
    "o": "option",
    "d": "dependency",
    "n": "symlink",
    "l": "splash",
    "a": "archive",
}

_MAX_TOC = 64 << 20  # a TOC larger than this is refused before it is read


@dataclass
class TocEntry:
    """One CArchive TOC entry; ``offset`` counts from the package start."""

    index: int
    name: str
    offset: int
    stored: int
    size: int
    flag: int
    typecode: str
    toc_offset: int
    error: Optional[str] = None

    @property
    def kind(self) -> str:
        """The entry's kind (see :data:`TYPECODES`), ``"unknown"`` for other codes."""
        return TYPECODES.get(self.typecode, "unknown")


def read_toc(src: Source, cookie: Cookie) -> tuple[list[TocEntry], Optional[ArchiveError]]:
    """Return the TOC's entries, and the error that stopped the parse early (or None).

    Names are decoded as UTF-8 (undecodable bytes kept as surrogate escapes).
    """
    if cookie.toc_length > _MAX_TOC:
        raise ArchiveError(f"CArchive TOC of {cookie.toc_length} bytes is larger than the "
                           f"{_MAX_TOC}-byte limit", offset=cookie.start + cookie.toc_offset)
    base = cookie.start + cookie.toc_offset
    raw = src.read(base, cookie.toc_length, "CArchive TOC")
    head = struct.Struct(cookie.prefix + "IIIIBc")
    entries: list[TocEntry] = []
    pos = 0
    while pos < len(raw):
        if pos + head.size > len(raw):
            return entries, ArchiveError("CArchive TOC ends inside an entry",
                                         offset=base + pos, expected=f"{head.size} bytes")
        length, offset, stored, size, flag, code = head.unpack_from(raw, pos)
        if length <= head.size or pos + length > len(raw):
            return entries, ArchiveError(
                f"CArchive TOC entry {len(entries)} declares a length of {length}",
                offset=base + pos, expected=f"more than {head.size} and at most "
                f"{len(raw) - pos} (the rest of the TOC)")
        name_raw = raw[pos + head.size : pos + length].split(b"\0", 1)[0]
        name = name_raw.decode("utf-8", "surrogateescape")
        entries.append(TocEntry(len(entries), name, offset, stored, size, flag,
                                code.decode("latin-1"), base + pos))
        pos += length
    return entries, None


def check_ranges(entries: list[TocEntry], cookie: Cookie) -> None:
    """Set ``error`` on entries whose stored bytes are out of bounds or overlap.

    Data must lie inside the package before its TOC.  Entries are checked in
    offset order; one overlapping an earlier good entry is refused (a zip-bomb
    style archive reuses the same bytes many times), as is one that covers the
    TOC or cookie (its own archive).
    """
    body = cookie.toc_offset
    end_of_package = cookie.package_length
    ranged = sorted((e for e in entries if e.stored > 0), key=lambda e: (e.offset, e.index))
    last: Optional[TocEntry] = None
    for e in ranged:
        if e.offset + e.stored > end_of_package:
            e.error = (f"declares {e.stored} bytes at package offset {e.offset}, past the "
                       f"end of the {end_of_package}-byte package")
            continue
        if e.offset + e.stored > body:
            e.error = (f"its bytes [{e.offset}, {e.offset + e.stored}) cover the archive's own "
                       f"TOC at {body}: a recursive archive entry, refused")
            continue
        if last is not None and e.offset < last.offset + last.stored:
            e.error = (f"overlaps entry {last.name!r} (bytes [{last.offset}, "
                       f"{last.offset + last.stored}) of the package): refused")
            continue
        last = e
