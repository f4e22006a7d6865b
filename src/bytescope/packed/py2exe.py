"""py2exe: the ``PYTHONSCRIPT`` resource of a Windows executable, read on any host.

py2exe stores the boot code and the main script as a resource of type
``PYTHONSCRIPT`` (id 1): a 16-byte header (magic ``0x78563412``, optimize
flag, unbuffered flag, length of the code), the NUL-terminated path of the
module archive, then a *marshalled list of code objects*.  No magic number
says which Python marshalled it: the version comes from ``--python-version``,
the name of the Python DLL the executable names (``python27.dll``), or the
pycs of the module archive appended to the executable.  Each code object
becomes ``NAME.pyc`` (``NAME`` from its ``co_filename``).  The module archive
(``zipfile=None`` appends it to the executable) is unpacked as a zip.
"""

from __future__ import annotations

import re
import struct
import zipfile
from typing import BinaryIO, Iterator, Optional

from .. import versions
from ..code import Code
from ..errors import BytescopeError
from ..marshal import reader
from ..versions import VersionInfo
from .errors import ArchiveError, UnpackError
from .limits import Limits
from .manifest import Entry, Manifest
from .pe import find_resources
from .plan import Item
from .pycs import pyc_from_marshal
from .source import Source
from .zips import zip_items

__all__ = ["SCRIPT_MAGIC", "find_script", "plan"]

SCRIPT_MAGIC = 0x78563412
_HEAD = struct.Struct("<IiiI")
_DLL = re.compile(rb"(?i)python(\d)(\d{1,2})\.dll")


def find_script(src: Source) -> Optional[tuple[int, int]]:
    """Return ``(offset, size)`` of the PYTHONSCRIPT resource, or None (not py2exe)."""
    try:
        found = find_resources(src, "PYTHONSCRIPT")
    except BytescopeError:
        return None
    return found[0] if found else None


def _versions(src: Source, forced: Optional[VersionInfo]) -> tuple[Optional[VersionInfo], str]:
    if forced is not None:
        return forced, "--python-version"
    from .others import find_marker

    dll = find_marker(src, _DLL)
    if dll is not None:
        m = _DLL.match(dll)
        assert m is not None
        try:
            return versions.by_name(f"{m.group(1).decode()}.{m.group(2).decode()}"), \
                f"the DLL name {dll.decode()}"
        except BytescopeError:
            pass
    return None, ""


def plan(src: Source, script: tuple[int, int], manifest: Manifest, limits: Limits, *,
         python_version: Optional[VersionInfo], max_memory: Optional[int], path: str
         ) -> Iterator[Item]:
    """Yield the boot and main scripts of a py2exe executable, then its appended archive."""
    offset, size = script
    manifest.format, manifest.packer = "py2exe executable", "py2exe"
    data = src.read(offset, size, "PYTHONSCRIPT resource")
    if len(data) < _HEAD.size:
        raise ArchiveError("PYTHONSCRIPT resource too short", offset=offset)
    magic, optimize, unbuffered, code_len = _HEAD.unpack_from(data)
    if magic != SCRIPT_MAGIC:
        raise ArchiveError(f"PYTHONSCRIPT magic 0x{magic:08x}", offset=offset,
                           expected=f"0x{SCRIPT_MAGIC:08x}")
    end = data.find(b"\0", _HEAD.size)
    if end < 0:
        raise ArchiveError("PYTHONSCRIPT: the archive path has no NUL", offset=offset + 16)
    archive = data[_HEAD.size : end].decode("latin-1")
    body = data[end + 1 : end + 1 + code_len]
    manifest.details.update({"optimize": optimize, "unbuffered": unbuffered,
                             "zipfile": archive or None, "resource_offset": offset})
    version, source = _versions(src, python_version)
    fh = src.file()
    appended = archive == "" or zipfile.is_zipfile(fh)
    if version is None and appended:
        version, source = _version_from_zip(fh)
    container = "PYTHONSCRIPT"
    if version is None:
        yield Item(Entry("PYTHONSCRIPT", "script", container, offset=offset, stored_size=size,
                         error="no Python version is named by the executable (no pythonXY.dll, "
                         "no appended pycs): give --python-version"))
        return
    manifest.python, manifest.magic, manifest.python_source = version.key, version.magic, source
    try:
        codes = reader.read(body, version, base_offset=offset + end + 1,
                            max_memory=max_memory).value
    except BytescopeError as exc:
        yield Item(Entry("PYTHONSCRIPT", "script", container, offset=offset, stored_size=size,
                         error=f"the marshalled scripts do not read as {version.name}: {exc}"))
        return
    if not isinstance(codes, (list, tuple)) or not all(isinstance(c, Code) for c in codes):
        yield Item(Entry("PYTHONSCRIPT", "script", container, offset=offset, stored_size=size,
                         error="the resource holds no list of code objects"))
        return
    yield from _scripts(list(codes), body, version, offset + end + 1, max_memory)
    if appended and zipfile.is_zipfile(fh):
        yield from zip_items(fh, src.size, manifest, limits, container="appended zip",
                             max_memory=max_memory)


def _scripts(codes: list[Code], body: bytes, version: VersionInfo, base: int,
             max_memory: Optional[int]) -> Iterator[Item]:
    """One pyc per code object, re-marshalled separately from the list's bytes."""
    from ..marshal.writer import dumps

    for i, code in enumerate(codes):
        filename = getattr(code, "co_filename", None)
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8", "replace")
        stem = re.split(r"[\\/]", str(filename or f"script{i}"))[-1]
        stem = stem[:-3] if stem.endswith(".py") else stem
        entry = Entry(stem, "script", "PYTHONSCRIPT", offset=base, python=version.key)

        def produce(code: Code = code, stem: str = stem) -> list[bytes]:
            try:
                stream = dumps(code, version)
            except BytescopeError as exc:
                raise UnpackError(f"{stem}: cannot be written as a pyc: {exc}") from None
            return [pyc_from_marshal(stream, version, stem, max_memory=max_memory)]

        yield Item(entry, f"{stem}.pyc", produce)


def _version_from_zip(fh: BinaryIO) -> tuple[Optional[VersionInfo], str]:
    try:
        with zipfile.ZipFile(fh) as zf:
            for info in zf.infolist()[:50]:
                if info.filename.endswith((".pyc", ".pyo")) and info.file_size >= 4:
                    with zf.open(info) as member:
                        head = member.read(4)
                    return versions.by_magic(head), f"the magic of {info.filename}"
    except (zipfile.BadZipFile, OSError, BytescopeError):
        pass
    return None, ""
