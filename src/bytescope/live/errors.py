"""Errors of the live reader, all :class:`~bytescope.errors.LiveAccessError` subclasses.

Each one carries the address (as ``offset``) where the failure was seen when one
applies, so a message reads ``... at offset 140234 (0x223ca)``.
"""

from __future__ import annotations

from ..errors import LiveAccessError

__all__ = [
    "LiveAccessError", "NoSuchProcess", "TargetExited", "PermissionDenied", "NotCPython",
    "UnsupportedTarget", "BadPointer", "ObjectChanged", "NotFound", "Ambiguous",
]


class NoSuchProcess(LiveAccessError):
    """The process does not exist (never did, or has exited)."""


class TargetExited(NoSuchProcess):
    """The process exited while it was being read."""


class PermissionDenied(LiveAccessError):
    """The kernel refused to let us read the target; the message says why."""


class NotCPython(LiveAccessError):
    """No CPython interpreter image was found in the target."""


class UnsupportedTarget(LiveAccessError):
    """A CPython build bytescope refuses by name (free-threaded, unknown version, 32-bit)."""


class BadPointer(LiveAccessError):
    """A pointer led to memory that is unmapped or not the object type expected."""


class ObjectChanged(LiveAccessError):
    """The object changed while it was being read (a racing heap), even after retries."""


class NotFound(LiveAccessError):
    """No function or code object matches the name that was asked for."""


class Ambiguous(LiveAccessError):
    """Several different code objects match the name that was asked for."""
