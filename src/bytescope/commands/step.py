"""``bytescope step``: run a program in bytescope's engine one instruction or one line
at a time, with breakpoints, the value stack, locals, the call stack, the current
function's disassembly and expressions evaluated in the current frame."""

from __future__ import annotations

import sys
from typing import Any


def register(sub: Any) -> None:
    """Add the ``step`` subcommand to ``sub``."""
    from .run import add_program_arguments

    p = sub.add_parser(
        "step",
        help="step through a program's bytecode interactively",
        description="Run a program in bytescope's engine one instruction or line at a time "
        "(type h at the prompt for the commands).",
    )
    add_program_arguments(p)
    p.set_defaults(func=_step)


def _step(args: Any) -> int:
    from ..engine.program import run
    from ..views.step import Quit, Stepper
    from .run import program_target

    stepper = Stepper(sys.stdin, sys.stdout)
    try:
        status = run(**program_target(args), hooks=stepper)
    except Quit:
        print("stopped", file=sys.stdout)
        return 1
    print(f"program exited with status {status}", file=sys.stdout)
    return status
