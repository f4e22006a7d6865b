"""Zips of pycs: zipapps (with a shebang), wheels, eggs, cx_Freeze's and PyInstaller's libraries.

The standard library's :mod:`zipfile` reads the central directory; before any
member is read, this module checks what ``zipfile`` does not on every Python
this runs on: each member's local header and data lie inside the file, no two
members share bytes (the overlapping-entries zip bomb), the declared size is
within the ratio and size limits, and the member is not encrypted.  Members
are then streamed through :class:`zipfile.ZipExtFile` in bounded pieces (it
stops at the declared size and checks the CRC).
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO, Iterator, Optional

from ..errors import BytescopeError
from .errors import ArchiveError
from .limits import Limits
from .manifest import Entry, Manifest
from .plan import Item
from .pycs import check_pyc
from .source import CHUNK

__all__ = ["is_zip", "zip_items", "name_zip"]

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_SIG = b"PK\x03\x04"


def is_zip(fh: BinaryIO) -> bool:
    """Return True when ``fh`` ends with a zip central directory (prefixed data allowed)."""
    try:
        return zipfile.is_zipfile(fh)
    except OSError:
        return False


def name_zip(names: list[str], head: bytes, filename: str) -> tuple[str, Optional[str]]:
    """Return ``(format, packer)`` of a zip from its member names, first bytes and file name."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
    lowered = {n.lower() for n in names}
    if any(n.endswith(".dist-info/wheel") for n in lowered):
        return "wheel", None
    if any(n.startswith("egg-info/") for n in lowered):
        return "egg", None
    if {"__startup__.pyc", "cx_freeze__init__.pyc", "build_constants.pyc"} & lowered:
        return "cx_Freeze library.zip", "cx_Freeze"
    if base == "base_library.zip":
        return "PyInstaller base_library.zip", "PyInstaller"
    if head[:2] == b"#!" or {"__main__.py", "__main__.pyc"} & lowered:
        return "zipapp", None
    return "zip", None


def _check_members(fh: BinaryIO, infos: list[zipfile.ZipInfo], size: int, limits: Limits
                   ) -> dict[int, str]:
    """Return ``{index: error}`` for members that are out of bounds, overlapping or bombs."""
    errors: dict[int, str] = {}
    ranges = []
    for i, info in enumerate(infos):
        if info.is_dir():
            continue
        start = info.header_offset
        if start < 0 or start + _LOCAL.size > size:
            errors[i] = f"local header at {start} lies outside the {size}-byte file"
            continue
        fh.seek(start)
        fields = _LOCAL.unpack(fh.read(_LOCAL.size))
        if fields[0] != _LOCAL_SIG:
            errors[i] = f"no local file header at offset {start}"
            continue
        data = start + _LOCAL.size + fields[9] + fields[10]
        end = data + info.compress_size
        if end > size:
            errors[i] = (f"declares {info.compress_size} stored bytes at offset {data}, past "
                         f"the end of the {size}-byte file")
            continue
        if info.flag_bits & 0x1:
            errors[i] = "the member is encrypted (zip password): not supported"
            continue
        cap = limits.cap(info.compress_size, None)
        if info.file_size > cap:
            errors[i] = (f"decompression bomb refused: declares {info.file_size} bytes from "
                         f"{info.compress_size} stored (limit {cap}: --max-ratio "
                         f"{limits.max_ratio}, --max-entry {limits.max_entry})")
            continue
        ranges.append((start, end, i))
    ranges.sort()
    last_end, last_i = -1, -1
    for start, end, i in ranges:
        if start < last_end:
            errors[i] = (f"overlaps member {infos[last_i].orig_filename!r} (bytes shared "
                         f"from offset {start}): refused")
            continue
        last_end, last_i = end, i
    return errors


def _kind(name: str) -> str:
    low = name.lower()
    if low.endswith((".pyc", ".pyo")):
        return "pyc"
    if low.endswith(".py"):
        return "source"
    return "data"


def zip_items(fh: BinaryIO, size: int, manifest: Manifest, limits: Limits, *,
              container: str = "zip", prefix: str = "",
              max_memory: Optional[int] = None) -> Iterator[Item]:
    """Yield one :class:`Item` per member of the zip in ``fh`` (``size`` bytes).

    ``prefix`` is prepended to output paths; ``container`` names the zip in
    the manifest.  Raises :class:`ArchiveError` when the central directory
    cannot be read at all.
    """
    try:
        zf = zipfile.ZipFile(fh)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveError(f"{container}: unreadable zip central directory ({exc})") from None
    errors = _check_members(fh, infos, size, limits)
    for i, info in enumerate(infos):
        name = info.orig_filename
        entry = Entry(name, "folder" if info.is_dir() else _kind(name), container,
                      offset=info.header_offset, stored_size=info.compress_size,
                      size=info.file_size, compressed=info.compress_type != zipfile.ZIP_STORED,
                      encrypted=bool(info.flag_bits & 0x1), error=errors.get(i))
        if entry.error:
            yield Item(entry)
        elif info.is_dir():
            yield Item(entry, prefix + name, directory=True)
        else:
            yield Item(entry, prefix + name, _producer(zf, info, entry, manifest, max_memory))


def _producer(zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: Entry, manifest: Manifest,
              max_memory: Optional[int]) -> _Reader:
    return _Reader(zf, info, entry, manifest, max_memory)


class _Reader:
    """Produces one member's bytes in pieces; checks pycs with bytescope's reader."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: Entry,
                 manifest: Manifest, max_memory: Optional[int]) -> None:
        self.zf, self.info, self.entry = zf, info, entry
        self.manifest, self.max_memory = manifest, max_memory

    def __call__(self) -> Iterator[bytes]:
        what = f"{self.entry.container}: {self.info.orig_filename}"
        try:
            with self.zf.open(self.info) as member:
                first = True
                while True:
                    piece = member.read(CHUNK)
                    if not piece:
                        break
                    if first and self.entry.kind == "pyc":
                        piece = self._pyc(piece, member)  # type: ignore[arg-type]
                    first = False
                    yield piece
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError,
                NotImplementedError) as exc:
            raise ArchiveError(f"{what}: {exc}", offset=self.info.header_offset) from None

    def _pyc(self, piece: bytes, member: BinaryIO) -> bytes:
        # pycs are small: read the rest and check the whole file with bytescope's reader.
        data = piece + member.read()
        try:
            version = check_pyc(data, self.info.orig_filename, max_memory=self.max_memory)
        except BytescopeError as exc:
            self.entry.note = f"written as stored, but it does not read as a pyc: {exc}"
            self.manifest.warnings.append(f"{self.info.orig_filename}: {self.entry.note}")
            return data
        self.entry.python = version.key
        if self.manifest.python is None:
            self.manifest.python = version.key
            self.manifest.magic = version.magic
            self.manifest.python_source = f"the magic number of {self.info.orig_filename}"
        return data
