"""What the library's entry points accept as "code", turned into the model.

``bytescope.dis``, ``bytescope.cfg`` and the ``dis_api`` functions all take a
bytescope :class:`~bytescope.Code`, a :class:`~bytescope.Pyc` (its module
code) or a host object holding code (a function, method, generator, async
generator, coroutine or code object).  The unwrapping lives here, once; each
caller raises its own error for input that holds no code (``dis`` raises
``TypeError`` as native ``dis`` does, ``cfg`` an
:class:`~bytescope.errors.InputError`).
"""

from __future__ import annotations

import types
from typing import Any, Optional

from ..code import Code

__all__ = ["code_of", "host_code"]

#: the attributes holding the code of a function, generator, async generator, coroutine
_CODE_ATTRS = ("__code__", "gi_code", "ag_code", "cr_code")


def host_code(obj: Any) -> Any:
    """Return the object native ``dis`` disassembles for ``obj``: a method's function,
    then a function's, generator's, async generator's or coroutine's code object;
    ``obj`` itself when it holds none of these.  Never raises."""
    obj = getattr(obj, "__func__", obj)
    for attr in _CODE_ATTRS:
        if hasattr(obj, attr):
            return getattr(obj, attr)
    return obj


def code_of(obj: Any) -> Optional[Code]:
    """Return the :class:`~bytescope.Code` that ``obj`` stands for, or None when it holds no code.

    ``obj`` is a Code, anything with a Code in its ``code`` attribute (a
    :class:`~bytescope.Pyc`), or a host object :func:`host_code` unwraps to a
    host code object (converted with :meth:`Code.from_host
    <bytescope.Code.from_host>`, which raises what it raises for a code object
    it cannot convert).
    """
    if isinstance(obj, Code):
        return obj
    inner = getattr(obj, "code", None)
    if isinstance(inner, Code):
        return inner
    obj = host_code(obj)
    if isinstance(obj, types.CodeType):
        return Code.from_host(obj)
    return None
