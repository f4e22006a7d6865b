"""``bytescope build F.json -o OUT.pyc``: write the pyc a ``dump --json`` document describes."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..build import build_json
from ..errors import InputError


def register(sub: Any) -> None:
    """Add the ``build`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "build",
        help="write a pyc from 'bytescope dump --json' output",
        description="Rebuild a pyc from the JSON span tree of 'bytescope dump --json'. "
        "An unedited dump gives back the original bytes; after editing values "
        "(strings, numbers, code fields) the recorded type codes and references are kept "
        "where they still fit. Code objects are validated before anything is written.",
    )
    p.add_argument("json", metavar="F.json", help="dump --json output ('-' for stdin)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="pyc file to write ('-' for stdout)")
    p.add_argument("--no-validate", action="store_true",
                   help="write even if a code object fails validation")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the pyc; return 0, or raise a BytescopeError (exit status 1)."""
    try:
        if args.json == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(args.json, "rb") as fh:
                raw = fh.read()
    except OSError as exc:
        raise InputError(f"{args.json}: {exc.strerror or exc}") from None
    try:
        # From bytes, json detects UTF-8/16/32; a bad encoding is a ValueError too.
        doc = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"{args.json}: not valid JSON ({exc})") from None
    except RecursionError:
        raise InputError(f"{args.json}: JSON nested too deeply for the host's json "
                         "parser") from None
    data = build_json(doc, validate=not args.no_validate)
    write_output(args.output, data)
    return 0


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` (``-`` is stdout); raise InputError when that fails."""
    if path == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
