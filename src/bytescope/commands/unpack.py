"""``bytescope unpack FILE -o DIR``: extract the bytecode of a packed Python application."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ..packed import Limits, unpack
from ..views.jsontext import write_json
from ._common import add_max_memory, max_memory_bytes


def register(sub: Any) -> None:
    """Add the ``unpack`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "unpack",
        help="extract the pycs of a packed application (PyInstaller, zips, cx_Freeze, py2exe)",
        description="Extract every entry of a packed Python application into DIR: "
        "PyInstaller 2.0-6.x executables (PYZ modules become pycs with the target's "
        "header; encrypted 3.x-5.x archives need an AES library: pip install "
        "'bytescope[aes]'), zipapps, wheels, eggs, cx_Freeze and PyInstaller libraries, "
        "py2exe's PYTHONSCRIPT. Nuitka, PyArmor and other files are named, with what to "
        "do instead. Exits 1 whenever anything was lost, naming what and why.",
    )
    p.add_argument("file", metavar="FILE", help="the packed executable or archive")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="folder to write into (default: FILE_extracted beside FILE)")
    p.add_argument("--list", action="store_true", help="list the entries, write nothing")
    p.add_argument("--json", action="store_true", help="print the manifest as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="list every entry")
    p.add_argument("--python-version", metavar="X.Y",
                   help="read the bytecode as this version whatever the archive says")
    p.add_argument("--max-entry", type=float, metavar="MB",
                   help="largest size one entry may unpack to (default 4096)")
    p.add_argument("--max-ratio", type=int, metavar="N",
                   help="refuse entries that grow more than N times when inflated "
                   "(default 250; entries under 1 MB exempt)")
    p.add_argument("--max-output", type=float, metavar="MB",
                   help="bytes the whole run may write (default: 4096 or 50 times FILE)")
    add_max_memory(p)
    p.set_defaults(func=run)


def _limits(args: argparse.Namespace) -> Limits:
    base = Limits()
    mb = 1 << 20
    return Limits(
        max_entry=int(args.max_entry * mb) if args.max_entry else base.max_entry,
        max_ratio=args.max_ratio or base.max_ratio,
        max_output=int(args.max_output * mb) if args.max_output else None,
    )


def run(args: argparse.Namespace) -> int:
    """Unpack; print the summary (or JSON); return 1 when anything was lost."""
    output = None if args.list else (args.output or _default_output(args.file))
    manifest = unpack(args.file, output, python_version=args.python_version,
                      limits=_limits(args), max_memory=max_memory_bytes(args))
    out = sys.stdout
    if args.json:
        write_json(manifest.to_dict(), out, indent=1)
        out.write("\n")
    else:
        if args.verbose or args.list:
            for e in manifest.entries:
                where = e.written or ("-" if not e.error else "LOST")
                out.write(f"{e.kind:10} {e.container:24} {e.name}  ->  {where}"
                          f"{'  (' + e.note + ')' if e.note else ''}\n")
        for line in manifest.summary_lines():
            out.write(line + "\n")
    out.flush()
    if manifest.lost:
        names = ", ".join(e.name for e in manifest.lost[:5])
        more = f" and {len(manifest.lost) - 5} more" if len(manifest.lost) > 5 else ""
        print(f"bytescope: error: {len(manifest.lost)} entr"
              f"{'y' if len(manifest.lost) == 1 else 'ies'} lost: {names}{more} "
              "(see the summary for why)", file=sys.stderr)
        return 1
    return 0


def _default_output(path: str) -> str:
    return os.path.abspath(path) + "_extracted"
