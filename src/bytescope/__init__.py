"""bytescope: open any CPython ``.pyc`` or code object and see exactly what is inside.

The few names a user needs first:

* :func:`load` / :func:`loads` -- read a pyc (path, file object or bytes) into a
  :class:`Pyc` with ``.version``, ``.header`` and ``.code``;
* :class:`Code` -- the one code-object model for every Python version;
* :class:`BytescopeError` -- the root of every error bytescope raises.
"""

from __future__ import annotations

from typing import Any

from .code import Code
from .errors import (
    BadCode,
    BadHeader,
    BadMagic,
    BadMarshal,
    BytescopeError,
    DisArgumentError,
    InputError,
    LimitExceeded,
    LiveAccessError,
    TruncatedData,
    UnsupportedVersion,
)
from .marshal import host as _host  # noqa: F401 - installs Code.from_host/to_host
from .pyc import Header, Pyc, load, loads
from .versions import VersionInfo

__version__ = "0.1.0"

__all__ = [
    "accelerated",
    "BadCode",
    "BadHeader",
    "BadMagic",
    "BadMarshal",
    "BytescopeError",
    "Code",
    "DisArgumentError",
    "Header",
    "InputError",
    "LimitExceeded",
    "LiveAccessError",
    "Pyc",
    "TruncatedData",
    "UnsupportedVersion",
    "VersionInfo",
    "attach",
    "run",
    "EngineError",
    "Bytecode",
    "cfg",
    "code_info",
    "dis",
    "dis_api",
    "dis_text",
    "disassemble",
    "findlabels",
    "findlinestarts",
    "get_instructions",
    "Instruction",
    "Positions",
    "show_code",
    "stack_effect",
    "load",
    "loads",
    "open_core",
    "unpack",
    "__version__",
]

# Heavier parts load on first use, so `import bytescope` stays cheap.
_LAZY = {
    "accelerated": ("bytescope._accel", "accelerated"),
    "run": ("bytescope.engine.program", "run"),
    "EngineError": ("bytescope.engine.errors", "EngineError"),
    "dis": ("bytescope.views.dis_text", "dis"),
    "cfg": ("bytescope.analysis.cfg", "cfg"),
    "dis_api": ("bytescope.disapi", "dis_api"),
    "dis_text": ("bytescope.views.dis_text", "text_of"),
    "get_instructions": ("bytescope.disapi.toplevel", "get_instructions"),
    "Bytecode": ("bytescope.disapi.toplevel", "Bytecode"),
    "findlinestarts": ("bytescope.disapi.toplevel", "findlinestarts"),
    "findlabels": ("bytescope.disapi.toplevel", "findlabels"),
    "code_info": ("bytescope.disapi.toplevel", "code_info"),
    "show_code": ("bytescope.disapi.toplevel", "show_code"),
    "disassemble": ("bytescope.disapi.toplevel", "disassemble"),
    "stack_effect": ("bytescope.disapi.toplevel", "stack_effect"),
    "Instruction": ("bytescope.bytecode.instruction", "Instruction"),
    "Positions": ("bytescope.bytecode.instruction", "Positions"),
    "attach": ("bytescope.live", "attach"),
    "open_core": ("bytescope.live", "open_core"),
    "unpack": ("bytescope.packed", "unpack"),
}


def __getattr__(name: str) -> Any:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'bytescope' has no attribute {name!r}") from None
    import importlib

    return getattr(importlib.import_module(module_name), attr)
