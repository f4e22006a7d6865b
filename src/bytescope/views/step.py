"""``bytescope step``: run a program one instruction (or one line) at a time.

At each stop the stepper shows where the program is (file, line, function,
offset and the instruction as its version's ``dis`` shows it) and reads
commands:

======================  =========================================================
``s``, ``step``         run one instruction (into calls)
``l``, ``line``         run to the next source line (into calls)
``n``, ``next``         run to the next line of this function (over calls)
``c``, ``continue``     run to the next breakpoint (or the end)
``b``, ``break`` WHERE  stop at a line (``12``, ``file.py:12``), an offset of the
                        current function (``@24``) or a function (``name``);
                        without WHERE, list the breakpoints
``delete`` N            remove breakpoint N
``stack``               the value stack
``locals``              the local variables
``bt``, ``where``       the call stack
``dis``                 the current function's disassembly, ``-->`` at the
                        current instruction
``p`` EXPR              evaluate EXPR in the current frame (run by the engine)
``q``, ``quit``         stop the program
``h``, ``help``         this list
======================  =========================================================
"""

from __future__ import annotations

import os
from typing import IO, Any, Optional

from ..engine.hooks import Hooks, StopRun
from .values import short_repr

_HELP_TEXT = """commands:
  s, step          run one instruction (into calls)
  l, line          run to the next source line (into calls)
  n, next          run to the next line of this function (over calls)
  c, continue      run to the next breakpoint or the end
  b, break WHERE   breakpoint at a line (12, file.py:12), an offset (@24) or a function
  b                list the breakpoints
  delete N         remove breakpoint N
  stack            the value stack
  locals           the local variables
  bt, where        the call stack
  dis              the current function's disassembly (--> marks the instruction)
  p EXPR           evaluate EXPR in the current frame
  q, quit          stop the program
  h, help          this list"""


class Quit(StopRun):
    """The user asked to stop the program (``q``)."""


class Breakpoint:
    """Where to stop: ``line`` (in ``file``, any file when None), ``offset`` (in
    ``code``), or ``function`` (its first instruction)."""

    def __init__(self, *, file: Optional[str] = None, line: Optional[int] = None,
                 code: Any = None, offset: Optional[int] = None,
                 function: Optional[str] = None) -> None:
        self.file = file
        self.line = line
        self.code = code
        self.offset = offset
        self.function = function

    def hit(self, frame: Any, index: int, line: Optional[int]) -> bool:
        code = frame.code
        if self.function is not None:
            return index == 0 and self.function in (code.co_name, code.co_qualname)
        if self.offset is not None:
            return code is self.code and code.offsets[index] == self.offset
        if line is None or line != self.line or not _starts_line(code, index):
            return False  # only the first instruction of the line
        return self.file is None or os.path.basename(code.co_filename) == self.file or (
            code.co_filename == self.file
        )

    def __str__(self) -> str:
        if self.function is not None:
            return f"function {self.function}"
        if self.offset is not None:
            return f"offset {self.offset} of {self.code.co_qualname}"
        return f"line {self.line}" + (f" of {self.file}" if self.file else "")


class Stepper(Hooks):
    """The interactive stepper: a :class:`~bytescope.engine.hooks.Hooks` reading commands."""

    def __init__(self, inp: IO[str], out: IO[str]) -> None:
        self.inp = inp
        self.out = out
        self.mode = "step"
        self.breakpoints: list[Breakpoint] = []
        self.last: Optional[tuple[int, Optional[int]]] = None  # (frame id, line) of the stop
        self.next_depth = 0
        self.busy = False  # evaluating an expression: no stops inside

    # --- deciding where to stop ---------------------------------------------------------

    def instruction(self, frame: Any, index: int) -> None:
        if self.busy:
            return
        code = frame.code
        line = code.line_of(index)
        stop = False
        if any(b.hit(frame, index, line) for b in self.breakpoints):
            stop = True
        elif self.mode == "step":
            stop = True
        elif self.mode == "line":
            stop = (id(frame), line) != self.last and line is not None and _starts_line(
                code, index)
        elif self.mode == "next":
            depth = frame.ts.depth
            stop = depth <= self.next_depth and (id(frame), line) != self.last and (
                line is not None and _starts_line(code, index)) or depth < self.next_depth
        if stop:
            self.last = (id(frame), line)
            self._stopped(frame, index, line)

    # --- the prompt --------------------------------------------------------------------------

    def _stopped(self, frame: Any, index: int, line: Optional[int]) -> None:
        self._where(frame, index, line)
        while True:
            self.out.write("(step) ")
            self.out.flush()
            text = self.inp.readline()
            if not text:  # end of input: run to the end
                self.mode = "continue"
                self.breakpoints.clear()
                return
            words = text.strip().split(None, 1)
            if not words:
                continue
            cmd, rest = words[0], (words[1] if len(words) > 1 else "")
            if cmd in ("s", "step", "si"):
                self.mode = "step"
                return
            if cmd in ("l", "line"):
                self.mode = "line"
                return
            if cmd in ("n", "next"):
                self.mode = "next"
                self.next_depth = frame.ts.depth
                return
            if cmd in ("c", "cont", "continue"):
                self.mode = "continue"
                return
            if cmd in ("q", "quit", "exit"):
                raise Quit
            self._command(cmd, rest, frame, index)

    def _command(self, cmd: str, rest: str, frame: Any, index: int) -> None:
        if cmd in ("b", "break"):
            self._break(rest, frame)
        elif cmd in ("delete", "del"):
            try:
                del self.breakpoints[int(rest) - 1]
            except (ValueError, IndexError):
                self._say(f"no breakpoint {rest}")
        elif cmd in ("stack", "st"):
            self._stack(frame)
        elif cmd in ("locals", "lo"):
            self._locals(frame)
        elif cmd in ("bt", "where", "w"):
            self._backtrace(frame)
        elif cmd == "dis":
            self._dis(frame, index)
        elif cmd in ("p", "print"):
            self._eval(frame, rest)
        elif cmd in ("h", "help", "?"):
            self._say(_HELP_TEXT)
        else:
            self._say(f"unknown command {cmd!r} (h for help)")

    def _say(self, text: str) -> None:
        self.out.write(text.rstrip("\n") + "\n")
        self.out.flush()

    def _where(self, frame: Any, index: int, line: Optional[int]) -> None:
        from ..bytecode.listing import listing

        code = frame.code
        offset = code.offsets[index]
        text = listing(code.model).text_of(offset)
        self._say(f"> {code.co_filename}:{line if line is not None else '-'} in "
                  f"{code.co_qualname} @{offset}: {text}")

    def _break(self, where: str, frame: Any) -> None:
        if not where:
            if not self.breakpoints:
                self._say("no breakpoints")
            for i, b in enumerate(self.breakpoints, 1):
                self._say(f"{i}: {b}")
            return
        bp: Breakpoint
        if where.startswith("@"):
            try:
                bp = Breakpoint(code=frame.code, offset=int(where[1:]))
            except ValueError:
                self._say(f"not an offset: {where}")
                return
        elif where.isdigit():
            bp = Breakpoint(line=int(where), file=frame.code.co_filename)
        elif ":" in where and where.rsplit(":", 1)[1].isdigit():
            file, line = where.rsplit(":", 1)
            bp = Breakpoint(file=file, line=int(line))
        else:
            bp = Breakpoint(function=where)
        self.breakpoints.append(bp)
        self._say(f"breakpoint {len(self.breakpoints)}: {bp}")

    def _stack(self, frame: Any) -> None:
        if not frame.stack:
            self._say("(empty stack)")
        for i, value in enumerate(reversed(frame.stack)):
            self._say(f"  [{-1 - i}] {_short(value)}")

    def _locals(self, frame: Any) -> None:
        from ..engine.builtins_ import frame_locals

        values = frame_locals(frame)
        if not values:
            self._say("(no locals)")
        for name in sorted(values, key=str):
            if frame.locals is not None and str(name).startswith("__") and str(name).endswith("__"):
                continue  # a module's __name__, __builtins__ ...: noise at a prompt
            self._say(f"  {name} = {_short(values[name])}")

    def _backtrace(self, frame: Any) -> None:
        chain = []
        f = frame
        while f is not None:
            chain.append(f)
            f = f.back if f.back is not None else f.host_caller
        for f in reversed(chain):
            marker = "->" if f is frame else "  "
            line = f.lineno
            self._say(f"{marker} {f.code.co_filename}:{line} in {f.code.co_qualname}")

    def _dis(self, frame: Any, index: int) -> None:
        from .dis_text import dis_text

        self._say(dis_text(frame.code.model, recurse=False, lasti=frame.code.offsets[index]))

    def _eval(self, frame: Any, expression: str) -> None:
        from ..engine.builtins_ import frame_locals, run_source

        if not expression.strip():
            self._say("p needs an expression")
            return
        self.busy = True
        try:
            value = run_source(frame, expression, frame.globals, frame_locals(frame), "eval")
            self._say(repr(value))
        except Exception as exc:  # the expression's own error, shown as the REPL would
            self._say(f"{type(exc).__name__}: {exc}")
        finally:
            self.busy = False


def _starts_line(code: Any, index: int) -> bool:
    """True at the first instruction of a line (a change from the previous one)."""
    return index == 0 or code.line_of(index - 1) != code.line_of(index)


def _short(value: Any) -> str:
    from ..engine.objects import NULL

    if value is NULL:
        return "NULL"
    try:
        return short_repr(value, 120)
    except Exception:
        return f"<{type(value).__name__}>"
