"""Argument helpers shared by the subcommands that read pycs."""

from __future__ import annotations

import argparse
from typing import Any, Optional

from ..pyc import Pyc, load, loads

#: Help text of ``--trusted`` (the same-version fast path), shared by the subcommands.
TRUSTED_HELP = (
    "read pycs of the running Python's own version with its C marshal (much faster); "
    "only for files you trust: CPython's unmarshaller is not safe on hostile data"
)


def add_input_arguments(
    parser: argparse.ArgumentParser, *, many: bool = False, trusted: bool = False
) -> None:
    """Add the FILE argument(s) and the ``--python-version``/``--raw`` options.

    ``trusted=True`` also adds ``--trusted`` (the same-version fast path).
    """
    if many:
        parser.add_argument("files", nargs="+", metavar="FILE", help="pyc file(s)")
    else:
        parser.add_argument("file", metavar="FILE", help="pyc file")
    parser.add_argument(
        "--python-version",
        metavar="X.Y",
        help="read the file as this Python version, whatever its magic number says",
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="the file is headerless marshal data (version from --python-version, "
        "default the host's)",
    )
    if trusted:
        parser.add_argument("--trusted", action="store_true", help=TRUSTED_HELP)
    add_max_memory(parser)


MAX_MEMORY_HELP = (
    "memory (MB, estimated) the objects read may take before the read stops as an "
    "allocation bomb; default 16 MB + 8 bytes per byte of the file. Raise it for a large "
    "file of many tiny objects that you know"
)


def add_max_memory(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-memory MB`` (the reader's allocation budget)."""
    parser.add_argument("--max-memory", type=float, metavar="MB", help=MAX_MEMORY_HELP)


def max_memory_bytes(args: Any) -> Optional[int]:
    """Return ``--max-memory`` in bytes, or None for the default budget."""
    mb = getattr(args, "max_memory", None)
    return None if mb is None else max(0, int(mb * 1_000_000))


def open_input(path: str, args: Any) -> Pyc:
    """Return the :class:`Pyc` for ``path`` honouring ``--python-version``/``--raw``/``--trusted``.

    ``path`` may name a member of a packed application, ``app.exe!pkg/mod.pyc``
    (see :func:`bytescope.unpack.member_bytes`).  Raises :class:`~bytescope.errors.BytescopeError`
    on unreadable input.
    """
    from ..unpack import member_bytes

    data = member_bytes(path, getattr(args, "python_version", None))
    if data is not None:
        return loads(data, python_version=getattr(args, "python_version", None),
                     raw=getattr(args, "raw", False), path=path,
                     trusted=getattr(args, "trusted", False), max_memory=max_memory_bytes(args))
    return load(path, python_version=getattr(args, "python_version", None),
                raw=getattr(args, "raw", False), trusted=getattr(args, "trusted", False),
                max_memory=max_memory_bytes(args))

