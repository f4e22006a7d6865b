"""PyInstaller's PYZ (ZlibArchive): modules as zlib-compressed marshal streams.

Layout: ``PYZ\\0``, the building Python's 4-byte magic, the TOC's offset
(4 bytes, big-endian), then (2.x) the compression level and an "encrypted"
byte, or (3.x-5.x) the "encrypted" byte.  The TOC is *marshalled by the
target Python*: a dict ``name -> (ispkg, offset, length)`` in 2.x, a list of
``(name, (typecode, offset, length))`` since 3.0, typecodes 0 module, 1
package, 2 data, 3 namespace package (6.x).  bytescope reads it, and every
module, with its own marshal reader for the magic in the header -- nothing
depends on the host Python's version.

Encrypted entries (3.x-5.x ``--key``) are a 16-byte IV followed by the AES
ciphertext of the zlib stream; :func:`decrypt_entry` tries the schemes of
:mod:`.crypto` and keeps the one that yields a valid zlib stream.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from .. import versions
from ..errors import BytescopeError
from ..marshal import reader
from ..versions import VersionInfo
from . import crypto
from .errors import ArchiveError, CryptoUnavailable, DecompressionBomb, UnpackError
from .limits import Limits, inflate
from .manifest import Entry
from .plan import Item, module_path
from .pycs import pyc_from_marshal
from .source import Source

__all__ = ["PYZ_MAGIC", "Pyz", "PyzEntry", "open_pyz", "pyz_items"]

PYZ_MAGIC = b"PYZ\0"
KINDS = {0: "module", 1: "package", 2: "data", 3: "namespace"}
_HEADER = 12
_MAX_TOC = 256 << 20


@dataclass
class PyzEntry:
    """One PYZ TOC entry (``offset`` relative to the PYZ's start)."""

    name: str
    typecode: int
    offset: int
    length: int
    error: Optional[str] = None

    @property
    def kind(self) -> str:
        """``module``, ``package``, ``data``, ``namespace`` or ``unknown``."""
        return KINDS.get(self.typecode, "unknown")


@dataclass
class Pyz:
    """An opened PYZ: its version, exact magic word, TOC and encryption flag."""

    src: Source
    label: str
    version: VersionInfo
    magic_word: bytes
    toc_offset: int
    toc_format: str
    encrypted_flag: bool
    entries: list[PyzEntry] = field(default_factory=list)
    key: Optional[bytes] = None
    scheme: Optional[str] = None  # the AES scheme that worked


def open_pyz(src: Source, label: str, *, python_version: Optional[VersionInfo] = None,
             max_memory: Optional[int] = None) -> Pyz:
    """Return the :class:`Pyz` in ``src`` (its TOC read and range-checked).

    Raises :class:`ArchiveError` for a missing PYZ magic, a TOC offset outside
    the archive or a TOC of an unexpected shape, and the marshal reader's
    errors (with offsets) for a damaged TOC.  ``python_version`` overrides the
    magic (private magics).
    """
    head = src.read(0, min(src.size, 17), "PYZ header")
    if head[:4] != PYZ_MAGIC or len(head) < _HEADER:
        raise ArchiveError(f"{label}: not a PYZ archive", offset=src.start,
                           expected="b'PYZ\\x00' and a 12-byte header")
    word = head[4:8]
    version = python_version or versions.by_magic(word)
    toc_offset = struct.unpack(">i", head[8:12])[0]
    if not _HEADER <= toc_offset < src.size:
        raise ArchiveError(f"{label}: TOC offset {toc_offset} lies outside the "
                           f"{src.size}-byte PYZ", offset=src.start + 8)
    if src.size - toc_offset > _MAX_TOC:
        raise ArchiveError(f"{label}: TOC larger than {_MAX_TOC} bytes", offset=src.start + 8)
    raw = src.read(toc_offset, src.size - toc_offset, "PYZ TOC")
    toc = reader.read(raw, version, base_offset=src.start + toc_offset,
                      max_memory=max_memory).value
    pyz = Pyz(src, label, version, word, toc_offset, "", False)
    pyz.entries, pyz.toc_format = _entries(toc, label, src.start + toc_offset)
    # 3.x-5.x: byte 12 is the "encrypted" flag; 2.x: bytes 12-15 the level, 16 the flag.
    flag_at = 16 if pyz.toc_format == "dict" else 12
    pyz.encrypted_flag = len(head) > flag_at and head[flag_at] == 1
    _check_ranges(pyz)
    return pyz


def _text(name: Any) -> Optional[str]:
    if isinstance(name, str):
        return name
    if isinstance(name, bytes):
        return name.decode("utf-8", "surrogateescape")
    return None


def _entries(toc: Any, label: str, offset: int) -> tuple[list[PyzEntry], str]:
    if isinstance(toc, dict):
        pairs, form = list(toc.items()), "dict"
    elif isinstance(toc, (list, tuple)):
        pairs, form = list(toc), "list"
    else:
        raise ArchiveError(f"{label}: TOC is a {type(toc).__name__}", offset=offset,
                           expected="a dict (2.x) or a list of (name, (type, offset, length))")
    out = []
    for i, pair in enumerate(pairs):
        if form == "list" and not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise ArchiveError(f"{label}: TOC item {i} is not a (name, info) pair",
                               offset=offset)
        name, info = pair
        text = _text(name)
        ok = (isinstance(info, (tuple, list)) and len(info) == 3
              and all(type(x) in (int, bool) for x in info))
        if text is None or not ok:
            raise ArchiveError(f"{label}: TOC item {i} ({name!r}) is malformed", offset=offset,
                               expected="(name, (type, offset, length))")
        out.append(PyzEntry(text, int(info[0]), int(info[1]), int(info[2])))
    return out, form


def _check_ranges(pyz: Pyz) -> None:
    last: Optional[PyzEntry] = None
    for e in sorted((e for e in pyz.entries if e.length > 0), key=lambda e: e.offset):
        if e.offset < _HEADER or e.offset + e.length > pyz.src.size:
            e.error = (f"declares {e.length} bytes at PYZ offset {e.offset}, outside the "
                       f"{pyz.src.size}-byte archive")
        elif e.offset + e.length > pyz.toc_offset:
            e.error = (f"its bytes [{e.offset}, {e.offset + e.length}) run into the PYZ's own "
                       f"TOC at {pyz.toc_offset}: a recursive entry, refused")
        elif last is not None and e.offset < last.offset + last.length:
            e.error = f"overlaps entry {last.name!r}: refused"
        else:
            last = e
    for e in pyz.entries:
        if e.error is None and e.kind == "unknown":
            e.error = f"unknown PYZ type code {e.typecode}"


def _is_zlib(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def decrypt_entry(pyz: Pyz, e: PyzEntry, data: bytes, limits: Limits) -> tuple[bytes, str]:
    """Return ``(inflated bytes, scheme)`` of an encrypted entry, trying the known schemes.

    Raises :class:`UnpackError` when the archive ships no key or no scheme
    yields a zlib stream, and :class:`~.errors.CryptoUnavailable` without an
    AES library.
    """
    if pyz.key is None:
        raise UnpackError(f"{e.name}: encrypted, and the archive ships no "
                          "pyimod00_crypto_key module to decrypt it with")
    iv, body = data[: crypto.BLOCK], data[crypto.BLOCK :]
    order = [pyz.scheme] if pyz.scheme else []
    order += [s for s in crypto.SCHEMES if s not in order]
    for scheme in order:
        plain = crypto.decrypt(scheme, pyz.key, iv, body)
        if _is_zlib(plain):
            try:
                return b"".join(inflate([plain], stored=len(data), declared=None,
                                        limits=limits, what=e.name, offset=0)), scheme
            except DecompressionBomb:
                raise
            except ArchiveError:
                continue
    raise UnpackError(f"{e.name}: decryption with the shipped key gives no zlib data "
                      f"(tried AES {', '.join(order)})")


def entry_bytes(pyz: Pyz, e: PyzEntry, limits: Limits, entry: Entry) -> bytes:
    """Return entry ``e``'s unpacked bytes (decrypted when needed, inflated, bounded)."""
    what = f"{pyz.label}: {e.name}"
    if e.length > limits.max_code:
        raise ArchiveError(f"{what}: {e.length} bytes, larger than the {limits.max_code}-byte "
                           "limit for one module", offset=pyz.src.start + e.offset)
    data = pyz.src.read(e.offset, e.length, what)
    offset = pyz.src.start + e.offset

    def plain() -> bytes:
        return b"".join(inflate([data], stored=len(data), declared=None, limits=limits,
                                what=what, offset=offset))

    def decrypted() -> bytes:
        out, scheme = decrypt_entry(pyz, e, data, limits)
        pyz.scheme = scheme
        entry.encrypted = True
        entry.note = f"AES-{scheme.upper()} ({crypto.SCHEMES[scheme]} --key)"
        return out

    if not (pyz.encrypted_flag or pyz.key is not None):
        out = plain()
    elif pyz.encrypted_flag or not _is_zlib(data):
        # Encrypted bytes start like a zlib header one time in ~500: decrypt first.
        try:
            out = decrypted()
        except CryptoUnavailable:
            raise
        except UnpackError:
            if not _is_zlib(data):
                raise
            out = plain()
    else:
        out = plain()
    entry.size = len(out)
    return out


def pyz_items(pyz: Pyz, limits: Limits, *, max_memory: Optional[int] = None) -> Iterator[Item]:
    """Yield one :class:`Item` per PYZ entry: pycs, package ``__init__`` files, folders, data."""
    for e in pyz.entries:
        entry = Entry(e.name, e.kind, pyz.label, offset=pyz.src.start + e.offset,
                      stored_size=e.length, compressed=e.kind != "namespace",
                      error=e.error, python=pyz.version.key)
        if e.error:
            yield Item(entry)
            continue
        if e.kind == "namespace":
            entry.compressed = False
            if e.length:
                # 4.x-5.x store a placeholder code object: a file for it would turn the
                # folder into a regular package (or shadow it), so only the folder is made.
                entry.note = (f"a folder; the {e.length}-byte placeholder code object is "
                              "not written (a pyc would shadow the namespace package)")
            yield Item(entry, module_path(e.name, package=False, suffix=""), directory=True)
            continue
        if e.kind == "data":
            entry.python = None
            yield Item(entry, e.name, _data_producer(pyz, e, limits, entry))
            continue
        path = module_path(e.name, package=e.kind == "package")
        yield Item(entry, path, _module_producer(pyz, e, limits, entry, max_memory))


def _data_producer(pyz: Pyz, e: PyzEntry, limits: Limits, entry: Entry) -> Any:
    def produce() -> list[bytes]:
        return [entry_bytes(pyz, e, limits, entry)]

    return produce


def _module_producer(pyz: Pyz, e: PyzEntry, limits: Limits, entry: Entry,
                     max_memory: Optional[int]) -> Any:
    def produce() -> list[bytes]:
        code = entry_bytes(pyz, e, limits, entry)
        try:
            return [pyc_from_marshal(code, pyz.version, f"{pyz.label}: {e.name}",
                                     magic_word=pyz.magic_word, max_memory=max_memory)]
        except BytescopeError as exc:
            raise UnpackError(f"{e.name}: the module's marshal data is damaged: {exc}") from None

    return produce
