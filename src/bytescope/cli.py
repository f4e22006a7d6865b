"""The ``bytescope`` command: parse arguments, call the library, print.

Each subcommand lives in ``bytescope.commands.<name>`` and provides
``register(subparsers)``, which adds its parser and sets ``func`` (a callable
taking the parsed arguments and returning the exit status).  Errors that are
a :class:`~bytescope.errors.BytescopeError` become one line on stderr and
exit status 1 (2 for usage errors), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Optional, Sequence

from . import __version__
from .errors import BytescopeError

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS = ("info", "dis", "dump", "cfg", "report", "scan", "unpack", "build", "rewrite",
            "attach")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="bytescope",
        description="Show exactly what is inside a CPython .pyc of any version.",
    )
    parser.add_argument("--version", action="version", version=f"bytescope {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"bytescope.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bytescope.commands.{name}":
                continue  # that subcommand is not part of this build
            raise
        module.register(sub)
    return parser


def parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Return the parsed arguments; options may come before, between or after positionals.

    argparse alone stops filling a many-valued positional (``FILE...``,
    attach's ``PID TARGET VIEW``) at the first option, so ``info a.pyc
    --json b.pyc`` or ``attach PID NAME --freeze dis`` would be refused; the
    subcommand's own parser then reads its arguments intermixed.  Exits with
    status 2 (argparse's usage error) on bad arguments.
    """
    args, extras = parser.parse_known_args(argv)
    command = getattr(args, "command", None)
    if not extras or command is None:
        return parser.parse_args(argv)  # reports the unknown arguments, if any
    start = list(argv).index(command) + 1
    return _subcommands(parser)[command].parse_intermixed_args(
        argv[start:], namespace=argparse.Namespace(command=command))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse(parser, argv)
    if not getattr(args, "func", None):
        parser.print_usage(sys.stderr)
        print("bytescope: error: a COMMAND is needed (one of "
              f"{', '.join(_subcommands(parser))}); 'bytescope COMMAND --help' tells more",
              file=sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except BytescopeError as exc:
        print(f"bytescope: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error worth a traceback.
        # Point stdout at /dev/null so the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommand parsers of ``parser`` by name, in ``--help`` order."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


if __name__ == "__main__":
    sys.exit(main())
