"""``bytescope info FILE...``: version, header and code-object tree of pycs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import BytescopeError
from ..views.info import info_dict, info_text
from ..views.jsontext import write_json
from ._common import (
    JSON_SHAPE_HELP,
    add_input_arguments,
    error_document,
    open_input,
    report_file_error,
)


def register(sub: Any) -> None:
    """Add the ``info`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "info",
        help="version, header and code objects of pyc files",
        description="Show the version, header fields and the tree of code objects of pycs.",
    )
    add_input_arguments(p, many=True, trusted=True)
    p.add_argument("--json", action="store_true", help=JSON_SHAPE_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print info for every file; return 1 if any file failed, else 0."""
    status = 0
    docs = []
    shown = 0
    for path in args.files:
        try:
            pyc = open_input(path, args)
        except BytescopeError as exc:
            report_file_error(path, exc)
            status = 1
            if args.json:
                docs.append(error_document(path, exc))
            continue
        if args.json:
            docs.append(info_dict(pyc))
        else:
            if shown:
                print()
            sys.stdout.write(info_text(pyc))
            shown += 1
    if args.json:
        write_json(docs[0] if len(args.files) == 1 else docs, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return status
