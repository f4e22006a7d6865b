"""``--trace``: every instruction the engine runs, or only the calls and returns.

Each instruction line shows where it is (file, line, function), its byte
offset, the instruction as the code's own version of ``dis`` shows it (from
the instruction layer, :meth:`~bytescope.bytecode.listing.Listing.text_of`)
and the value stack after it.  ``--trace-calls`` keeps only calls and returns,
VM functions and host callables alike (``builtins.exec``, ``marshal.loads``,
``os.system``), which is what one wants from an obfuscated program.
``--trace-json`` writes the same events as JSON lines, for tools.
"""

from __future__ import annotations

import json
import sys
import types
from typing import IO, Any, Optional

from ..bytecode.listing import listing
from ..engine.hooks import Hooks, StopRun
from .values import short_repr

_STACK_ITEM = 40  # characters per value shown


def hooks_from_arguments(args: Any, out: Any = None) -> Optional[Tracer]:
    """Return the tracer the command line asks for, or None (the options are declared by
    ``bytescope.commands.run``)."""
    if not (args.trace or args.trace_calls or args.trace_json):
        return None
    stream: IO[str]
    target = args.trace_json or args.trace_output
    if target and target != "-":
        stream = open(target, "w", encoding="utf-8")  # noqa: SIM115 (closed in close())
    else:
        stream = sys.stdout
    lines = _line_range(args.trace_lines) if args.trace_lines else None
    return Tracer(stream, calls_only=args.trace_calls, as_json=bool(args.trace_json),
                  functions=set(args.trace_function), lines=lines,
                  owns_stream=bool(target and target != "-"))


def _line_range(text: str) -> tuple[int, int]:
    from ..errors import InputError

    try:
        if "-" in text:
            a, b = text.split("-", 1)
            return int(a), int(b)
        return int(text), int(text)
    except ValueError:
        raise InputError(f"--trace-lines wants A-B or A, not {text!r}") from None


def host_name(func: Any) -> str:
    """The qualified name of a host callable: ``builtins.exec``, ``os.system``,
    ``list.append``, ``collections.OrderedDict``."""
    if isinstance(func, types.MethodType):
        owner = type(func.__self__)
        return f"{_module_of(owner)}{owner.__qualname__}.{func.__func__.__name__}"
    if isinstance(func, types.BuiltinMethodType) and func.__self__ is not None and not isinstance(
        func.__self__, types.ModuleType
    ):
        owner = func.__self__ if isinstance(func.__self__, type) else type(func.__self__)
        return f"{_module_of(owner)}{owner.__qualname__}.{func.__name__}"
    module = getattr(func, "__module__", None)
    qual = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
    if qual is None:
        t = type(func)
        return f"{_module_of(t)}{t.__qualname__}.__call__"
    return f"{module}.{qual}" if module else str(qual)


def _module_of(t: type) -> str:
    module = getattr(t, "__module__", "builtins")
    return f"{module}." if module else ""


class OutputClosed(StopRun):
    """The trace's reader closed its end of the pipe: the run ends (quietly, as a
    closed pipe ends the other commands)."""


class Tracer(Hooks):
    """The ``--trace`` observer."""

    def __init__(
        self,
        out: IO[str],
        *,
        calls_only: bool = False,
        as_json: bool = False,
        functions: Optional[set[str]] = None,
        lines: Optional[tuple[int, int]] = None,
        owns_stream: bool = False,
    ) -> None:
        self.out = out
        self.calls_only = calls_only
        self.as_json = as_json
        self.functions = functions or set()
        self.lines = lines
        self.owns_stream = owns_stream
        self.closed_by_reader = False
        self._wanted: dict[int, bool] = {}

    # --- filters -------------------------------------------------------------------

    def _code_wanted(self, code: Any) -> bool:
        found = self._wanted.get(id(code))
        if found is None:
            found = not self.functions or code.co_name in self.functions or (
                code.co_qualname in self.functions
            )
            self._wanted[id(code)] = found
        return found

    def _line_wanted(self, line: Optional[int]) -> bool:
        if self.lines is None:
            return True
        return line is not None and self.lines[0] <= line <= self.lines[1]

    # --- events -------------------------------------------------------------------------

    def executed(self, frame: Any, index: int, ts: Any) -> None:
        code = frame.code
        if not self.calls_only and self._code_wanted(code):
            line = code.line_of(index)
            if self._line_wanted(line):
                self._instruction(frame, index, line)
        now = ts.frame
        if now is frame or now is None:
            return
        if frame.pc == -2:  # returned
            value = ts.result if ts.exiting else (now.stack[-1] if now.stack else None)
            if self._code_wanted(code):
                self._emit({"event": "return", "function": code.co_qualname, "value": value},
                           f"return from {code.co_qualname} -> {self._short(value)}")
        elif now.back is frame:  # a call (or a generator this frame resumed)
            callee = now.code
            if self._code_wanted(callee) or self._code_wanted(code):
                args = [self._short(v) for v in now.fast[: callee.total_args] if v is not None]
                where = f"{callee.co_filename}:{callee.co_firstlineno}"
                self._emit(
                    {"event": "call", "function": callee.co_qualname, "file": callee.co_filename,
                     "line": callee.co_firstlineno, "host": False, "args": args},
                    f"call {callee.co_qualname}({', '.join(args)}) at {where}",
                )

    def host_call(self, frame: Any, func: Any, args: list[Any], kwargs: Any) -> None:
        if not self._code_wanted(frame.code):
            return
        name = host_name(func)
        shown = [self._short(a) for a in args]
        if kwargs:
            shown += [f"{k}={self._short(v)}" for k, v in kwargs.items()]
        line = frame.code.line_of(frame.lasti)
        self._emit(
            {"event": "call", "function": name, "host": True, "args": shown,
             "file": frame.code.co_filename, "line": line},
            f"call {name}({', '.join(shown)}) from {frame.code.co_filename}:{line}",
        )

    def exception(self, frame: Any, index: int, exc: BaseException) -> None:
        if not self._code_wanted(frame.code):
            return
        text = f"{type(exc).__name__}: {exc}"
        self._emit({"event": "exception", "function": frame.code.co_qualname,
                    "offset": frame.code.offsets[index] if index < len(frame.code.offsets) else -1,
                    "exception": text},
                   f"raise {self._short_text(text)} in {frame.code.co_qualname}")

    def close(self) -> None:
        try:
            self.out.flush()
        except Exception:
            pass
        if self.owns_stream:
            self.out.close()

    # --- output ------------------------------------------------------------------------

    def _instruction(self, frame: Any, index: int, line: Optional[int]) -> None:
        code = frame.code
        offset = code.offsets[index]
        lst = listing(code.model)
        text = lst.text_of(offset)
        stack = [self._short(v) for v in frame.stack]
        if self.as_json:
            off, _start, op, arg = lst.raw[index]
            try:
                argrepr = lst.argument(offset, op, arg)[1]
            except Exception:
                argrepr = ""
            self._write(json.dumps({
                "event": "instruction", "file": code.co_filename, "line": line,
                "code": code.co_qualname, "offset": offset,
                "opname": lst.table.names[op], "arg": arg, "argrepr": argrepr,
                "text": text, "stack": stack,
            }))
            return
        where = f"{_base(code.co_filename)}:{line if line is not None else '-'}"
        self._write(f"{where} {code.co_qualname} {offset:>4} {text:<44} [{', '.join(stack)}]")

    def _emit(self, event: dict[str, Any], text: str) -> None:
        if self.as_json:
            if "value" in event:
                event["value"] = self._short(event["value"])
            self._write(json.dumps(event))
        else:
            self._write(text)

    def _write(self, text: str) -> None:
        if self.closed_by_reader:
            raise OutputClosed
        try:
            self.out.write(text.rstrip() + "\n")
        except BrokenPipeError:
            # the reader went away (`bytescope run --trace x.pyc | head`)
            self.closed_by_reader = True
            raise OutputClosed from None

    @staticmethod
    def _short(value: Any) -> str:
        from ..engine.objects import NULL

        if value is NULL:
            return "NULL"
        try:
            return short_repr(value, _STACK_ITEM)
        except Exception:
            return f"<{type(value).__name__}>"

    @staticmethod
    def _short_text(text: str) -> str:
        return text if len(text) <= 80 else text[:77] + "..."


def _base(path: str) -> str:
    import os

    return os.path.basename(path) or path
