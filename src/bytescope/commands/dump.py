"""``bytescope dump FILE``: the annotated marshal stream, with byte offsets."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional

from ..errors import BytescopeError
from ..pyc import Pyc
from ..views.dump import dump_json, dump_lines
from ..views.jsontext import write_json
from ._common import add_input_arguments, error_document, open_input, report_file_error


def register(sub: Any) -> None:
    """Add the ``dump`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "dump",
        help="annotated marshal stream with byte offsets",
        description="Show every object of the marshal stream: offset, length, type code, "
        "FLAG_REF and reference index, and its value. On a damaged file, everything up "
        "to the damage is shown, then the error (exit status 1).",
    )
    add_input_arguments(p)
    p.add_argument("--hex", action="store_true", help="show the raw bytes of each object")
    p.add_argument("--json", action="store_true",
                   help="print the object tree as JSON (what 'bytescope build' reads); a FILE "
                   'that cannot be read gives {"file": FILE, "error": {...}}')
    p.set_defaults(func=run)


def _open_partial(args: argparse.Namespace) -> tuple[Optional[Pyc], Optional[BytescopeError]]:
    """The pyc (whole, or up to the damage) and the error that stopped its reading."""
    try:
        return open_input(args.file, args), None
    except BytescopeError as exc:
        return (exc.partial if isinstance(exc.partial, Pyc) else None), exc


def run(args: argparse.Namespace) -> int:
    """Print the dump; return 1 when the stream is damaged or unreadable, else 0."""
    pyc, load_error = _open_partial(args)
    if pyc is None:  # not even a header: nothing to dump
        assert load_error is not None
        if args.json:
            write_json(error_document(args.file, load_error), sys.stdout, indent=1)
            sys.stdout.write("\n")
        report_file_error(args.file, load_error)
        return 1
    if args.json:
        doc, error = dump_json(pyc)
        write_json(doc, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        lines, error = dump_lines(pyc, show_hex=args.hex)
        out = sys.stdout
        for line in lines:
            out.write(line)
            out.write("\n")
    error = error or load_error
    if error is not None:
        sys.stdout.flush()
        report_file_error(args.file, error)
        return 1
    return 0
