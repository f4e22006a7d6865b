"""An ELF core file as a memory source.

Memory comes from the core's ``PT_LOAD`` segments; ranges the core did not dump
(read-only file mappings, typically) are read from the mapped file itself, found
through the ``NT_FILE`` note (or an override such as ``--exe``).
"""

from __future__ import annotations

import bisect
import os
import struct
from typing import Dict, List, Optional, Tuple

from .elf import ET_CORE, NT_FILE, NT_PRSTATUS, PT_LOAD, ElfFile, open_elf, parse_nt_file
from .errors import BadPointer, LiveAccessError
from .maps import Mapping
from .memory import MemorySource, check_size


def _perms(flags: int) -> str:
    return ("r" if flags & 4 else "-") + ("w" if flags & 2 else "-") + \
        ("x" if flags & 1 else "-") + "p"


class CoreMemory(MemorySource):
    """The address space recorded in an ELF core file.

    ``overrides`` maps a path recorded in the core (or its basename) to a file to
    read instead (for a core read on another machine, or ``--exe``).
    """

    def __init__(self, path: str, overrides: Optional[Dict[str, str]] = None) -> None:
        self.path = path
        self.elf = open_elf(path)
        if self.elf.type != ET_CORE:
            raise LiveAccessError(f"{path}: not a core file (ELF type {self.elf.type})",
                                  offset=16, expected="ET_CORE")
        self.overrides = dict(overrides or {})
        self.files: List[Tuple[int, int, int, str]] = []
        self.pid: Optional[int] = None
        self.threads = 0
        for note in self.elf.notes():
            if note.type == NT_FILE and note.name == b"CORE":
                self.files = parse_nt_file(note.desc)
            elif note.type == NT_PRSTATUS and note.name == b"CORE" and len(note.desc) >= 36:
                self.threads += 1
                if self.pid is None:
                    self.pid = struct.unpack_from("<i", note.desc, 32)[0]
        self._segs = sorted((s for s in self.elf.segments if s.type == PT_LOAD),
                            key=lambda s: s.vaddr)
        self._starts = [s.vaddr for s in self._segs]
        self._file_starts = sorted(self.files)
        self._file_keys = [f[0] for f in self._file_starts]
        self._opened: Dict[str, Optional[ElfFile]] = {}
        self._raw: Dict[str, Optional[bytes]] = {}
        self._maps: Optional[List[Mapping]] = None

    # -- mappings -------------------------------------------------------------

    def _file_at(self, addr: int) -> Optional[Tuple[int, int, int, str]]:
        i = bisect.bisect_right(self._file_keys, addr) - 1
        if i >= 0:
            entry = self._file_starts[i]
            if entry[0] <= addr < entry[1]:
                return entry
        return None

    def mappings(self) -> List[Mapping]:
        """Return one mapping per ``PT_LOAD`` segment, named from ``NT_FILE``."""
        if self._maps is None:
            out = []
            for seg in self._segs:
                entry = self._file_at(seg.vaddr)
                path, off = "", 0
                if entry is not None:
                    path, off = entry[3], entry[2] + (seg.vaddr - entry[0])
                out.append(Mapping(seg.vaddr, seg.vaddr + seg.memsz, _perms(seg.flags), off,
                                   path))
            self._maps = out
        return self._maps

    def open_file(self, path: str) -> str:
        """Return the file to open for ``path`` as the core recorded it (overrides applied)."""
        return self.overrides.get(path) or self.overrides.get(os.path.basename(path)) or path

    def _file_bytes(self, path: str) -> Optional[bytes]:
        if path not in self._raw:
            real = self.open_file(path)
            try:
                with open(real, "rb") as fh:
                    self._raw[path] = fh.read()
            except OSError:
                self._raw[path] = None
        return self._raw[path]

    # -- reading ----------------------------------------------------------------

    def read(self, addr: int, n: int) -> bytes:
        """Return exactly ``n`` bytes at ``addr`` as recorded by the core (see MemorySource)."""
        check_size(addr, n)
        out = []
        pos, end = addr, addr + n
        while pos < end:
            piece = self._piece(pos, end)
            if piece is None:
                raise BadPointer(f"address 0x{pos:x} is not in the core file", offset=pos)
            out.append(piece)
            pos += len(piece)
        return b"".join(out)

    def _piece(self, pos: int, end: int) -> Optional[bytes]:
        i = bisect.bisect_right(self._starts, pos) - 1
        seg = self._segs[i] if i >= 0 else None
        limit = end
        if seg is not None and pos < seg.vaddr + seg.memsz:
            rel = pos - seg.vaddr
            if rel < seg.filesz:
                stop = min(end, seg.vaddr + seg.filesz)
                off = seg.offset + rel
                return bytes(self.elf.data[off:off + (stop - pos)])
            limit = min(end, seg.vaddr + seg.memsz)
        elif i + 1 < len(self._segs):
            limit = min(end, self._segs[i + 1].vaddr)
        # Not dumped (or not even listed as a segment): take it from the mapped file.
        entry = self._file_at(pos)
        if entry is not None:
            data = self._file_bytes(entry[3])
            if data is not None:
                stop = min(limit, entry[1])
                off = entry[2] + (pos - entry[0])
                chunk = data[off:off + (stop - pos)]
                if chunk:
                    return chunk
        return None

    def close(self) -> None:
        """Drop the file contents read so far."""
        self._raw.clear()
