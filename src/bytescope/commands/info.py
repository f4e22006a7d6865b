"""``bytescope info FILE...``: version, header and code-object tree of pycs."""

from __future__ import annotations

import argparse
from typing import Any

from ..views.info import info_dict, info_text
from ._common import JSON_SHAPE_HELP, add_input_arguments, open_input, render_files


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

    def render(path: str) -> Any:
        pyc = open_input(path, args)
        return info_dict(pyc) if args.json else info_text(pyc)

    return render_files(args.files, render, as_json=args.json, indent=2, gap="\n")
