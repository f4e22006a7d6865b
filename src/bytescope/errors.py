"""The bytescope exception hierarchy.

Every failure bytescope reports on bad input is a :class:`BytescopeError`.
Parse errors carry the byte ``offset`` where the problem was found and a
description of what was ``expected`` there, so a user holding a damaged file
knows where to look.
"""

from __future__ import annotations

from typing import Any, Optional


class BytescopeError(Exception):
    """Root of every error bytescope raises on bad input or bad requests.

    ``offset`` is the byte offset (in the file or stream being read) where the
    problem was seen, or ``None`` when no offset applies.  ``expected`` says
    what was expected there.  ``partial`` holds what was parsed before the
    damage, where that is useful (for example the header of a pyc whose
    marshal stream is truncated).
    """

    def __init__(
        self,
        message: str,
        *,
        offset: Optional[int] = None,
        expected: Optional[str] = None,
        partial: Any = None,
    ) -> None:
        self.message = message
        self.offset = offset
        self.expected = expected
        self.partial = partial
        super().__init__(self._render())

    def to_dict(self) -> dict[str, Any]:
        """Return the error as JSON-ready data: ``type``, ``message``, ``offset``, ``expected``."""
        return {
            "type": type(self).__name__,
            "message": self.message,
            "offset": self.offset,
            "expected": self.expected,
        }

    def _render(self) -> str:
        text = self.message
        if self.offset is not None:
            text = f"{text} at offset {self.offset} (0x{self.offset:x})"
        if self.expected:
            text = f"{text}: expected {self.expected}"
        return text


class BadMagic(BytescopeError):
    """The first bytes are not a pyc magic number at all."""


class UnsupportedVersion(BytescopeError):
    """A well-formed magic number that no entry of the versions table lists."""


class TruncatedData(BytescopeError):
    """The data ends before a complete object, header or table was read."""


class BadMarshal(BytescopeError):
    """The marshal stream is malformed: unknown type code, bad reference, bad length."""


class LimitExceeded(BadMarshal):
    """A safety limit (nesting depth, object count, expanded size) was exceeded."""


class BadHeader(BytescopeError):
    """The pyc header is malformed (for example unknown PEP 552 flag bits), or a header
    cannot be made as asked (a hash-based header for a version without them)."""


class BadCode(BytescopeError):
    """A code object's fields are inconsistent (wrong types, bad lengths)."""


class DisArgumentError(BytescopeError):
    """An argument a ``dis`` function refuses (``dis_api``, the top-level ``dis``
    functions), refused as that version's own ``dis`` refuses it.

    Each subclass is also the exception class native ``dis`` raises there, with
    the same message, so code written against ``dis`` catches it unchanged.
    """


class DisTypeError(DisArgumentError, TypeError):
    """An object ``dis`` cannot take: one holding no code, a traceback that is none,
    flags or a ``stack_effect`` argument that are no integer."""


class DisValueError(DisArgumentError, ValueError):
    """A ``stack_effect`` opcode or oparg the version's ``dis`` calls invalid."""


class DisOverflowError(DisArgumentError, OverflowError):
    """A ``stack_effect`` argument too large for the C integer native ``dis`` converts it to."""


class NoTraceback(DisArgumentError, RuntimeError):
    """``distb()`` (or ``dis()`` with no argument) with no last traceback to disassemble."""


class InputError(BytescopeError):
    """The input is not something bytescope can open (missing file, directory, source file)."""


class LiveAccessError(BytescopeError):
    """Reading a live process or a core file failed."""
