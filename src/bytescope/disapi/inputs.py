"""What ``dis_api`` functions accept, turned into the model.

A bytescope :class:`~bytescope.Code` or :class:`~bytescope.Pyc` of the API's
version is always accepted.  Host objects (functions, methods, classes,
modules, generators, coroutines, code objects, tracebacks, source strings)
are accepted where the host runs the API's own version, as that version's
native ``dis`` accepts them: their code objects are written with the host's
``marshal`` and read back by bytescope, so the answers come from bytescope's
reading, not from the live objects.  Results given for host input carry host
types where native ``dis`` gives them (a code constant's ``argval`` is a host
code object rebuilt from bytescope's model).
"""

from __future__ import annotations

import types
from typing import Any, Optional

from ..bytecode.inputs import host_code
from ..bytecode.target_repr import remember_address
from ..code import Code
from ..errors import DisTypeError
from ..pyc import Pyc
from ..versions import VersionInfo
from ..versions import host as host_version


class VersionMismatch(DisTypeError):
    """A host object given to the ``dis_api`` of a version the host does not run,
    or a bytescope ``Code`` of another version."""


def host_matches(version: VersionInfo) -> bool:
    """Return True when the running interpreter's bytecode is ``version``'s."""
    hv = host_version()
    return (hv.key, hv.code_layout_name) == (version.key, version.code_layout_name)


def from_host_code(co: types.CodeType, version: VersionInfo) -> Code:
    """Return bytescope's reading of host code object ``co`` (whose ``repr`` keeps
    the host object's address, as native ``dis`` prints it).

    Raises :class:`VersionMismatch` when the host does not run ``version``.
    """
    if not host_matches(version):
        raise VersionMismatch(
            f"a host code object is Python {host_version().key} bytecode; the dis API of "
            f"Python {version.key} takes a bytescope Code or Pyc of that version"
        )
    code = Code.from_host(co)
    # native reprs show each code object's address: keep the host's for ours
    pairs = [(code, co)]
    while pairs:
        ours, theirs = pairs.pop()
        remember_address(ours, id(theirs))
        for a, b in zip(ours.co_consts, theirs.co_consts):
            if isinstance(a, Code) and isinstance(b, types.CodeType):
                pairs.append((a, b))
    return code


def code_of(x: Any, version: VersionInfo, compile_source: Optional[Any] = None) -> Code:
    """Return the :class:`Code` ``x`` stands for, as ``dis._get_code_object`` does.

    ``compile_source(text)`` compiles a source string (host only).  Raises
    :class:`VersionMismatch` for code of another version and
    :class:`~bytescope.errors.DisTypeError` (a ``TypeError``) for anything that
    holds no code.
    """
    if isinstance(x, Pyc):
        x = x.code
    if not isinstance(x, Code):
        x = host_code(x)
        if isinstance(x, str) and compile_source is not None:
            x = compile_source(x)
    if isinstance(x, types.CodeType):
        return from_host_code(x, version)
    if isinstance(x, Code):
        if x.version.key != version.key:
            raise VersionMismatch(
                f"this is Python {x.version.key} code; use dis_api({x.version.key!r})"
            )
        return x
    raise DisTypeError(f"don't know how to disassemble {type(x).__name__} objects")


def is_host_input(x: Any) -> bool:
    """Return True when ``x`` is a host object rather than bytescope's model."""
    return not isinstance(x, (Code, Pyc, bytes, bytearray))


def traceback_frame(tb: Any) -> tuple[Any, int]:
    """Return ``(code, lasti)`` of traceback ``tb``'s frame, as ``distb`` reads them.

    Raises :class:`~bytescope.errors.DisTypeError` when ``tb`` is no traceback
    (native ``dis`` fails there with an AttributeError from inside).
    """
    frame = getattr(tb, "tb_frame", None)
    code = getattr(frame, "f_code", None)
    lasti = getattr(tb, "tb_lasti", None)
    if code is None or not isinstance(lasti, int):
        raise DisTypeError(f"expected a traceback, got a {type(tb).__name__}")
    return code, lasti
