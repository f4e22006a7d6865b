"""``bytescope dis``: disassembly identical to the native ``dis`` of the pyc's own version.

Input is a pyc, a ``.py`` source (compiled by the host, or by ``--python
PATH``), or a snippet with ``-c``.  Options mirror the version's dis:
``--show-caches`` (3.11+), ``--show-offsets`` (3.13+), ``--show-positions``
(3.14+); asking for one the version lacks is an error (one line on stderr,
exit status 1).  ``--info`` prints ``dis.code_info`` of every code object,
``--json`` the instructions as data, ``--source`` the source lines above their
instructions.
"""

from __future__ import annotations

import argparse
import importlib.util
import marshal
import os
import sys
from typing import Any, Optional

from ..code import Code
from ..errors import InputError
from ..pyc import Pyc, loads
from ..views.code_info import code_info_all
from ..views.dis_json import dis_dict
from ..views.dis_text import check_options, dis_text
from ..views.jsontext import write_json
from ._common import TRUSTED_HELP, add_max_memory, open_input, render_files


def register(sub: Any) -> None:
    """Add the ``dis`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "dis",
        help="disassemble like the pyc's own Python version's dis",
        description="Print what dis.dis() of the pyc's own Python version prints, "
        "whatever Python runs bytescope.",
    )
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="pyc file(s), or .py sources to compile; several are shown one after "
                   "the other under '==> FILE <==' lines, as head does")
    p.add_argument("-c", dest="snippet", metavar="CODE", help="disassemble this source snippet")
    p.add_argument("--python-version", metavar="X.Y",
                   help="read the pyc as this Python version, whatever its magic says")
    p.add_argument("--raw", action="store_true", help="FILE is headerless marshal data")
    p.add_argument("--trusted", action="store_true", help=TRUSTED_HELP)
    add_max_memory(p)
    p.add_argument("--python", metavar="PATH",
                   help="compile FILE.py / -c CODE with this interpreter (default: the host)")
    p.add_argument("--show-caches", action="store_true", help="show inline caches (3.11+)")
    p.add_argument("--show-offsets", action="store_true", help="show offsets (3.13+)")
    p.add_argument("--show-positions", action="store_true", help="show positions (3.14+)")
    p.add_argument("--depth", type=int, metavar="N", help="nested code objects to follow")
    p.add_argument("--info", action="store_true", help="print dis.code_info of every code object")
    p.add_argument("--json", action="store_true",
                   help="print the instructions as JSON: one object for one FILE, an array for "
                   'several (each with its "file"); a FILE that cannot be read gives '
                   '{"file": FILE, "error": {...}}')
    p.add_argument("--source", action="store_true",
                   help="print each source line above its instructions")
    p.add_argument("--source-file", metavar="PATH", help="the source file for --source")
    p.set_defaults(func=run)


def _compile(args: argparse.Namespace, path: Optional[str]) -> Pyc:
    """Compile ``path`` (a .py) or -c CODE with the host or ``--python``; return the Pyc."""
    if path is None:
        mode, name, text = "snippet", "<dis>", args.snippet
    else:
        mode, name = "file", path
        text = ""
        if not os.path.isfile(name):
            raise InputError(f"{name}: no such file")
    if args.python:
        from ..foreign import compile_with

        return compile_with(args.python, mode, name, text)
    if mode == "file":
        with open(name, "rb") as fh:
            source = fh.read()
        try:
            code = compile(source, name, "exec")
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{name}: cannot compile: {exc}") from None
    else:
        try:
            try:
                code = compile(text, name, "eval")
            except SyntaxError:
                code = compile(text, name, "exec")
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"cannot compile snippet: {exc}") from None
    size = 16
    data = importlib.util.MAGIC_NUMBER + b"\0" * (size - 4) + marshal.dumps(code)
    return loads(data)


def find_source(pyc_path: Optional[str], code: Code, given: Optional[str]) -> Optional[str]:
    """Return the source file for ``--source``: given, next to the pyc, or co_filename."""
    candidates = []
    if given:
        candidates.append(given)
    if pyc_path:
        if pyc_path.endswith(".py"):
            candidates.append(pyc_path)
        head, tail = os.path.split(pyc_path)
        stem = tail.split(".")[0]
        if os.path.basename(head) == "__pycache__":
            candidates.append(os.path.join(os.path.dirname(head), stem + ".py"))
        candidates.append(os.path.join(head, stem + ".py"))
    filename = code.co_filename
    if isinstance(filename, bytes):
        filename = filename.decode("utf-8", "replace")
    if filename:
        candidates.append(filename)
        if pyc_path and not os.path.isabs(filename):
            candidates.append(os.path.join(os.path.dirname(pyc_path), filename))
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    return None


def run(args: argparse.Namespace) -> int:
    """Disassemble the input(s); return the exit status (1 if any FILE failed)."""
    if args.snippet is None and not args.files:
        print("bytescope dis: error: give FILE or -c CODE", file=sys.stderr)
        return 2
    if args.snippet is not None:
        if args.files:
            print("bytescope dis: error: give FILE or -c CODE, not both", file=sys.stderr)
            return 2
        output = _one(args, None)
        _write_output(output, args)
        return 0
    many = len(args.files) > 1

    def header(i: int, path: str) -> str:
        # head's separator: a blank line between files, then the name
        return (("\n" if i else "") + f"==> {path} <==\n") if many else ""

    return render_files(args.files, lambda path: _one(args, path), as_json=args.json,
                        header=header, tag_files=True)


def _write_output(output: Any, args: argparse.Namespace) -> None:
    """Write one rendering (text, or a JSON document) to stdout."""
    if args.json:
        write_json(output, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(output)


def _one(args: argparse.Namespace, path: Optional[str]) -> Any:
    """Return the rendering of one input: text, or a JSON-able dict with ``--json``.

    ``path`` None means the ``-c`` snippet.  Raises
    :class:`~bytescope.errors.BytescopeError` when it cannot be read.
    """
    if path is None or (path.endswith(".py") and not args.raw):
        pyc = _compile(args, path)
    else:
        pyc = open_input(path, args)
    code = pyc.code
    if not isinstance(code, Code):
        raise InputError("the pyc's top-level object is not a code object")
    options = dict(show_caches=args.show_caches, show_offsets=args.show_offsets,
                   show_positions=args.show_positions)
    check_options(code, **options)
    if args.json:
        return dis_dict(code)
    if args.info:
        return code_info_all(code)
    source = None
    if path is None and args.source:
        source = args.snippet.splitlines()
    elif args.source or args.source_file:
        found = find_source(path, code, args.source_file)
        if found is None:
            print("bytescope dis: warning: no source found for --source "
                  "(use --source-file)", file=sys.stderr)
        else:
            with open(found, encoding="utf-8", errors="replace") as fh:
                source = fh.read().splitlines()
    return dis_text(code, depth=args.depth, source=source, **options)
