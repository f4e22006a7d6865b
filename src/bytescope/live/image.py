"""Find the CPython interpreter image in a target and tell its version.

The image is the mapped file (``libpython3.X.so`` or the executable itself) that
defines ``PyCode_Type``; ``/proc/PID/exe`` is not trusted (a python started
through the dynamic loader shows the loader there).  The version comes from
``Py_Version`` (3.11+), else the file name, else a ``PY_VERSION``-looking string.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from .elf import PT_LOAD, ElfFile, open_elf
from .errors import LiveAccessError, NotCPython, UnsupportedTarget
from .maps import Mapping
from .memory import MemorySource

_NAME_RE = re.compile(r"python([23])\.(\d+)(t?)")
_PY_VERSION_RE = re.compile(rb"\0([23])\.(\d{1,2})\.\d{1,2}(?:(?:a|b|rc)\d+)?\+?\0")

#: Debug-offsets cookie at the start of ``_PyRuntime`` (3.13+).
DEBUG_COOKIE = b"xdebugpy"


@dataclass
class Image:
    """The interpreter image: its file, parsed ELF and load bias in the target."""

    path: str
    elf: ElfFile
    bias: int

    def address(self, name: str) -> Optional[int]:
        """Return the run-time address of symbol ``name``, or None when undefined."""
        sym = self.elf.symbol(name)
        return None if sym is None else sym[0] + self.bias

    def require(self, name: str) -> int:
        """Return the run-time address of ``name``; raise :class:`NotCPython` if absent."""
        addr = self.address(name)
        if addr is None:
            raise NotCPython(f"{self.path} does not define {name}")
        return addr


def _candidates(maps: List[Mapping]) -> List[str]:
    seen: Dict[str, int] = {}
    for m in maps:
        if m.path and not m.path.startswith("[") and m.path not in seen:
            base = os.path.basename(m.path)
            rank = 0 if base.startswith("libpython") else 1 if "python" in base else 2
            if base.startswith(("ld-", "libc.", "libm.", "libpthread", "libdl", "libz.",
                                "libutil", "libcrypt", "libexpat", "libffi")):
                rank = 3
            seen[m.path] = rank
    return sorted(seen, key=lambda p: seen[p])


def _bias(elf: ElfFile, maps: List[Mapping], path: str) -> Optional[int]:
    for m in maps:
        if m.path != path:
            continue
        for seg in elf.segments:
            if seg.type == PT_LOAD and seg.offset <= m.offset < seg.offset + max(seg.filesz, 1):
                return m.start - (seg.vaddr + (m.offset - seg.offset))
    return None


def find_image(mem: MemorySource) -> Image:
    """Return the :class:`Image` of the CPython interpreter mapped into ``mem``.

    Raises :class:`NotCPython` when no mapped file defines ``PyCode_Type``.
    """
    maps = mem.mappings()
    opener = getattr(mem, "open_file", lambda p: p)
    tried = []
    for path in _candidates(maps):
        real = opener(path)
        if not os.path.isfile(real):
            tried.append(f"{path} (missing)")
            continue
        try:
            elf = open_elf(real)
        except LiveAccessError:
            continue
        if elf.symbol("PyCode_Type") is None:
            continue
        bias = _bias(elf, maps, path)
        if bias is None:
            continue
        return Image(path, elf, bias)
    pid = getattr(mem, "pid", None)
    what = f"process {pid}" if pid else "the target"
    extra = f"; files not found: {', '.join(tried[:3])} (use --exe)" if tried else ""
    raise NotCPython(f"{what} is not a CPython process: no mapped file defines PyCode_Type"
                     f"{extra}")


def detect_version(mem: MemorySource, image: Image) -> Tuple[str, bool]:
    """Return ``("3.12", free_threaded)`` for the interpreter in ``image``.

    Raises :class:`UnsupportedTarget` when the version cannot be told.
    """
    base = os.path.basename(image.path)
    m = _NAME_RE.search(base)
    free = bool(m and m.group(3))
    addr = image.address("Py_Version")
    if addr is not None:
        raw = mem.try_read(addr, 4) or image.elf.read_vaddr(addr - image.bias, 4)
        if raw:
            hexver = struct.unpack("<I", raw)[0]
            major, minor = hexver >> 24, (hexver >> 16) & 0xFF
            if major in (2, 3) and minor < 100:
                return f"{major}.{minor}", free
    if m:
        return f"{m.group(1)}.{m.group(2)}", free
    found = _PY_VERSION_RE.search(bytes(image.elf.data))
    if found:
        return f"{found.group(1).decode()}.{found.group(2).decode()}", free
    raise UnsupportedTarget(f"cannot tell the Python version of {image.path}")


def debug_offsets(mem: MemorySource, image: Image) -> Optional[bytes]:
    """Return the raw ``_Py_DebugOffsets`` block (3.13+) from the target, or None.

    The block starts ``_PyRuntime``; its first bytes are the ``xdebugpy`` cookie.
    Only the first 2 KB are returned (more than the struct's size in 3.13-3.15).
    """
    addr = image.address("_PyRuntime")
    if addr is None:
        section = image.elf.section(".PyRuntime")
        if section is None:
            return None
        addr = section.addr + image.bias
    data = mem.try_read(addr, 2048)
    if data is None or not data.startswith(DEBUG_COOKIE):
        return None
    return data
