"""Bytecode entries become pycs: checked by bytescope's own reader, headed by the project's writer.

Packers store code objects three ways: a marshal stream without a header
(PyInstaller's PYZ entries and, from 5.0, its CArchive modules), a whole pyc
(older CArchive modules, zips), or source text (PyInstaller 2.x scripts).
:func:`classify` tells which; :func:`pyc_from_marshal` reads the stream with
the target version's reader (so a damaged or foreign entry is reported with
its offset, never written as a broken pyc) and prefixes the header that
version's import system writes (:func:`bytescope.pyc.make_header`).
"""

from __future__ import annotations

from typing import Optional

from .. import versions
from ..code import Code
from ..errors import BytescopeError
from ..marshal import reader
from ..pyc import loads as load_pyc
from ..pyc import make_header, with_header
from ..versions import VersionInfo
from .errors import UnpackError

__all__ = ["classify", "load_code", "pyc_from_marshal", "check_pyc"]


def classify(data: bytes, version: Optional[VersionInfo]) -> str:
    """Return ``"pyc"``, ``"marshal"`` or ``"source"`` for an entry's unpacked bytes.

    A pyc starts with a magic number (two bytes, then ``\r\n``); a marshal stream with a code
    object's type code (``c``, with or without FLAG_REF); source text is
    anything else that decodes as text.  Returns ``"unknown"`` otherwise.
    """
    if len(data) >= 4:
        try:
            versions.by_magic(data)
            return "pyc"
        except BytescopeError:
            if data[2:4] == b"\r\n" and data[:1] not in (b"c", b"\xe3"):
                return "pyc"  # an unknown (private) magic: reading it will say so
    # A code object's type code, then its first field: a small binary int (zero bytes).
    if data[:1] in (b"c", b"\xe3") and any(b < 9 for b in data[1:5]):
        return "marshal"
    text = data.rstrip(b"\0")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    return "source" if b"\0" not in text else "unknown"


def load_code(data: bytes, version: VersionInfo, what: str, *, max_memory: Optional[int] = None
              ) -> Code:
    """Return the code object marshalled in ``data`` (no header), read for ``version``.

    Raises the reader's :class:`~bytescope.errors.BytescopeError` (with the
    offset) on damaged data, and :class:`UnpackError` when the stream holds
    something other than a code object.
    """
    value = reader.read(data, version, max_memory=max_memory).value
    if not isinstance(value, Code):
        raise UnpackError(f"{what}: holds a {type(value).__name__}, not a code object",
                          offset=0, expected="a marshalled code object")
    return value


def pyc_from_marshal(data: bytes, version: VersionInfo, what: str, *,
                     magic_word: Optional[bytes] = None,
                     max_memory: Optional[int] = None) -> bytes:
    """Return a pyc: the target's header (``magic_word`` kept exactly) + ``data``.

    ``data`` is checked first by reading it with ``version``'s marshal reader
    (errors as :func:`load_code`).
    """
    load_code(data, version, what, max_memory=max_memory)
    return with_header(data, version, make_header(version, magic_word=magic_word))


def check_pyc(data: bytes, what: str, *, max_memory: Optional[int] = None,
              python_version: Optional[VersionInfo] = None) -> VersionInfo:
    """Return the version of the pyc ``data`` after reading it whole; raise on damage.

    ``python_version`` reads it as that version whatever its magic (private magics).
    """
    pyc = load_pyc(data, path=what, max_memory=max_memory, python_version=python_version)
    if not isinstance(pyc.code, Code):
        raise UnpackError(f"{what}: the pyc holds a {type(pyc.code).__name__}, not code")
    return pyc.version

