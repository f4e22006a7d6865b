"""Find and read the cookie that ends a PyInstaller CArchive (PKG).

The cookie is the archive's last bytes: an 8-byte magic, then the package
length, the TOC's offset and length, the Python version and (2.1 on) the
64-byte name of the Python library.  PyInstaller writes it in network byte
order; a TOC and cookie in little-endian order are read as well.

It is found by its magic, searching backwards (the ELF section table, a code
signature or other data may follow the archive).  When the magic is absent --
a modified PyInstaller changed it -- the cookie is found by its *structure*:
a library name containing "python" at byte 24, lengths that fit the file, a
plausible Python version and a TOC whose first entry parses.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from typing import Iterator, Optional

from .errors import ArchiveError
from .source import CHUNK, Source

__all__ = ["COOKIE_MAGIC", "Cookie", "find_cookie", "python_of_pyvers"]

COOKIE_MAGIC = b"MEI\014\013\012\013\016"

#: (size, layout) of the two cookie versions: 2.1+ (with the library name), 2.0.
_LAYOUTS = ((88, "8sIIII64s"), (24, "8sIIII"))
_ORDERS = (("big", "!"), ("little", "<"))
_ENTRY_HEAD = 18  # entry length, offset, stored, unpacked (4 each), flag, type code
_MAX_MAGIC_HITS = 64  # magic occurrences tried before giving up on that search
_STRUCT_WINDOW = 64 << 20  # how far from the end the structural search looks


@dataclass(frozen=True)
class Cookie:
    """A validated cookie.  Offsets are relative to the searched :class:`Source`.

    ``start`` is where the package (the CArchive) begins: entry and TOC
    offsets count from there.  ``found_by`` is ``"magic"`` or ``"structure"``.
    """

    offset: int
    size: int
    byte_order: str
    magic: bytes
    package_length: int
    toc_offset: int
    toc_length: int
    pyvers: int
    pylib: Optional[str]
    found_by: str

    @property
    def start(self) -> int:
        """Offset of the package's first byte."""
        return self.offset + self.size - self.package_length

    @property
    def prefix(self) -> str:
        """The ``struct`` byte-order prefix of this archive."""
        return "!" if self.byte_order == "big" else "<"


def python_of_pyvers(pyvers: int) -> Optional[str]:
    """Return ``"3.8"`` for the cookie's Python version field, or None when implausible.

    PyInstaller wrote ``major * 10 + minor`` (so 3.10 is 40) before 5.0 and
    ``major * 100 + minor`` since; Python 2 minors stay below 10, so the two
    encodings never collide.
    """
    if 200 <= pyvers < 400:
        return f"{pyvers // 100}.{pyvers % 100}"
    if 20 <= pyvers < 30:
        return f"2.{pyvers - 20}"
    if 30 <= pyvers < 100:
        return f"3.{pyvers - 30}"
    return None


def _parse(src: Source, offset: int, size: int, layout: str, found_by: str
           ) -> Optional[Cookie]:
    if offset < 0 or offset + size > src.size:
        return None
    raw = src.read(offset, size, "cookie")
    for order, prefix in _ORDERS:
        fields = struct.unpack(prefix + layout, raw)
        pylib: Optional[str] = None
        if size == 88:
            name = fields[5].rstrip(b"\0")
            if not name or b"\0" in name or "python" not in name.decode("latin-1").lower():
                return None
            try:
                pylib = name.decode("ascii")
            except UnicodeDecodeError:
                return None
        cookie = Cookie(offset, size, order, fields[0], fields[1], fields[2], fields[3],
                        fields[4], pylib, found_by)
        if _plausible(src, cookie):
            return cookie
    return None


def _plausible(src: Source, c: Cookie) -> bool:
    body = c.package_length - c.size
    if body < 0 or c.start < 0:
        return False
    # Found by its structure alone, the version field must look like one too.
    if c.found_by == "structure" and python_of_pyvers(c.pyvers) is None:
        return False
    if c.toc_length < _ENTRY_HEAD or c.toc_offset + c.toc_length > body:
        return False
    head = src.read(c.start + c.toc_offset, _ENTRY_HEAD, "TOC")
    entry_length = struct.unpack(c.prefix + "I", head[:4])[0]
    return _ENTRY_HEAD < entry_length <= c.toc_length


def _magic_hits(src: Source) -> Iterator[int]:
    hi = src.size
    for _ in range(_MAX_MAGIC_HITS):
        hit = src.rfind(COOKIE_MAGIC, 0, hi)
        if hit < 0:
            return
        yield hit
        hi = hit + len(COOKIE_MAGIC) - 1


def find_cookie(src: Source) -> Optional[Cookie]:
    """Return the archive's cookie, or None when ``src`` holds no CArchive.

    Raises :class:`ArchiveError` when the magic is there but no occurrence has
    consistent fields (a damaged or hostile cookie).
    The last occurrence of the magic whose fields are consistent wins; without
    one, the structural search (see the module docstring) runs over the last
    64 MB.  Reads stay chunked: memory does not grow with the file.
    """
    rejected: list[int] = []
    for hit in _magic_hits(src):
        for size, layout in _LAYOUTS:
            cookie = _parse(src, hit, size, layout, "magic")
            if cookie is not None:
                return cookie
        rejected.append(hit)
    found = _by_structure(src)
    if found is None and rejected:
        raise ArchiveError(
            f"PyInstaller cookie magic at offset {src.start + rejected[0]}, but its fields "
            "do not fit the file (package length, TOC position or Python version)",
            offset=src.start + rejected[0],
            expected="a package that starts inside the file and a TOC inside the package")
    return found


def _by_structure(src: Source) -> Optional[Cookie]:
    # PyInstaller 2.0's bootloader reads the 24-byte cookie from the very end.
    tail = _parse(src, src.size - 24, 24, _LAYOUTS[1][1], "structure")
    lo = max(0, src.size - _STRUCT_WINDOW)
    end = src.size
    while end > lo:
        # One read per chunk (overlapping by a cookie's length), candidates from the end.
        begin = max(lo, end - CHUNK)
        block = src.read(begin, end - begin, "cookie search")
        for hit in reversed([m.start() for m in _NAME.finditer(block)]):
            # The library name starts at byte 24: "Python..."/"python..." or "libpython...".
            for back in (25, 28):
                at = begin + hit - back
                if 0 <= at and at + 88 <= src.size and _cheap_check(block, hit - back, at, src):
                    cookie = _parse(src, at, 88, _LAYOUTS[0][1], "structure")
                    if cookie is not None:
                        return cookie
        if begin == lo:
            break
        end = begin + 88
    return tail


_NAME = re.compile(rb"ython")


def _cheap_check(block: bytes, rel: int, at: int, src: Source) -> bool:
    """Reject most candidates from the chunk already read: the version field must be plausible."""
    if 0 <= rel and rel + 24 <= len(block):
        field = block[rel + 20 : rel + 24]
    else:
        field = src.read(at + 20, 4, "cookie")
    return any(python_of_pyvers(int.from_bytes(field, order)) for order in ("big", "little"))
