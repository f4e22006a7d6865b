"""``bytescope cfg --format json``: blocks, their instructions and typed edges as data."""

from __future__ import annotations

from typing import Any

from ..analysis.cfg import CFG
from .dis_json import json_value


def cfg_dict(g: CFG) -> dict[str, Any]:
    """Return ``g`` as JSON-able data.

    ``blocks``: index, byte range, source lines, marks, the stack depth at
    entry (``depth``) and before each instruction (``depths``, parallel to
    ``instructions``; null where unknown), and the instructions as the
    instruction layer gives them (every field of the version's
    ``dis.Instruction``, values made JSON-able); ``edges``: source and target
    block indexes, kind and details (see :meth:`Edge.to_dict
    <bytescope.analysis.cfg_graph.Edge.to_dict>`); ``max_depth``: the largest
    stack depth (``stacksize``: the code object's ``co_stacksize``, for
    comparison); ``problems``: what was wrong with the bytecode, each with its
    offset.  Depths are null for versions without stack-effect data.
    """
    code = g.code
    instrs = _instructions(g)
    blocks = []
    for b in g.blocks:
        blocks.append({
            "index": b.index,
            "start": b.start,
            "end": b.end,
            "lines": list(b.lines) if b.lines else None,
            "entry": b.entry,
            "exit": b.exit,
            "reachable": b.reachable,
            "handler": b.handler,
            "depth": b.depth,
            "depths": [g.depth_at(off) for off in b.offsets],
            "instructions": [instrs[off] for off in b.offsets],
            "problems": [{"offset": p.offset, "message": p.message} for p in b.problems],
        })
    name = getattr(code, "co_qualname", None) or code.co_name
    return {
        "code": json_value(name, code.version),
        "firstlineno": code.co_firstlineno,
        "version": code.version.key,
        "blocks": blocks,
        "edges": [e.to_dict() for e in g.edges],
        "max_depth": g.max_depth,
        "stacksize": code.co_stacksize,
        "problems": [{"offset": p.offset, "message": str(p)} for p in g.problems],
    }


def _instructions(g: CFG) -> dict[int, Any]:
    """Return ``{offset: instruction as data}`` from the instruction layer."""
    lst = g.listing
    return {
        ins.offset: {k: json_value(v, lst.version) for k, v in ins._asdict().items()}
        for ins in lst.instructions()
    }
