"""``bytescope cfg FILE``: control-flow graphs of a pyc's code objects.

``--format text`` (default: a terse block listing), ``json``, ``dot``
(Graphviz) or ``svg`` (drawn by Graphviz's ``dot`` when it is on PATH, else
by the built-in layered layout; ``--layout`` chooses).  ``--function
QUALNAME`` picks one code object; the default is every code object, each under
its own heading.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional

from ..analysis.cfg import cfg
from ..code import Code
from ..errors import InputError
from ..views.cfg_dot import cfg_dot
from ..views.cfg_json import cfg_dict
from ..views.cfg_svg import cfg_svg, svg_document
from ..views.cfg_text import cfg_text
from ..views.jsontext import write_json
from ._common import add_input_arguments, open_input
from .dis import _compile


def register(sub: Any) -> None:
    """Add the ``cfg`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "cfg",
        help="control-flow graphs of code objects (text, json, dot, svg)",
        description="Show the control-flow graph of every code object of a pyc (or a .py "
        "compiled by the host): basic blocks, typed edges, entry, exits, dead blocks.",
    )
    add_input_arguments(p)
    p.add_argument("--format", choices=("text", "json", "dot", "svg"), default="text",
                   help="output format (default: text)")
    p.add_argument("--function", metavar="QUALNAME",
                   help="only this code object (qualified name, e.g. Counter.step; "
                   "'<module>' for the module)")
    p.add_argument("--layout", choices=("auto", "dot", "builtin"), default="auto",
                   help="svg: Graphviz dot when on PATH (auto), dot, or the built-in "
                   "layered layout")
    p.add_argument("--python", metavar="PATH", help="compile a .py FILE with this interpreter")
    p.add_argument("-o", "--output", metavar="PATH", help="write to this file (default stdout)")
    p.set_defaults(func=run, snippet=None)


#: CO_OPTIMIZED: the code is a function's (class bodies and modules lack it), so
#: what it defines gets ``<locals>`` in its qualified name
_CO_OPTIMIZED = 0x1


def qualname(code: Code, parent: Optional[tuple[str, Code]]) -> str:
    """Return the qualified name of ``code``: ``co_qualname`` (3.11+), or built as
    CPython builds it from the enclosing code's name (``outer.<locals>.inner``)."""
    own = code.co_qualname if code.co_qualname is not None else code.co_name
    if isinstance(own, bytes):
        own = own.decode("utf-8", "replace")
    if code.co_qualname is not None or parent is None:
        return str(own)
    outer_name, outer = parent
    if outer_name == "<module>":
        return str(own)
    if outer.co_flags & _CO_OPTIMIZED:
        return f"{outer_name}.<locals>.{own}"
    return f"{outer_name}.{own}"


def select(root: Code, wanted: Optional[str]) -> list[tuple[str, Code]]:
    """Return ``(qualname, code)`` of every code object, or of the one named ``wanted``
    (a qualified name, else a unique plain name or dotted tail).

    Raises :class:`~bytescope.errors.InputError` when ``wanted`` names none, or several.
    """
    found: list[tuple[str, Code]] = []
    stack: list[tuple[Code, Optional[tuple[str, Code]]]] = [(root, None)]
    while stack:
        code, parent = stack.pop()
        name = qualname(code, parent)
        found.append((name, code))
        inner = [c for c in code.co_consts if isinstance(c, Code)]
        for c in reversed(inner):
            stack.append((c, (name, code)))
    if wanted is None:
        return found
    picked = [(n, c) for n, c in found if n == wanted]
    if not picked:
        picked = [(n, c) for n, c in found if n.endswith("." + wanted)]
    if len(picked) > 1 and len({n for n, _c in picked}) > 1:
        names = ", ".join(n for n, _c in picked[:12])
        raise InputError(f"{wanted!r} names several code objects: {names}")
    if not picked:
        names = ", ".join(n for n, _c in found[:12])
        raise InputError(f"no code object named {wanted!r} (there are: {names}"
                         f"{', ...' if len(found) > 12 else ''})")
    return picked


def run(args: argparse.Namespace) -> int:
    """Print the graphs; return the exit status."""
    if args.file.endswith(".py") and not args.raw:
        pyc = _compile(args, args.file)
    else:
        pyc = open_input(args.file, args)
    root = pyc.code
    if not isinstance(root, Code):
        raise InputError("the pyc's top-level object is not a code object")
    chosen = select(root, args.function)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        _write(chosen, args, out)
    finally:
        if args.output:
            out.close()
    return 0


def _write(chosen: list[tuple[str, Code]], args: argparse.Namespace, out: Any) -> None:
    graphs = [(name, cfg(code)) for name, code in chosen]
    for _name, g in graphs:
        for p in g.problems:
            print(f"bytescope cfg: warning: {p}", file=sys.stderr)
    if args.format == "json":
        write_json({"file": args.file, "code_objects": [cfg_dict(g) for _n, g in graphs]},
                   out, indent=1)
        out.write("\n")
    elif args.format == "text":
        out.write("\n".join(cfg_text(g) for _n, g in graphs))
    elif args.format == "dot":
        out.write("\n".join(cfg_dot(g, name=name) for name, g in graphs))
    else:
        drawings = []
        for k, (name, g) in enumerate(graphs):
            svg, note = cfg_svg(g, engine=args.layout, id_prefix=f"c{k}-")
            if note and "Graphviz dot" not in note or args.layout == "dot" and note:
                print(f"bytescope cfg: note: {name}: {note}", file=sys.stderr)
            drawings.append((name, svg))
        if len(drawings) == 1:
            out.write(drawings[0][1])
        else:
            out.write(svg_document(drawings, title=args.file))
