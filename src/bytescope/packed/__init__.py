"""``bytescope unpack``: get the bytecode out of packed Python applications.

Formats: PyInstaller 2.0-6.x executables (ELF, PE, Mach-O; onefile and onedir;
encrypted 3.x-5.x archives with an optional AES library), standalone PYZ
archives, zips of pycs (zipapps, wheels, eggs, cx_Freeze's ``library.zip``,
PyInstaller's ``base_library.zip``), cx_Freeze executables, and py2exe's
``PYTHONSCRIPT`` resource.  Nuitka programs, PyArmor-protected code and other
files are named, with what to do instead (:class:`NotPacked`).

* :func:`unpack` -- unpack into a folder, return the :class:`Manifest`;
* :func:`member_bytes` / :func:`read_member` / :func:`split_member` -- the
  ``app.exe!pkg/mod.pyc`` paths that ``scan``, ``dis``, ``info`` and ``dump`` accept.

``bytescope.unpack(path, out)`` is :func:`unpack`.
"""

from __future__ import annotations

from .api import MEMBER_SEP, member_bytes, read_member, split_member, unpack
from .errors import (
    ArchiveError,
    CryptoUnavailable,
    DecompressionBomb,
    NotPacked,
    UnpackError,
    UnsafeEntry,
)
from .limits import Limits
from .manifest import Entry, Manifest

__all__ = [
    "MEMBER_SEP",
    "ArchiveError",
    "CryptoUnavailable",
    "DecompressionBomb",
    "Entry",
    "Limits",
    "Manifest",
    "NotPacked",
    "UnpackError",
    "UnsafeEntry",
    "member_bytes",
    "read_member",
    "split_member",
    "unpack",
]
