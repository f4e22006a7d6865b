"""Per-release-line handler tables, composed from the definition sets.

A line's table is its sets in order, later sets overriding earlier ones
(an opcode and its variants are replaced as a group, unless the later set
``merge``s that opcode: then only the variants it names change).  The opcode
*numbers* come from the line's opcode table (:mod:`bytescope.versions.opcodes`):
preparation maps each opcode through ``deop`` to its base name, then looks the
name up here.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any, Callable, Optional

from ..versions import VersionInfo
from .dsl import Definition

#: release line -> definition sets, base first
LINE_SETS: dict[str, tuple[str, ...]] = {
    "2.7": ("common", "pre311", "why37", "v27"),
    "3.6": ("common", "pre311", "why37", "v36"),
    "3.7": ("common", "pre311", "why37"),
    "3.8": ("common", "pre311", "fin38"),
    "3.9": ("common", "pre311", "build39", "v39"),
    "3.10": ("common", "pre311", "build39", "v39", "match310", "v310"),
    "3.11": ("common", "build39", "match310", "v311"),
    "3.12": ("common", "build39", "match310", "v311", "v312"),
    "3.13": ("common", "build39", "match310", "v311", "v312", "v313"),
    "3.14": ("common", "build39", "match310", "v311", "v312", "v313", "v314"),
    "3.15": ("common", "build39", "match310", "v311", "v312", "v313", "v314", "v315"),
}

#: release line -> the exception unwinder of its frames, where not the rule of its kind
#: (3.11+: the exception table; before: the block stack), as "module:function"
UNWINDERS: dict[str, str] = {"2.7": "py2runtime:unwind_blocks_27"}

Variants = dict[Optional[str], Definition]


@cache
def _definitions(key: str) -> dict[str, Variants]:
    from .defs import load

    try:
        names = LINE_SETS[key]
    except KeyError:
        from .errors import EngineError

        raise EngineError(f"the engine cannot run Python {key} bytecode") from None
    sets = load(names)
    out: dict[str, Variants] = {}
    for set_name in names:
        grouped: dict[str, Variants] = {}
        for d in sets[set_name]:
            grouped.setdefault(d.opname, {})[d.variant] = d
        for opname, variants in grouped.items():
            if opname in sets[set_name].merged and opname in out:
                out[opname] = {**out[opname], **variants}
            else:
                out[opname] = variants
    return out


def definitions(version: VersionInfo) -> dict[str, Variants]:
    """Return ``{opname: {variant: Definition}}`` for the version's line.

    Raises :class:`~bytescope.engine.errors.EngineError` for a line the engine
    does not run.
    """
    return _definitions(version.key)


def runs(key: str) -> bool:
    """True when the engine has a handler table for release line ``key``."""
    return key in LINE_SETS


_HANDLERS: dict[tuple[str, str, Optional[str]], Callable[..., int]] = {}


def handler_of(d: Definition) -> Callable[..., int]:
    """Return the tier-A handler function of definition ``d``.

    Template handlers come from the generated :mod:`bytescope.engine._cases`;
    one missing there (a definition added since the last generation) is
    compiled from its template on the spot.
    """
    if d.func is not None:
        return d.func
    key = (d.set_name, d.opname, d.variant)
    found = _HANDLERS.get(key)
    if found is None:
        found = _generated().get(key)
        if found is None:
            found = compile_template(d)
        _HANDLERS[key] = found
    return found


@cache
def _generated() -> dict[tuple[str, str, Optional[str]], Callable[..., int]]:
    try:
        from . import _cases
    except ImportError:
        return {}
    handlers: dict[tuple[str, str, Optional[str]], Callable[..., int]] = _cases.HANDLERS
    return handlers


def compile_template(d: Definition) -> Callable[..., int]:
    """Compile a template's handler from its source (what the generator would write)."""
    from . import runtime
    from .codegen import handler_source

    namespace: dict[str, Any] = {name: getattr(runtime, name) for name in runtime.__all__}
    # a file name inside the engine's directory: tracebacks drop the engine's frames
    filename = os.path.join(os.path.dirname(__file__), f"<generated {d.function_name}>")
    exec(compile(handler_source(d), filename, "exec"), namespace)  # noqa: S102
    func: Callable[..., int] = namespace[d.function_name]
    return func
