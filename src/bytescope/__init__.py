"""bytescope: open any CPython ``.pyc`` or code object and see exactly what is inside.

The few names a user needs first:

* :func:`load` / :func:`loads` -- read a pyc (path, file object or bytes) into a
  :class:`Pyc` with ``.version``, ``.header`` and ``.code``;
* :class:`Code` -- the one code-object model for every Python version;
* :class:`BytescopeError` -- the root of every error bytescope raises.
"""

from __future__ import annotations

from .code import Code
from .errors import (
    BadCode,
    BadHeader,
    BadMagic,
    BadMarshal,
    BytescopeError,
    InputError,
    LimitExceeded,
    LiveAccessError,
    TruncatedData,
    UnsupportedVersion,
)
from .pyc import Header, Pyc, load, loads
from .versions import VersionInfo

__version__ = "0.1.0"

__all__ = [
    "BadCode",
    "BadHeader",
    "BadMagic",
    "BadMarshal",
    "BytescopeError",
    "Code",
    "Header",
    "InputError",
    "LimitExceeded",
    "LiveAccessError",
    "Pyc",
    "TruncatedData",
    "UnsupportedVersion",
    "VersionInfo",
    "load",
    "loads",
    "__version__",
]
