"""``bytescope run``: execute a program's bytecode in bytescope's engine, as ``python`` would.

``bytescope run [options] (FILE | -c CODE | -m MODULE) [ARGS...]``: FILE is a
pyc of any supported version (3.6-3.15, 2.7) or a ``.py`` compiled by the
host.  The program sees its own ``sys.argv``, ``__name__ == "__main__"`` and
``__file__``, writes to the real stdout/stderr, and the exit status is the
program's.  ``--trace`` and its filters print every instruction run (see
``bytescope.views.trace``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ..errors import BytescopeError


def register(sub: Any) -> None:
    """Add the ``run`` subcommand to ``sub``."""
    p = sub.add_parser(
        "run",
        help="run a pyc (3.6-3.15, 2.7) in bytescope's VM on this Python",
        description="Execute a program's bytecode in bytescope's engine, as python would.",
    )
    add_program_arguments(p)
    p.add_argument("--max-instructions", type=int, metavar="N",
                   help="stop the program after N instructions")
    p.add_argument("--timeout", type=float, metavar="S", help="stop the program after S seconds")
    add_trace_arguments(p)
    p.set_defaults(func=_run)


def add_trace_arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--trace`` and its filters to a parser."""
    g = p.add_argument_group("tracing")
    g.add_argument("--trace", action="store_true",
                   help="print every instruction executed, with the value stack after it")
    g.add_argument("--trace-calls", action="store_true",
                   help="print only calls (of VM and host functions) and returns")
    g.add_argument("--trace-json", metavar="FILE",
                   help="write the trace as JSON lines (one event per line) to FILE ('-': stdout)")
    g.add_argument("--trace-function", action="append", default=[], metavar="NAME",
                   help="only instructions of functions with this name or qualified name")
    g.add_argument("--trace-lines", metavar="A-B",
                   help="only instructions of source lines A to B (or one line A)")
    g.add_argument("--trace-output", metavar="FILE",
                   help="write the --trace/--trace-calls text to FILE (default: standard output)")


def add_program_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments naming the program: FILE/-c/-m, its ARGS, --python-version, --path."""
    p.add_argument("file", nargs="?", metavar="FILE", help="pyc or .py file to run")
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                   help="arguments for the program (its sys.argv[1:])")
    p.add_argument("-c", dest="command", metavar="CODE", help="run this source code")
    p.add_argument("-m", dest="module", metavar="MODULE", help="run this module of the program")
    p.add_argument("--python-version", metavar="X.Y",
                   help="read pycs as this Python version, whatever their magic says")
    p.add_argument("--python", metavar="PATH",
                   help="compile .py sources (FILE, -c CODE, the program's modules) with this "
                   "interpreter instead of the host")
    p.add_argument("--path", action="append", default=[], metavar="DIR",
                   help="another directory holding the program's own modules (repeatable)")


def program_target(args: Any) -> dict[str, Any]:
    """Keyword arguments of :func:`bytescope.engine.program.run` naming the program."""
    rest = list(args.args or [])
    target = args.file
    if args.command is not None or args.module is not None:
        if target is not None:
            rest.insert(0, target)
        target = None
    elif target is None:
        from ..errors import InputError

        raise InputError("give a FILE, -c CODE or -m MODULE to run")
    return dict(target=target, args=rest, command=args.command, module=args.module,
                python_version=args.python_version, python=args.python, paths=args.path)


def _run(args: Any) -> int:
    from ..engine.program import run
    hooks = None
    if args.trace or args.trace_calls or args.trace_json:
        from ..views.trace import hooks_from_arguments

        hooks = hooks_from_arguments(args, sys.stdout)

    def go() -> int:
        try:
            return run(**program_target(args), max_instructions=args.max_instructions,
                       timeout=args.timeout, hooks=hooks, finalize=True)
        except BytescopeError as exc:  # in a child process: report it there
            if args.timeout is None:
                raise
            print(f"bytescope: error: {exc}", file=sys.stderr)
            return 1
        finally:
            if hooks is not None:
                hooks.close()

    def stopped_by_reader() -> int:
        # the engine's StopRun, not the trace view's subclass: importing the view (and json)
        # into every run would show in the program's sys.modules
        from ..engine.hooks import StopRun

        try:
            return go()
        except StopRun:
            # as cli.main does for a closed pipe: no traceback, and no failing flush at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 0

    if args.timeout is not None:
        from ..engine.limits import run_with_backstop

        return run_with_backstop(stopped_by_reader, args.timeout)
    return stopped_by_reader()
