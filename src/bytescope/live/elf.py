"""A small ELF64 reader: program headers, sections, symbols, notes.

Enough to find CPython's symbols in an executable or ``libpython`` (``.dynsym``
first, ``.symtab`` where the file is not stripped), the load bias of a mapped
image, a named section (``.PyRuntime``), and the notes of a core file
(``NT_FILE``, ``NT_PRSTATUS``).  Every read is bounds-checked; a damaged file
gives a :class:`~bytescope.errors.LiveAccessError` naming the offset.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Tuple, Union

from ..errors import LiveAccessError

PT_LOAD = 1
PT_NOTE = 4
SHT_SYMTAB = 2
SHT_DYNSYM = 11
ET_EXEC = 2
ET_DYN = 3
ET_CORE = 4
NT_PRSTATUS = 1
NT_PRPSINFO = 3
NT_FILE = 0x46494C45

#: e_machine values we know by name (the reader itself is machine-independent).
MACHINES = {62: "x86_64", 183: "aarch64"}

_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_PHDR = struct.Struct("<IIQQQQQQ")
_SHDR = struct.Struct("<IIQQQQIIQQ")
_SYM = struct.Struct("<IBBHQQ")
_NHDR = struct.Struct("<III")

#: What an ELF file is read from: bytes, or the file mapped into memory.
Buffer = Union[bytes, bytearray, mmap.mmap]


@dataclass(frozen=True)
class Segment:
    """One program header."""

    type: int
    flags: int
    offset: int
    vaddr: int
    filesz: int
    memsz: int
    align: int


@dataclass(frozen=True)
class Section:
    """One section header (with its name resolved)."""

    name: str
    type: int
    addr: int
    offset: int
    size: int
    link: int
    entsize: int


@dataclass(frozen=True)
class Note:
    """One ELF note: owner name, type and descriptor bytes."""

    name: bytes
    type: int
    desc: bytes


class ElfFile:
    """A parsed ELF64 little-endian file held in memory (bytes or an mmap)."""

    def __init__(self, data: Buffer, path: str = "<memory>") -> None:
        self.data = data
        self.path = path
        if len(data) < _EHDR.size or bytes(data[:4]) != b"\x7fELF":
            raise LiveAccessError(f"{path}: not an ELF file", offset=0,
                                  expected="\\x7fELF")
        ident = bytes(data[:16])
        if ident[4] != 2:
            raise LiveAccessError(f"{path}: 32-bit ELF files are not supported", offset=4,
                                  expected="ELFCLASS64")
        if ident[5] != 1:
            raise LiveAccessError(f"{path}: big-endian ELF files are not supported", offset=5,
                                  expected="ELFDATA2LSB")
        (_, self.type, self.machine, _, self.entry, phoff, shoff, _, _, phentsize, phnum,
         shentsize, shnum, shstrndx) = _EHDR.unpack_from(data, 0)
        self.segments: List[Segment] = []
        for i in range(phnum):
            off = phoff + i * phentsize
            self._need(off, _PHDR.size, "program header")
            t, fl, o, va, _pa, fs, ms, al = _PHDR.unpack_from(data, off)
            self.segments.append(Segment(t, fl, o, va, fs, ms, al))
        self.sections: List[Section] = []
        raw_sections = []
        for i in range(shnum if shoff else 0):
            off = shoff + i * shentsize
            self._need(off, _SHDR.size, "section header")
            raw_sections.append(_SHDR.unpack_from(data, off))
        if raw_sections and shstrndx < len(raw_sections):
            strtab = raw_sections[shstrndx]
            for nm, t, _fl, addr, off, size, link, _info, _al, ent in raw_sections:
                name = self._cstr(strtab[4] + nm, strtab[4] + strtab[5])
                self.sections.append(Section(name, t, addr, off, size, link, ent))
        self._symbols: Dict[str, Tuple[int, int]] = {}
        self._loaded: set[int] = set()

    # -- helpers --------------------------------------------------------------

    def _need(self, off: int, n: int, what: str) -> None:
        if off < 0 or off + n > len(self.data):
            raise LiveAccessError(f"{self.path}: {what} past the end of the file", offset=off,
                                  expected=f"{n} bytes")

    def _cstr(self, off: int, limit: int) -> str:
        limit = min(limit, len(self.data))
        if off >= limit:
            return ""
        end = self.data.find(b"\0", off, limit)
        if end < 0:
            end = limit
        return bytes(self.data[off:end]).decode("utf-8", "replace")

    # -- sections and symbols ----------------------------------------------------

    def section(self, name: str) -> Optional[Section]:
        """Return the section called ``name`` (``".PyRuntime"``), or None."""
        for s in self.sections:
            if s.name == name:
                return s
        return None

    def _load_symbols(self, sh_type: int) -> None:
        if sh_type in self._loaded:
            return
        self._loaded.add(sh_type)
        for sec in self.sections:
            if sec.type != sh_type or sec.link >= len(self.sections):
                continue
            strtab = self.sections[sec.link]
            self._need(sec.offset, sec.size, "symbol table")
            end_str = strtab.offset + strtab.size
            for off in range(sec.offset, sec.offset + sec.size - _SYM.size + 1, _SYM.size):
                name_off, _info, _other, shndx, value, size = _SYM.unpack_from(self.data, off)
                if shndx == 0 or not name_off:  # undefined here
                    continue
                name = self._cstr(strtab.offset + name_off, end_str)
                self._symbols.setdefault(name, (value, size))

    def symbol(self, name: str) -> Optional[Tuple[int, int]]:
        """Return ``(value, size)`` of the defined symbol ``name``, or None.

        ``.dynsym`` is searched first, then ``.symtab`` (absent from stripped files).
        """
        for kind in (SHT_DYNSYM, SHT_SYMTAB):
            if name in self._symbols:
                break
            self._load_symbols(kind)
        return self._symbols.get(name)

    def vaddr_to_offset(self, vaddr: int) -> Optional[int]:
        """Return the file offset holding virtual address ``vaddr``, or None (e.g. .bss)."""
        for seg in self.segments:
            if seg.type == PT_LOAD and seg.vaddr <= vaddr < seg.vaddr + seg.filesz:
                return seg.offset + (vaddr - seg.vaddr)
        return None

    def read_vaddr(self, vaddr: int, n: int) -> Optional[bytes]:
        """Return ``n`` bytes the file holds for virtual address ``vaddr``, or None."""
        off = self.vaddr_to_offset(vaddr)
        if off is None or off + n > len(self.data):
            return None
        return bytes(self.data[off:off + n])

    @property
    def first_load_vaddr(self) -> int:
        """Page-aligned virtual address of the lowest ``PT_LOAD`` segment."""
        loads = [s.vaddr for s in self.segments if s.type == PT_LOAD]
        return (min(loads) if loads else 0) & ~0xFFF

    # -- notes (core files) -------------------------------------------------------

    def notes(self) -> Iterator[Note]:
        """Yield every note of every ``PT_NOTE`` segment."""
        for seg in self.segments:
            if seg.type != PT_NOTE:
                continue
            pos, end = seg.offset, seg.offset + seg.filesz
            self._need(seg.offset, seg.filesz, "note segment")
            while pos + _NHDR.size <= end:
                namesz, descsz, ntype = _NHDR.unpack_from(self.data, pos)
                pos += _NHDR.size
                name = bytes(self.data[pos:pos + namesz]).rstrip(b"\0")
                pos += (namesz + 3) & ~3
                if pos + descsz > end:
                    raise LiveAccessError(f"{self.path}: note runs past its segment",
                                          offset=pos)
                desc = bytes(self.data[pos:pos + descsz])
                pos += (descsz + 3) & ~3
                yield Note(name, ntype, desc)


def parse_nt_file(desc: bytes) -> List[Tuple[int, int, int, str]]:
    """Return ``(start, end, file_offset, path)`` for each entry of an ``NT_FILE`` note.

    Raises :class:`LiveAccessError` when the note is truncated.
    """
    if len(desc) < 16:
        raise LiveAccessError("NT_FILE note too short", offset=0, expected="16 bytes")
    count, page = struct.unpack_from("<QQ", desc, 0)
    table_end = 16 + count * 24
    if count > 1_000_000 or table_end > len(desc):
        raise LiveAccessError("NT_FILE note truncated", offset=16,
                              expected=f"{count} entries")
    names = desc[table_end:].split(b"\0")
    out = []
    for i in range(count):
        start, end, pgoff = struct.unpack_from("<QQQ", desc, 16 + i * 24)
        name = names[i].decode("utf-8", "surrogateescape") if i < len(names) else ""
        out.append((start, end, pgoff * page, name))
    return out


def open_elf(path: str) -> ElfFile:
    """Return the :class:`ElfFile` for ``path`` (memory-mapped, read-only).

    Raises :class:`LiveAccessError` when the file cannot be opened or is not ELF64.
    """
    try:
        with open(path, "rb") as fh:
            data: Buffer = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:
        raise LiveAccessError(f"cannot open {path}: {exc}") from None
    return ElfFile(data, path)
