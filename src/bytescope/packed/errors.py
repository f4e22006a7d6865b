"""The errors of ``bytescope unpack``: all :class:`~bytescope.errors.BytescopeError` subclasses."""

from __future__ import annotations

from ..errors import BytescopeError

__all__ = [
    "ArchiveError",
    "CryptoUnavailable",
    "DecompressionBomb",
    "NotPacked",
    "UnpackError",
    "UnsafeEntry",
]


class UnpackError(BytescopeError):
    """A packed application (or one of its entries) cannot be unpacked."""


class NotPacked(UnpackError):
    """The file is not a packed Python application bytescope can open.

    ``kind`` names what it is instead (``"nuitka"``, ``"pyarmor"``, ``"elf"``...);
    the message says what to do instead.
    """

    def __init__(self, message: str, *, kind: str = "unknown", **kw: object) -> None:
        self.kind = kind
        super().__init__(message, **kw)  # type: ignore[arg-type]


class ArchiveError(UnpackError):
    """An archive's structure is damaged or hostile (bad cookie, TOC, sizes, overlaps)."""


class DecompressionBomb(ArchiveError):
    """An entry inflates past its declared size or the ratio/size limits."""


class UnsafeEntry(UnpackError):
    """An entry would write outside the output folder, or over something it must not."""


class CryptoUnavailable(UnpackError):
    """The archive is encrypted and no AES library is installed."""
