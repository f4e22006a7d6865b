"""Just enough of the PE format to find a named resource, without Windows.

:func:`find_resources` maps the resource directory's RVA through the section
table to a file offset and walks the three directory levels (type, name,
language).  Every offset is bounds-checked, levels are limited to three and
each directory is visited once, so a hostile file cannot loop or read out of
bounds.
"""

from __future__ import annotations

import struct
from typing import Optional

from .errors import ArchiveError
from .source import Source

__all__ = ["find_resources", "sections"]

_SECTION = struct.Struct("<8sIIII")
_MAX_ENTRIES = 4096


def sections(src: Source) -> tuple[list[tuple[bytes, int, int, int, int]], int, int]:
    """Return (sections, resource RVA, resource size) of a PE file.

    Sections are ``(name, virtual address, virtual size, raw size, raw offset)``.
    Raises :class:`ArchiveError` when the headers are not a PE's.
    """
    if src.size < 64 or src.read(0, 2, "DOS header") != b"MZ":
        raise ArchiveError("not a PE file", offset=0, expected="MZ")
    pe = struct.unpack("<I", src.read(0x3C, 4, "e_lfanew"))[0]
    if src.read(pe, 4, "PE signature") != b"PE\0\0":
        raise ArchiveError("no PE signature", offset=pe, expected="PE\\0\\0")
    count, opt_size = struct.unpack("<H12xH", src.read(pe + 6, 16, "COFF header"))
    opt = pe + 24
    magic = struct.unpack("<H", src.read(opt, 2, "optional header"))[0]
    dirs = opt + (96 if magic == 0x10B else 112)
    ndirs = struct.unpack("<I", src.read(dirs - 4, 4, "directory count"))[0]
    rsrc_rva = rsrc_size = 0
    if ndirs > 2:
        rsrc_rva, rsrc_size = struct.unpack("<II", src.read(dirs + 16, 8, "resource directory"))
    table = opt + opt_size
    out = []
    for i in range(min(count, 96)):
        name, vsize, vaddr, rsize, roff = _SECTION.unpack(src.read(table + 40 * i, 24,
                                                                   "section header"))
        out.append((name.rstrip(b"\0"), vaddr, vsize, rsize, roff))
    return out, rsrc_rva, rsrc_size


def _to_offset(secs: list[tuple[bytes, int, int, int, int]], rva: int) -> Optional[int]:
    for _, vaddr, vsize, rsize, roff in secs:
        if vaddr <= rva < vaddr + max(vsize, rsize):
            return roff + (rva - vaddr)
    return None


def _name(src: Source, base: int, value: int) -> str:
    off = base + (value & 0x7FFFFFFF)
    n = struct.unpack("<H", src.read(off, 2, "resource name"))[0]
    return src.read(off + 2, 2 * n, "resource name").decode("utf-16-le", "replace")


def find_resources(src: Source, type_name: str) -> list[tuple[int, int]]:
    """Return ``[(file offset, size)]`` of the resources of type ``type_name``.

    Raises :class:`ArchiveError` on a malformed PE; returns ``[]`` when the
    file has no such resource.
    """
    secs, rva, _ = sections(src)
    base = _to_offset(secs, rva) if rva else None
    if base is None:
        return []
    found: list[tuple[int, int]] = []
    seen: set[int] = set()

    def walk(off: int, level: int) -> None:
        if off in seen or level > 2:
            return
        seen.add(off)
        named, ids = struct.unpack("<12xHH", src.read(off, 16, "resource directory"))
        for i in range(min(named + ids, _MAX_ENTRIES)):
            name, target = struct.unpack("<II", src.read(off + 16 + 8 * i, 8, "resource entry"))
            if level == 0 and not (name & 0x80000000 and _name(src, base, name) == type_name):
                continue
            if target & 0x80000000:
                walk(base + (target & 0x7FFFFFFF), level + 1)
            else:
                data_rva, size = struct.unpack("<II", src.read(base + target, 8, "data entry"))
                at = _to_offset(secs, data_rva)
                if at is not None:
                    src.check(at, size, f"{type_name} resource")
                    found.append((at, size))

    walk(base, 0)
    return found
