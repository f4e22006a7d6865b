"""``bytescope scan PATH...``: read every pyc in trees, zips and wheels; summarise by version."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Optional, TextIO

from ..scan import Scanner, ScanRecord, Summary
from ._common import add_max_memory, max_memory_bytes


def register(subparsers: Any) -> None:
    """Add the ``scan`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "scan",
        help="read every pyc under directories, zip files and wheels",
        description=(
            "Walk directories, zip files and wheels; read every pyc (named .pyc/.pyo, or "
            "starting with a known magic number) and report its version, header, code-object "
            "and instruction counts and any error with its offset. A bad file never stops "
            "the scan. Exit status: 2 when a PATH given cannot be read (missing, or not a "
            "directory, zip or pyc), 1 with --strict when a pyc failed, else 0."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="directory, zip, wheel or pyc")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per pyc (JSON lines) instead of the summary table",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="worker processes (default: all cores)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when any pyc found failed to read (without it, failed pycs "
        "are only counted)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every pyc, not only the failed ones (text output)",
    )
    parser.add_argument(
        "--python-version",
        metavar="X.Y",
        help="read every pyc as this version whatever its magic says "
        "(only files named .pyc/.pyo are read)",
    )
    parser.add_argument(
        "--trusted",
        action="store_true",
        help="read pycs of the running Python's own version with its C marshal (much "
        "faster); only for files you trust: a hostile file can crash the scan",
    )
    add_max_memory(parser)
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress line, even on a terminal",
    )
    parser.set_defaults(func=run)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


class _Progress:
    """A one-line progress display on a terminal; does nothing otherwise."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, summary: Summary, nbytes: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        text = (
            f"\rscanned {summary.files} pycs ({summary.failed} failed), "
            f"{nbytes / 1e6:.1f} MB, {summary.files / elapsed:.0f} files/s"
        )
        self.stream.write(text + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _describe(rec: ScanRecord) -> str:
    version = rec.version or "?"
    if rec.forced and rec.version:
        version += f" (forced; file magic {rec.magic})"
    if rec.ok:
        inst = "-" if rec.instructions is None else str(rec.instructions)
        return (
            f"ok    {rec.path}: {version}, {rec.code_objects} code objects, "
            f"{inst} instructions, {rec.code_bytes} co_code bytes"
        )
    err = rec.error or {}
    where = f" at offset {err['offset']}" if err.get("offset") is not None else ""
    return f"FAIL  {rec.path}: {version}: {err.get('type')}{where}: {err.get('message')}"


def run(args: argparse.Namespace, out: Optional[TextIO] = None) -> int:
    """Scan ``args.paths``; print JSON lines or failures and a summary table.

    Returns 2 when a path given cannot be read (each named on stderr), else
    1 with ``--strict`` when any pyc failed, else 0.
    """
    stdout = out or sys.stdout
    scanner = Scanner(args.paths, jobs=args.jobs, python_version=args.python_version,
                      trusted=args.trusted, max_memory=max_memory_bytes(args))
    summary = Summary()
    progress = _Progress(sys.stderr, not args.no_progress)
    nbytes = 0
    path_errors = 0
    try:
        for rec in scanner.run():
            if rec.path_error:  # a path given that cannot be read: not a pyc
                path_errors += 1
                progress.close()
                print(f"bytescope: error: {rec.path}: {(rec.error or {}).get('message')}",
                      file=sys.stderr)
                if args.json:
                    stdout.write(json.dumps(rec.to_dict(), sort_keys=True) + "\n")
                continue
            summary.add(rec)
            nbytes += rec.size
            if args.json:
                stdout.write(json.dumps(rec.to_dict(), sort_keys=True) + "\n")
            elif args.verbose or not rec.ok:
                progress.close()
                progress.shown = False
                stdout.write(_describe(rec) + "\n")
            progress.update(summary, nbytes)
    finally:
        progress.close()
    if not args.json:
        if summary.files:
            stdout.write(summary.table() + "\n")
        stdout.write(
            f"{summary.files} pyc(s) read, {summary.failed} failed, "
            f"{scanner.skipped} other file(s) skipped\n"
        )
    stdout.flush()
    if path_errors:
        return 2
    return 1 if args.strict and summary.failed else 0
