"""Craft packed applications byte by byte: CArchives, PYZs, zips and PE files.

The hostile-archive tests and ``bench/bench_unpack.py`` build their inputs with
these helpers, so every field (offsets, lengths, names, magics, byte order)
can be made to lie.  Code entries are compiled and marshalled by the host.
"""

from __future__ import annotations

import importlib.util
import marshal
import struct
import zlib
from dataclasses import dataclass
from typing import Optional

COOKIE_MAGIC = b"MEI\014\013\012\013\016"
HOST_MAGIC = importlib.util.MAGIC_NUMBER
ELF_STUB = b"\x7fELF" + bytes(252)


def code_bytes(source: str = "x = 1\n", name: str = "<mod>") -> bytes:
    """The host's marshal of ``source`` compiled (a PYZ / CArchive code entry)."""
    return marshal.dumps(compile(source, name, "exec"))


@dataclass
class CEntry:
    """One CArchive entry; ``offset``/``stored``/``size`` override the computed fields."""

    name: str
    data: bytes
    typecode: str = "x"
    flag: int = 0
    offset: Optional[int] = None
    stored: Optional[int] = None
    size: Optional[int] = None
    raw_name: Optional[bytes] = None


def carchive(entries: list[CEntry], *, prefix: bytes = ELF_STUB, magic: bytes = COOKIE_MAGIC,
             order: str = "!", pyvers: int = 311, pylib: bytes = b"libpython3.11.so.1.0",
             cookie24: bool = False, suffix: bytes = b"") -> bytes:
    """Return ``prefix`` + a CArchive of ``entries`` (+ ``suffix`` after the cookie)."""
    body = bytearray()
    toc = bytearray()
    for e in entries:
        data = zlib.compress(e.data) if e.flag == 1 else e.data
        toc += toc_entry(e, len(body) if e.offset is None else e.offset, data, order)
        body += data
    return prefix + bytes(body) + bytes(toc) + cookie(len(body), len(toc), magic=magic,
                                                      order=order, pyvers=pyvers, pylib=pylib,
                                                      cookie24=cookie24) + suffix


def toc_entry(e: CEntry, offset: int, data: bytes, order: str = "!") -> bytes:
    """One TOC entry for ``e`` whose stored bytes ``data`` sit at package ``offset``."""
    name = e.raw_name if e.raw_name is not None else e.name.encode("utf-8")
    name += b"\0"
    name += b"\0" * (-(18 + len(name)) % 16)
    return struct.pack(order + "IIIIBc", 18 + len(name), offset,
                       len(data) if e.stored is None else e.stored,
                       len(e.data) if e.size is None else e.size, e.flag,
                       e.typecode.encode()) + name


def cookie(toc_offset: int, toc_length: int, *, magic: bytes = COOKIE_MAGIC, order: str = "!",
           pyvers: int = 311, pylib: bytes = b"libpython3.11.so.1.0",
           cookie24: bool = False) -> bytes:
    """The cookie ending a package whose TOC of ``toc_length`` bytes starts at ``toc_offset``."""
    if cookie24:
        return struct.pack(order + "8sIIII", magic, toc_offset + toc_length + 24, toc_offset,
                           toc_length, pyvers)
    return struct.pack(order + "8sIIII64s", magic, toc_offset + toc_length + 88, toc_offset,
                       toc_length, pyvers, pylib)


def pyz(entries: list[tuple[str, int, bytes]], *, magic: bytes = HOST_MAGIC,
        overrides: Optional[dict[str, tuple[int, int]]] = None, encrypted: bool = False,
        compress: bool = True) -> bytes:
    """Return a PYZ: ``entries`` are ``(name, typecode, data)`` (data zlib-compressed here).

    ``overrides`` maps a name to a forced ``(offset, length)``.
    """
    out = bytearray(b"PYZ\0" + magic + b"\0\0\0\0" + (b"\1" if encrypted else b"\0"))
    toc = []
    for name, typ, data in entries:
        blob = zlib.compress(data) if compress and data else data
        pos = len(out)
        out += blob
        where = (overrides or {}).get(name, (pos, len(blob)))
        toc.append((name, (typ, where[0], where[1])))
    toc_pos = len(out)
    out[8:12] = struct.pack("!i", toc_pos)
    out += marshal.dumps(toc)
    return bytes(out)


def pe_with_resource(type_name: str, data: bytes, *, tail: bytes = b"") -> bytes:
    """A minimal PE32 file with one resource ``type_name``/1/0 holding ``data``."""
    sect_rva, sect_off = 0x1000, 0x200
    # Resource section: root dir (1 named entry) -> name dir (1 id) -> lang dir (1 id) -> data.
    name_utf16 = type_name.encode("utf-16-le")
    root = struct.pack("<IIHHHH", 0, 0, 0, 0, 1, 0)
    root_entries_at = len(root)
    level2_at = root_entries_at + 8
    level3_at = level2_at + 16 + 8
    data_entry_at = level3_at + 16 + 8
    name_at = data_entry_at + 16
    payload_at = (name_at + 2 + len(name_utf16) + 15) & ~15
    rsrc = bytearray()
    rsrc += root
    rsrc += struct.pack("<II", 0x80000000 | name_at, 0x80000000 | level2_at)
    rsrc += struct.pack("<IIHHHH", 0, 0, 0, 0, 0, 1) + struct.pack("<II", 1, 0x80000000 |
                                                                    level3_at)
    rsrc += struct.pack("<IIHHHH", 0, 0, 0, 0, 0, 1) + struct.pack("<II", 0, data_entry_at)
    rsrc += struct.pack("<IIII", sect_rva + payload_at, len(data), 0, 0)
    rsrc += struct.pack("<H", len(type_name)) + name_utf16
    rsrc += bytes(payload_at - len(rsrc))
    rsrc += data
    dos = bytearray(b"MZ" + bytes(0x3A) + struct.pack("<I", 0x40))
    coff = struct.pack("<HHIIIHH", 0x14C, 1, 0, 0, 0, 224, 0x102)
    opt = bytearray(224)
    struct.pack_into("<H", opt, 0, 0x10B)
    struct.pack_into("<I", opt, 92, 16)  # NumberOfRvaAndSizes
    struct.pack_into("<II", opt, 96 + 16, sect_rva, len(rsrc))  # resource directory
    section = struct.pack("<8sIIIIIIHHI", b".rsrc", len(rsrc), sect_rva, len(rsrc), sect_off,
                          0, 0, 0, 0, 0x40000040)
    head = bytes(dos) + b"PE\0\0" + coff + bytes(opt) + section
    head += bytes(sect_off - len(head))
    return head + bytes(rsrc) + tail


def py2exe_script(codes: list[bytes], zippath: bytes = b"") -> bytes:
    """The PYTHONSCRIPT payload: header, archive path, marshalled list of code objects."""
    body = marshal.dumps([marshal.loads(c) for c in codes])
    return struct.pack("<IiiI", 0x78563412, 0, 0, len(body)) + zippath + b"\0" + body + b"\0\0"
