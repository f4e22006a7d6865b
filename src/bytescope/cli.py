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
            "attach", "run", "step")
#: Subcommands whose arguments end with the program's own (argparse.REMAINDER): read
#: as written, never intermixed.
PROGRAM_COMMANDS = ("run", "step")


def build_parser(only: Optional[str] = None) -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand registered
    (only ``only`` when given: a command line naming its subcommand need not
    import the others, which keeps ``bytescope run`` quick to start)."""
    parser = argparse.ArgumentParser(
        prog="bytescope",
        description="Show exactly what is inside a CPython .pyc of any version.",
    )
    parser.add_argument("--version", action="version", version=f"bytescope {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            continue
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
    argv = list(argv)
    if argv and argv[0] in PROGRAM_COMMANDS:
        sub = _subcommands(parser).get(argv[0])
        if sub is not None:
            head, tail = _split_program(sub, argv[1:])
            args = sub.parse_args(head)  # (its -c CODE is args.command)
            args.args = list(getattr(args, "args", None) or []) + tail
            return args
    args, extras = parser.parse_known_args(argv)
    command = getattr(args, "command", None)
    if not extras or command is None or command in PROGRAM_COMMANDS:
        return parser.parse_args(argv)  # reports the unknown arguments, if any
    start = list(argv).index(command) + 1
    return _subcommands(parser)[command].parse_intermixed_args(
        argv[start:], namespace=argparse.Namespace(command=command))


def _split_program(sub: argparse.ArgumentParser, argv: list[str]) -> tuple[list[str], list[str]]:
    """Split a program command's arguments as ``python`` does: bytescope's options,
    then the program (FILE, ``-c CODE`` or ``-m MODULE``), then the program's own
    arguments, which may look like options (``run -m pkg --opt``)."""
    takes_value = {s: a.nargs != 0 for a in sub._actions for s in a.option_strings}
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return argv[:i + 2], argv[i + 2:]
        if token in ("-c", "-m"):
            return argv[:i + 2], argv[i + 2:]
        if token[:2] in ("-c", "-m") and not token.startswith("--"):
            return argv[:i + 1], argv[i + 1:]  # -cCODE, -mMODULE
        if token.startswith("-") and token != "-":
            i += 2 if takes_value.get(token, False) else 1
            continue
        return argv[:i + 1], argv[i + 1:]  # FILE
    return argv, []


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
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
