"""Argument helpers shared by the subcommands that read pycs."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, Optional

from ..errors import BytescopeError
from ..pyc import Pyc, load, loads
from ..views.jsontext import write_json

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
    (see :func:`bytescope.packed.member_bytes`).  Raises :class:`~bytescope.errors.BytescopeError`
    on unreadable input.
    """
    from ..packed import member_bytes

    data = member_bytes(path, getattr(args, "python_version", None))
    if data is not None:
        return loads(data, python_version=getattr(args, "python_version", None),
                     raw=getattr(args, "raw", False), path=path,
                     trusted=getattr(args, "trusted", False), max_memory=max_memory_bytes(args))
    return load(path, python_version=getattr(args, "python_version", None),
                raw=getattr(args, "raw", False), trusted=getattr(args, "trusted", False),
                max_memory=max_memory_bytes(args))


def file_error(path: str, exc: BytescopeError) -> str:
    """Return the message of ``exc`` naming the file it is about (``"a.png: not a pyc..."``)."""
    text = str(exc)
    return text if text.startswith(f"{path}:") else f"{path}: {text}"


def report_file_error(path: str, exc: BytescopeError) -> None:
    """Print ``exc`` on stderr as one ``bytescope: error: FILE: ...`` line."""
    print(f"bytescope: error: {file_error(path, exc)}", file=sys.stderr)


def error_document(path: str, exc: BytescopeError) -> dict[str, Any]:
    """Return the JSON entry of a file that failed: ``{"file": ..., "error": {...}}``."""
    return {"file": path, "error": exc.to_dict()}


#: How ``--json`` output of the commands taking several FILEs is shaped.
JSON_SHAPE_HELP = (
    "print JSON: one object for one FILE, an array of them, in order, for several; a "
    'file that cannot be read gives {"file": FILE, "error": {"type", "message", "offset", '
    '"expected"}} (and exit status 1)'
)


def render_files(
    paths: list[str],
    render: Callable[[str], Any],
    *,
    as_json: bool,
    indent: int = 1,
    header: Optional[Callable[[int, str], str]] = None,
    gap: str = "",
    tag_files: bool = False,
) -> int:
    """Print ``render(path)`` for every FILE in turn; return 1 if any failed, else 0.

    ``render`` returns text, or (``as_json``) a JSON-able dict, and raises
    :class:`~bytescope.errors.BytescopeError` for a FILE it cannot read: that
    FILE's error is printed naming it, the others still run, and the JSON
    gets its :func:`error_document`.  JSON is one document for one FILE and an
    array for several (``tag_files`` adds ``"file"`` to each of them).  Text
    output puts ``header(i, path)`` before each FILE and ``gap`` between two
    FILEs shown.
    """
    status = 0
    docs: list[Any] = []
    shown = 0
    many = len(paths) > 1
    for i, path in enumerate(paths):
        if header is not None and not as_json:
            sys.stdout.write(header(i, path))
        try:
            output = render(path)
        except BytescopeError as exc:
            sys.stdout.flush()
            report_file_error(path, exc)
            status = 1
            if as_json:
                docs.append(error_document(path, exc))
            continue
        if as_json:
            docs.append({"file": path, **output} if tag_files and many else output)
        else:
            sys.stdout.write((gap if shown else "") + output)
            shown += 1
    if as_json:
        write_json(docs if many else docs[0], sys.stdout, indent=indent)
        sys.stdout.write("\n")
    return status
