"""Errors of the execution engine.

Everything the engine refuses (bytecode that lies, limits reached) is an
:class:`EngineError`, a :class:`~bytescope.errors.BytescopeError` naming the
code object and the instruction offset.  Exceptions the *program* raises are
the program's own host exceptions and propagate as native ones would.
"""

from __future__ import annotations

from typing import Any, Optional

from ..errors import BytescopeError


class EngineError(BytescopeError):
    """The engine cannot run this code: hostile or malformed bytecode, a limit.

    ``code_name`` and ``offset`` name where (the code object's qualified name
    and the instruction's byte offset), when known.
    """

    def __init__(
        self,
        message: str,
        *,
        code: Any = None,
        offset: Optional[int] = None,
        expected: Optional[str] = None,
    ) -> None:
        self.code_name = _code_name(code) if code is not None else None
        self.filename = _code_file(code) if code is not None else None
        where = ""
        if self.code_name is not None:
            where = f" in code object {self.code_name!r}"
            if self.filename:
                where += f" ({self.filename})"
        super().__init__(message + where, offset=offset, expected=expected)


class BadBytecode(EngineError):
    """The bytecode breaks a rule every real compiler keeps: stack underflow, a jump
    out of range, an unknown opcode, a bad index into a table."""


class LimitReached(EngineError):
    """A limit set by the user stopped the program (``--max-instructions``, ``--timeout``)."""


class InstructionLimit(LimitReached):
    """More instructions were executed than ``max_instructions`` allows."""


class TimeLimit(LimitReached):
    """The program ran longer than ``timeout`` seconds."""


def _code_name(code: Any) -> str:
    name = getattr(code, "co_qualname", None) or getattr(code, "co_name", "?")
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return str(name)


def _code_file(code: Any) -> str:
    name = getattr(code, "co_filename", "")
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return str(name)
