"""The ``dis`` functions at bytescope's top level: the version comes from the code.

``bytescope.get_instructions(code)`` is ``dis_api(code.version).get_instructions(code)``,
and so on for :func:`Bytecode`, :func:`findlinestarts`, :func:`findlabels`,
:func:`code_info`, :func:`show_code` and :func:`disassemble`.  They take a
bytescope :class:`~bytescope.Code` or :class:`~bytescope.Pyc` of any version,
or a host function, code object or source string (the host's version).
:func:`stack_effect` takes the version as a keyword.
"""

from __future__ import annotations

import inspect
from typing import IO, Any, Iterator, Optional, Union

from ..code import Code
from ..pyc import Pyc
from ..versions import VersionInfo
from ..versions import host as host_version
from .module import DisModule, dis_api, impl_for


def api_for(x: Any) -> DisModule:
    """Return the :func:`dis_api` module of ``x``'s version (the host's for host objects)."""
    if isinstance(x, Pyc):
        return dis_api(x.version)
    if isinstance(x, Code):
        return dis_api(x.version)
    return dis_api(host_version())


def get_instructions(x: Any, *, first_line: Optional[int] = None,
                     show_caches: bool = False) -> Iterator[Any]:
    """Return an iterator of ``x``'s instructions, each with the fields and values of
    its version's own ``dis.Instruction`` (``show_caches``: 3.11/3.12 ``CACHE`` entries).
    Raises ``TypeError`` for an object holding no code."""
    api = api_for(x)
    if "show_caches" in api.get_instructions.__code__.co_varnames:
        return api.get_instructions(x, first_line=first_line, show_caches=show_caches)
    return api.get_instructions(x, first_line=first_line)


def Bytecode(x: Any, **options: Any) -> Any:  # noqa: N802 - mirrors dis.Bytecode
    """Return ``dis.Bytecode(x, **options)`` of ``x``'s version (options that version
    lacks raise ``TypeError``)."""
    return api_for(x).Bytecode(x, **options)


def findlinestarts(x: Any) -> Iterator[tuple[int, Optional[int]]]:
    """Return ``(offset, line)`` pairs as ``x``'s version's ``dis.findlinestarts``."""
    return api_for(x).findlinestarts(x)


def findlabels(x: Any) -> list[int]:
    """Return the jump-target offsets of ``x``'s code, in first-seen order."""
    api = api_for(x)
    code = api_for(x) and (x.code if isinstance(x, Pyc) else x)
    return list(api.findlabels(code.co_code if isinstance(code, Code) else code))


def code_info(x: Any) -> str:
    """Return ``dis.code_info(x)`` as ``x``'s version prints it."""
    return str(dis_api_with_info(x).code_info(x))


def dis_api_with_info(x: Any) -> DisModule:
    api = api_for(x)
    if not hasattr(api, "code_info"):
        return dis_api("3.6")
    return api


def show_code(x: Any, *, file: Optional[IO[str]] = None) -> None:
    """Print :func:`code_info` of ``x`` to ``file`` (default stdout)."""
    print(code_info(x), file=file)


def disassemble(x: Any, lasti: int = -1, *, file: Optional[IO[str]] = None,
                **options: Any) -> None:
    """Print ``x``'s disassembly as its version's ``dis.disassemble(co, lasti)`` does,
    ``-->`` marking the instruction at ``lasti``, to ``file`` (default stdout; for
    every version, though 2.7's own prints to stdout only).  Options the version's
    dis lacks raise ``TypeError``."""
    api = api_for(x)
    inspect.signature(api.disassemble).bind(x, lasti, **options)  # TypeError, as native
    impl_for(api.version.key).disassemble(x, lasti, file=file, **options)


def stack_effect(opcode: int, oparg: Optional[int] = None, *, jump: Optional[bool] = None,
                 version: Union[str, VersionInfo, None] = None) -> int:
    """Return the stack effect of ``opcode`` with ``oparg`` as Python ``version``'s
    ``dis.stack_effect`` gives it (default: the host's version).  Raises
    ``ValueError`` as that version does for an invalid opcode or oparg."""
    api = dis_api(version if version is not None else host_version())
    if jump is None:  # versions before 3.8 have no such keyword
        return int(api.stack_effect(opcode, oparg))
    return int(api.stack_effect(opcode, oparg, jump=jump))
