"""``bytescope attach``: read code objects out of a running CPython or a core file.

    bytescope attach PID TARGET [info|dis|dump] [--json] [-o out.pyc]
    bytescope attach --core FILE TARGET [info|dis|dump] ...
    bytescope attach PID [MODULE|PREFIX] --list
    bytescope attach PID --stack [dis]

TARGET is an address (``0x7f...``, of a function or a code object, as ``repr``
or gdb show it) or a name (``module:qualname`` or ``qualname``).  Options may
come anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import textwrap
from typing import Any, Iterator, List, Optional

from ..code import Code
from ..errors import BytescopeError, InputError


def register(sub: Any) -> None:
    """Add the ``attach`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "attach",
        help="read code objects out of a running CPython process or a core file",
        description="Read the code of a function in a running CPython (2.7, 3.6-3.15) or "
        "in an ELF core file, without a debugger, and show it like a pyc.",
    )
    p.add_argument("args", nargs="*", metavar="PID TARGET VIEW",
                   help="process id (omit with --core), then an address or "
                   "[module:]qualname, then info, dis (default) or dump")
    p.add_argument("--core", metavar="FILE", help="read this ELF core file instead of a process")
    p.add_argument("--exe", metavar="PATH",
                   help="with --core: the python executable or libpython the core used")
    p.add_argument("--list", action="store_true",
                   help="list the functions found, per module: those of a MODULE (and its "
                   "submodules) or whose name starts with a PREFIX given after PID; without "
                   "either, all but the frozen import system's")
    p.add_argument("--stack", nargs="?", const="frames", choices=("frames", "dis"),
                   help="show each thread's frames; '--stack dis' also disassembles each "
                   "frame's code, marking the instruction it is executing with -->")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("-o", "--output", metavar="OUT.pyc",
                   help="write the code as a pyc (and print nothing unless a view is named)")
    p.add_argument("--adaptive", action="store_true",
                   help="show the live specialised instructions (3.11+), like "
                   "dis(adaptive=True)")
    p.add_argument("--freeze", action="store_true",
                   help="stop the process (SIGSTOP) while reading; it is always resumed")
    p.set_defaults(func=run)


def _parse_address(text: str) -> Optional[int]:
    try:
        return int(text, 16) if text.lower().startswith("0x") else None
    except ValueError:
        return None


@contextlib.contextmanager
def frozen(pid: Optional[int], enabled: bool) -> Iterator[None]:
    """Stop process ``pid`` with SIGSTOP for the block when ``enabled``; always resume it.

    A process that was already stopped is left stopped.
    """
    if not enabled or pid is None:
        yield
        return
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        state = "?"
    if state in ("T", "t"):
        yield
        return
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)


def run(args: argparse.Namespace) -> int:
    """Run ``bytescope attach``; return the exit status."""
    from ..live import attach, open_core

    rest: List[str] = list(args.args)
    if args.core:
        target = open_core(args.core, exe=args.exe)
        pid = None
    else:
        if not rest:
            raise InputError("attach needs a PID (or --core FILE)")
        try:
            pid = int(rest.pop(0))
        except ValueError:
            raise InputError("the first argument of attach must be a process id") from None
        target = attach(pid)
    with target, frozen(pid, args.freeze):
        if args.list:
            if len(rest) > 1:
                raise InputError("--list takes at most one MODULE or PREFIX")
            return _list(target, args, rest[0] if rest else None)
        if args.stack:
            if rest:
                raise InputError("--stack takes no target")
            return _stack(target, args)
        if not rest:
            raise InputError("attach needs a TARGET: an address (0x...) or [module:]qualname "
                             "(or --list / --stack)")
        what = rest.pop(0)
        view = rest.pop(0) if rest else None
        if (view is not None and view not in ("info", "dis", "dump")) or rest:
            raise InputError(f"unknown view {view!r}: expected info, dis or dump")
        addr = _parse_address(what)
        if addr is None:
            addr = target.locate(what)
        code = target.code_at(addr, args.adaptive)
        data = None if args.adaptive else target.pyc_at(addr)
    if args.output:
        if data is None:
            raise InputError("-o writes the de-specialised code; drop --adaptive")
        with open(args.output, "wb") as fh:
            fh.write(data)
        print(f"bytescope: wrote {args.output} ({len(data)} bytes)", file=sys.stderr)
        if view is None:
            return 0
    _show(code, view or "dis", args, what, data)
    return 0


def _show(code: Code, view: str, args: argparse.Namespace, label: str,
          data: Optional[bytes]) -> None:
    from ..live.pycfile import as_pyc

    if view == "dis":
        from ..views.dis_text import dis_text

        text = dis_text(code)
        if args.json:
            json.dump({"target": label, "version": code.version.key, "dis": text},
                      sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(text)
        return
    pyc = as_pyc(code, f"<{label}>", data)
    if view == "info":
        from ..views.info import info_dict, info_text
        from ..views.jsontext import write_json

        if args.json:
            write_json(info_dict(pyc), sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(info_text(pyc))
        return
    from ..views.dump import dump_json, dump_lines
    from ..views.jsontext import write_json

    if args.json:
        doc, _ = dump_json(pyc)
        write_json(doc, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        lines, _ = dump_lines(pyc)
        sys.stdout.write("\n".join(lines) + "\n")


def _list(target: Any, args: argparse.Namespace, pattern: Optional[str]) -> int:
    from ..live.target import FROZEN_IMPORT_MODULES, select_functions

    found = target.functions()
    funcs = select_functions(found, pattern)
    if args.json:
        json.dump([{"module": f.module, "qualname": f.qualname, "address": hex(f.address),
                    "code": hex(f.code_address)} for f in funcs], sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    module: Any = object()
    for f in funcs:
        if f.module != module:
            module = f.module
            print(f"{module or '?'}:")
        print(f"    {f.qualname:<50} 0x{f.address:x}")
    count = f"{len(funcs)} function{'' if len(funcs) == 1 else 's'}"
    hidden = sorted({f.module for f in found if f.module in FROZEN_IMPORT_MODULES})
    if pattern is None and hidden:
        print(f"{count} ({len(found) - len(funcs)} of the frozen import system not listed: "
              f"give {' or '.join(hidden)} after the PID to see them)")
    else:
        print(count + (f" matching {pattern!r}" if pattern else ""))
    return 0


def _stack(target: Any, args: argparse.Namespace) -> int:
    threads = target.stacks()
    if args.json:
        json.dump([{"thread": t.thread_id, "frames": [
            {"function": fr.name, "file": fr.filename, "line": fr.lineno,
             "offset": fr.offset} for fr in t.frames]} for t in threads],
            sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    from ..bytecode.listing import listing
    from ..views.dis_text import dis_text

    for t in threads:
        print(f"Thread 0x{t.thread_id:x}:")
        for fr in t.frames:
            print(f"    {fr.name} ({fr.filename}:{fr.lineno}) at offset {fr.offset}")
            if args.stack == "dis":
                offsets = "show_offsets" in _dis_options(fr.code)
                current = listing(fr.code).containing(fr.offset)
                text = dis_text(fr.code, show_offsets=offsets, recurse=False,
                                lasti=-1 if current is None else current)
                print(textwrap.indent(text.rstrip("\n"), "        "))
    return 0


def _dis_options(code: Code) -> tuple[str, ...]:
    from ..versions import opcodes

    return tuple(opcodes.table(code.version).traits["options"])


__all__ = ["register", "run", "frozen", "BytescopeError"]
