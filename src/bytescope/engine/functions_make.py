"""``MAKE_FUNCTION`` and ``SET_FUNCTION_ATTRIBUTE``: building VM functions."""

from __future__ import annotations

from typing import Any

from .errors import BadBytecode
from .function import Function

# MAKE_FUNCTION flag bits, in the order their values sit on the stack (bottom first)
_DEFAULTS, _KWDEFAULTS, _ANNOTATIONS, _CLOSURE, _ANNOTATE = 0x01, 0x02, 0x04, 0x08, 0x10


def make_function(frame: Any, code: Any, extras: list[Any], flags: int, qualname: Any) -> Function:
    """Return the function ``MAKE_FUNCTION`` builds from ``code`` and the flagged extras."""
    from .codeobj import VMCode

    if not isinstance(code, VMCode):
        raise BadBytecode(
            f"MAKE_FUNCTION of a {type(code).__name__}, not a code object",
            code=frame.code, offset=frame.offset,
        )
    if qualname is not None and not isinstance(qualname, str):
        qualname = None
    func = Function(code, frame.globals, qualname, frame.builtins)
    values = iter(extras)
    for bit in (_DEFAULTS, _KWDEFAULTS, _ANNOTATIONS, _CLOSURE, _ANNOTATE):
        if flags & bit:
            set_attribute(func, bit, next(values))
    return func


def set_attribute(func: Function, flag: int, value: Any) -> None:
    """Set the function attribute one ``MAKE_FUNCTION`` flag bit names."""
    if flag == _DEFAULTS:
        func.__defaults__ = value
    elif flag == _KWDEFAULTS:
        func.__kwdefaults__ = value
    elif flag == _ANNOTATIONS:
        if isinstance(value, tuple):  # 3.10+: (name, value, name, value ...)
            value = dict(zip(value[::2], value[1::2]))
        func.__annotations__ = value
    elif flag == _CLOSURE:
        func.__closure__ = value
    elif flag == _ANNOTATE:
        func.__annotate__ = value
