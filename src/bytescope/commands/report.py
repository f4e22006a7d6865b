"""``bytescope report FILE -o report.html``: one self-contained HTML page of a pyc.

The page opens offline in any browser (no server, no network): header and
version facts, the code-object tree, per code object its dis text, source,
control-flow graph, exception and line tables, and the marshal stream as hex
with object boundaries.  The source is found next to the pyc, given with
``--source-file``, or is FILE itself when FILE is a ``.py`` (compiled by the
host, or by ``--python PATH``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ..code import Code
from ..errors import InputError
from ..views.report import report_html
from ._common import add_input_arguments, open_input
from .dis import _compile, find_source


def register(sub: Any) -> None:
    """Add the ``report`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "report",
        help="one self-contained HTML report of a pyc (dis, source, CFG, hex)",
        description="Write one self-contained HTML file that shows everything in a pyc.",
    )
    add_input_arguments(p)
    p.add_argument("-o", "--output", metavar="PATH", required=True,
                   help="the HTML file to write")
    p.add_argument("--source-file", metavar="PATH", help="the source file of the pyc")
    p.add_argument("--python", metavar="PATH", help="compile a .py FILE with this interpreter")
    p.set_defaults(func=run, snippet=None)


def run(args: argparse.Namespace) -> int:
    """Write the report; return the exit status."""
    if args.file.endswith(".py") and not args.raw:
        pyc = _compile(args, args.file)
        origin = args.file
    else:
        pyc = open_input(args.file, args)
        origin = args.file
    if not isinstance(pyc.code, Code):
        raise InputError("the pyc's top-level object is not a code object")
    path = find_source(origin, pyc.code, args.source_file)
    source = None
    if path is not None:
        with open(path, encoding="utf-8", errors="replace") as fh:
            source = fh.read().splitlines()
    elif args.source_file:
        raise InputError(f"{args.source_file}: no such file")
    if pyc.path is None:
        pyc.path = origin
    html = report_html(pyc, source=source, source_name=path)
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write(html)
    size = os.path.getsize(args.output)
    note = "" if source is not None else " (no source found: --source-file adds it)"
    print(f"wrote {args.output} ({size // 1024} KiB){note}", file=sys.stderr)
    return 0
