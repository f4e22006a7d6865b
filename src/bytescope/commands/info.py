"""``bytescope info FILE...``: version, header and code-object tree of pycs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import BytescopeError
from ..views.info import info_dict, info_text
from ..views.jsontext import write_json
from ._common import add_input_arguments, open_input


def register(sub: Any) -> None:
    """Add the ``info`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "info",
        help="version, header and code objects of pyc files",
        description="Show the version, header fields and the tree of code objects of pycs.",
    )
    add_input_arguments(p, many=True, trusted=True)
    p.add_argument("--json", action="store_true", help="print JSON (one document per file)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print info for every file; return 1 if any file failed, else 0."""
    status = 0
    docs = []
    for i, path in enumerate(args.files):
        try:
            pyc = open_input(path, args)
        except BytescopeError as exc:
            print(f"bytescope: error: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            docs.append(info_dict(pyc))
        else:
            if i:
                print()
            sys.stdout.write(info_text(pyc))
    if args.json:
        out = docs[0] if len(args.files) == 1 and docs else docs
        write_json(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return status
