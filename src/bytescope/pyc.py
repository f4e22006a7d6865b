"""The pyc container: headers read and written, whole pycs written, and the :class:`Pyc` result.

Every pyc header bytescope makes comes from :func:`make_header` (the header a
version's import system writes: timestamp or PEP 552 hash-based) and is
written by :meth:`Header.to_bytes`; every whole pyc is assembled by
:func:`pyc_bytes` (header + marshal stream of a code object) or, for a stream
marshalled elsewhere (a live process's own marshal, a packer's entry), by
:func:`with_header`.

Header layouts, by what the versions table says of the magic number:

* 8 bytes (Python 1.0 - 3.2, 3.3a1 before magic 3210): magic, mtime;
* 12 bytes (3.3 - 3.6, 3.7a1-a3): magic, mtime, source size;
* 16 bytes (3.7a4 on, PEP 552): magic, flags, then either mtime and source
  size (flags 0) or the 8-byte SipHash of the source (flags bit 0 set; bit 1
  set means the hash is checked on import).
"""

from __future__ import annotations

import datetime
import struct
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from . import versions
from .code import Code
from .errors import BadHeader, BytescopeError, TruncatedData
from .marshal import reader
from .marshal.span import Span
from .versions import VersionInfo

_U32 = struct.Struct("<I")

FLAG_HASH_BASED = 0x1
FLAG_CHECK_SOURCE = 0x2

#: The invalidation modes of :func:`make_header` (``py_compile``'s names).
MODES = ("timestamp", "checked-hash", "unchecked-hash")


@dataclass(frozen=True)
class Header:
    """A parsed pyc header.

    ``mtime`` and ``source_size`` are ``None`` where the layout has no such
    field (hash-based pycs, or 8-byte headers for ``source_size``);
    ``source_hash`` is the 8 raw hash bytes of a hash-based pyc.
    """

    magic: int
    size: int
    flags: int = 0
    mtime: Optional[int] = None
    source_size: Optional[int] = None
    source_hash: Optional[bytes] = None
    magic_word: bytes = b""

    @property
    def hash_based(self) -> bool:
        """True for PEP 552 hash-based pycs."""
        return bool(self.flags & FLAG_HASH_BASED)

    @property
    def check_source(self) -> bool:
        """True for *checked* hash-based pycs (the source hash is verified on import)."""
        return self.hash_based and bool(self.flags & FLAG_CHECK_SOURCE)

    @property
    def mode(self) -> str:
        """``"timestamp"``, ``"checked-hash"`` or ``"unchecked-hash"``."""
        if not self.hash_based:
            return "timestamp"
        return "checked-hash" if self.check_source else "unchecked-hash"

    @property
    def mtime_iso(self) -> Optional[str]:
        """The mtime as an ISO-8601 UTC date, or None."""
        if self.mtime is None:
            return None
        moment = datetime.datetime.fromtimestamp(self.mtime, tz=datetime.timezone.utc)
        return moment.isoformat().replace("+00:00", "Z")

    def to_bytes(self) -> bytes:
        """Return the header's bytes, as the version's import system writes them."""
        out = bytearray(self.magic_word or struct.pack("<H", self.magic) + b"\r\n")
        if self.size == 16:
            out += _U32.pack(self.flags)
            if self.hash_based:
                out += self.source_hash or bytes(8)
            else:
                out += _U32.pack(self.mtime or 0) + _U32.pack(self.source_size or 0)
        else:
            out += _U32.pack(self.mtime or 0)
            if self.size == 12:
                out += _U32.pack(self.source_size or 0)
        return bytes(out)


def parse_header(data: bytes, version: VersionInfo) -> Header:
    """Return the :class:`Header` at the start of ``data`` for ``version``.

    Raises :class:`TruncatedData` when ``data`` is shorter than the header and
    :class:`BadHeader` for PEP 552 flag bits that no version defines.
    """
    size = version.header_size
    if len(data) < size:
        raise TruncatedData(
            f"pyc header of {version.name} needs {size} bytes, file has {len(data)}",
            offset=len(data),
            expected=f"a {size}-byte header",
        )
    magic = data[0] | (data[1] << 8)
    word = bytes(data[:4])
    if size == 16:
        flags = _U32.unpack_from(data, 4)[0]
        if flags & ~(FLAG_HASH_BASED | FLAG_CHECK_SOURCE):
            raise BadHeader(
                f"invalid pyc flags 0x{flags:x}", offset=4, expected="flags 0, 1 or 3"
            )
        if flags & FLAG_HASH_BASED:
            return _header(magic, size, flags, None, None, bytes(data[8:16]), word)
        mtime, source_size = _U32x2.unpack_from(data, 8)
        return _header(magic, size, flags, mtime, source_size, None, word)
    mtime = _U32.unpack_from(data, 4)[0]
    source_size = _U32.unpack_from(data, 8)[0] if size == 12 else None
    return _header(magic, size, 0, mtime, source_size, None, word)


_U32x2 = struct.Struct("<II")


def make_header(
    version: VersionInfo,
    *,
    mode: str = "timestamp",
    mtime: int = 0,
    source_size: Optional[int] = None,
    source: Optional[bytes] = None,
    source_hash: Optional[bytes] = None,
    magic_word: Optional[bytes] = None,
) -> Header:
    """Return the header ``version``'s import system would write.

    ``mode`` is ``"timestamp"`` (``mtime`` and, from 3.3, ``source_size``,
    which defaults to ``len(source)``), ``"checked-hash"`` or
    ``"unchecked-hash"`` (3.7+; the hash is ``source_hash`` or computed from
    ``source`` with the version's own algorithm).  ``magic_word`` keeps a
    file's own magic (a private one) instead of the version's.  Raises
    :class:`~bytescope.errors.BadHeader` for an unknown mode, a mode the
    version lacks, a missing source or a hash that is not 8 bytes, and
    :class:`~bytescope.errors.UnsupportedVersion` where the version's hash
    algorithm is not known.
    """
    word = magic_word or version.magic_bytes
    magic = word[0] | (word[1] << 8)
    size = version.header_size
    if source_size is None:
        source_size = len(source) if source is not None else 0
    if mode == "timestamp":
        return Header(
            magic, size, 0, mtime=mtime & 0xFFFFFFFF,
            source_size=(source_size & 0xFFFFFFFF) if version.has_source_size else None,
            magic_word=word,
        )
    if mode not in MODES:
        raise BadHeader(f"unknown invalidation mode {mode!r}", expected=" or ".join(MODES))
    if not version.has_hash_based_pycs:
        raise BadHeader(f"{version.name} has no hash-based pycs (PEP 552 is 3.7+)")
    if source_hash is None:
        if source is None:
            raise BadHeader(f"{mode} pyc needs the source (or its hash)")
        from .source_hash import source_hash as compute

        source_hash = compute(source, version, word)
    if len(source_hash) != 8:
        raise BadHeader(f"a source hash has 8 bytes, not {len(source_hash)}")
    flags = FLAG_HASH_BASED | (FLAG_CHECK_SOURCE if mode == "checked-hash" else 0)
    return Header(magic, size, flags, source_hash=bytes(source_hash), magic_word=word)


#: A header as :func:`pyc_bytes` takes it: a Header, its bytes (``b""``: none), or
#: None for the version's own timestamp header of mtime 0.
HeaderLike = Union[Header, bytes, None]


def with_header(stream: bytes, version: VersionInfo, header: HeaderLike = None) -> bytes:
    """Return a pyc: ``header`` followed by the marshal data ``stream``.

    ``header`` is a :class:`Header`, the bytes of one (``b""`` for none:
    headerless marshal data), or None for the timestamp header of mtime 0
    that ``version``'s import system writes (:func:`make_header`).
    """
    if header is None:
        header = make_header(version)
    head = header.to_bytes() if isinstance(header, Header) else header
    return head + stream


def pyc_bytes(
    code: Any,
    version: VersionInfo,
    header: HeaderLike = None,
    *,
    spans: Optional[list[Span]] = None,
    trailing: bytes = b"",
) -> bytes:
    """Return a pyc holding ``code``: header, ``code``'s marshal stream, then ``trailing``.

    ``header`` as :func:`with_header` takes it.  ``spans`` (a recording of
    an earlier stream: ``Pyc.spans()``, or ``build``'s tape) makes the writer
    replay its choices, for a byte-identical round trip
    (:func:`bytescope.marshal.writer.dumps`); ``trailing`` are bytes after the
    marshalled object, which CPython ignores.  Nothing is validated here (see
    :func:`bytescope.edit.write_pyc`).  Raises
    :class:`~bytescope.marshal.writer.WriteError` for an object the version's
    marshal format cannot hold.
    """
    from .marshal.writer import dumps  # the writer is loaded on first use

    return with_header(dumps(code, version, spans=spans), version, header) + trailing


def _header(
    magic: int,
    size: int,
    flags: int,
    mtime: Optional[int],
    source_size: Optional[int],
    source_hash: Optional[bytes],
    word: bytes,
) -> Header:
    # Header(...) field by field, without the frozen dataclass's per-field
    # object.__setattr__ (every load makes one).
    header = object.__new__(Header)
    header.__dict__.update(
        magic=magic,
        size=size,
        flags=flags,
        mtime=mtime,
        source_size=source_size,
        source_hash=source_hash,
        magic_word=word,
    )
    return header


@dataclass
class Pyc:
    """A loaded pyc: its version, header and top-level code object.

    ``data`` keeps the bytes it was read from (for the annotated dump and the
    writer's exact replay); ``path`` the file it came from, if any.

    ``code`` is a :class:`~bytescope.code.Code` for every pyc; only marshal
    data that holds something else at the top (headerless data read with
    ``raw=True``, or a damaged file) gives that object instead, and the
    ``partial`` result of a failed read has None.  Its type says so the way
    typeshed does for "usually this": ``Code | Any``, so ``pyc.code.co_consts``
    type-checks (and a misspelt field is caught) without a check first.
    """

    version: VersionInfo
    header: Optional[Header]
    code: Union[Code, Any]
    data: bytes = field(repr=False, default=b"")
    path: Optional[str] = None
    marshal_offset: int = 0
    trailing: int = 0
    """Bytes after the marshalled object (CPython ignores them)."""
    max_memory: Optional[int] = field(repr=False, default=None)
    """The reader's allocation budget this pyc was loaded with (None: the default)."""
    version_forced: bool = False
    """True when the version was given (``python_version=``), not read from the magic."""
    origin: Optional[str] = None
    """Where headerless data came from when it was no file (``"live code object"``)."""

    @property
    def file_magic(self) -> Optional[bytes]:
        """The four magic bytes the data starts with (None for headerless data).

        With a forced version they may name another version, or none.
        """
        return self.header.magic_word if self.header is not None else None

    def spans(self) -> list[Span]:
        """Return the annotated spans of the marshal stream (re-read in record mode)."""
        result = reader.read(
            self.data[self.marshal_offset :],
            self.version,
            record=True,
            base_offset=self.marshal_offset,
            max_memory=self.max_memory,
        )
        if self.code is not None and type(self.code) is not Code:
            # A trusted (host marshal) load: the recorded tree is the checked
            # reading its lazy fields may need; hand it over.
            from .marshal.host import seed_shadow

            seed_shadow(self.code, result.value, self.data, self.marshal_offset)
        return result.spans or []

    def to_bytes(self) -> bytes:
        """Return the pyc written back out (header + marshal stream).

        Every object is written with the choices recorded in ``data`` where
        they still fit (canonical ones elsewhere, and for a pyc built in
        memory): for an unedited file this is byte-identical to the input.
        """
        spans = self.spans() if self.data else None
        # Bytes after the marshalled object are not part of the model; keep them.
        tail = self.data[len(self.data) - self.trailing :] if self.trailing > 0 else b""
        header = self.header if self.header is not None else b""
        return pyc_bytes(self.code, self.version, header, spans=spans, trailing=tail)


def loads(
    data: Union[bytes, bytearray, memoryview],
    *,
    python_version: Union[str, VersionInfo, None] = None,
    raw: bool = False,
    path: Optional[str] = None,
    trusted: bool = False,
    max_memory: Optional[int] = None,
) -> Pyc:
    """Return the :class:`Pyc` read from the bytes of a pyc file.

    ``python_version`` forces the format (for files with a private magic);
    ``raw=True`` reads headerless marshal data (then ``python_version``
    defaults to the host's).  Raises :class:`~bytescope.errors.BytescopeError`
    subclasses; a marshal error's ``partial`` is the :class:`Pyc` with
    ``code=None`` so the header stays available.

    ``trusted=True``, for files you trust only: when the pyc's format is the
    running interpreter's own, the host's C ``marshal`` parses it (several
    times faster) and ``code`` is a lazily filled
    :class:`~bytescope.marshal.host.HostCode` equal to the normal result.
    CPython's unmarshaller is not safe on hostile data (it can crash the
    process or exhaust memory).  For other versions, or when the host refuses
    the data, the normal reader runs (and explains errors with offsets).

    ``max_memory``: the estimated bytes the objects read may take before
    :class:`~bytescope.errors.LimitExceeded` stops an allocation bomb (default
    16 MB + 8 bytes per input byte); raise it for a large file of many tiny
    objects that you know.
    """
    data = bytes(data)
    version: VersionInfo
    if isinstance(python_version, str):
        version = versions.by_name(python_version)
    elif python_version is not None:
        version = python_version
    elif raw:
        version = versions.host()
    else:
        version = versions.by_magic(data)
    header = None
    offset = 0
    if not raw:
        header = parse_header(data, version)
        offset = version.header_size
    pyc = Pyc(version, header, None, data, path, offset, max_memory=max_memory,
              version_forced=python_version is not None)
    if offset >= len(data):
        raise TruncatedData(
            "pyc has a header but no marshal data",
            offset=offset,
            expected="a marshalled code object",
            partial=pyc,
        )
    try:
        result = reader.read(data, version, offset, trusted=trusted, max_memory=max_memory)
    except BytescopeError as exc:
        exc.partial = pyc
        raise
    pyc.code = result.value
    pyc.trailing = len(data) - result.end
    return pyc


def load(
    source: Union[str, bytes, bytearray, memoryview, Any],
    *,
    python_version: Union[str, VersionInfo, None] = None,
    raw: bool = False,
    trusted: bool = False,
    max_memory: Optional[int] = None,
) -> Pyc:
    """Return the :class:`Pyc` read from a path, a binary file object or bytes.

    Raises :class:`~bytescope.errors.InputError` for paths that cannot be
    read as a pyc (missing, a directory, a ``.py`` source) and the parse
    errors of :func:`loads`.  ``trusted``, ``max_memory``: see :func:`loads`.
    """
    import os

    from .errors import InputError

    if isinstance(source, (bytes, bytearray, memoryview)):
        return loads(source, python_version=python_version, raw=raw, trusted=trusted,
                     max_memory=max_memory)
    if hasattr(source, "read"):
        return loads(source.read(), python_version=python_version, raw=raw, trusted=trusted,
                     max_memory=max_memory)
    path = os.fspath(source)
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a pyc file")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if not data:
        raise InputError(f"{path}: empty file, not a pyc")
    if path.endswith(".py") and not raw:
        try:
            versions.by_magic(data)
        except BytescopeError:
            raise InputError(
                f"{path}: is Python source, not a compiled .pyc "
                "(compile it first, or use 'bytescope dis' which compiles sources)"
            ) from None
    return loads(data, python_version=python_version, raw=raw, path=path, trusted=trusted,
                 max_memory=max_memory)
