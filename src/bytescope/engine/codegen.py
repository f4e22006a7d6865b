"""Turn template definitions into Python source: one handler function per instruction.

Used by ``tools/gen_engine.py`` (which writes :mod:`bytescope.engine._cases`),
by :mod:`bytescope.engine.tables` for a template the generated module does
not have yet (while a definition is being written), and by the freshness
test.  A generated handler has the signature ``(frame, st, oparg, pc) ->
int``: ``st`` is the frame's value stack (a list), the result the index of
the next instruction, or -1 after a frame switch.

Stack conventions (as in CPython's generated cases):

* inputs that the effect lists again as outputs, in the same place from the
  bottom (``iter -- iter next``), stay where they are: read, never rewritten;
* the other inputs are taken off the stack before the body runs, and the
  other outputs put on after it (or before the ``return`` of a ``JUMP``);
* ``SWITCH()`` puts on every output but the last, whose value the callee's
  return (or the generator's resumption) will push;
* an array named ``unused`` is never read.
"""

from __future__ import annotations

from typing import Iterable, Optional

from .dsl import Definition, Effect, Item

INDENT = "    "


def kept_prefix(effect: Effect) -> int:
    """How many bottom inputs the effect leaves in place (same name, same position)."""
    k = 0
    for a, b in zip(effect.inputs, effect.outputs):
        if a != b:
            break
        k += 1
    return k


def handler_source(d: Definition, name: Optional[str] = None) -> str:
    """Return the source of the tier-A handler function of template ``d``."""
    eff = d.effect
    body = d.body.splitlines() if d.body.strip() else []
    has_macro = any(_macro(ln) for ln in body)
    out = [f"def {name or d.function_name}(frame, st, oparg, pc):"]
    pre: list[str] = []
    if "fast" in d.names:
        pre.append("fast = frame.fast")
    kept = kept_prefix(eff)
    if eff.scalar:
        reads, writes, switch_writes = _scalar_io(eff, kept, in_place=not has_macro)
    else:
        reads, writes, switch_writes = _array_io(eff, kept)
    # an input neither the body nor an output write names need not be read
    used = set(d.names)
    for w in writes + switch_writes:
        used.update(w.replace("(", " ").replace(")", " ").replace(",", " ").split())
    reads = [r for r in reads if not _is_read(r) or r.split(" = ", 1)[0] in used]
    lines = pre + reads
    for ln in body:
        m = _macro(ln)
        if m is None:
            lines.append(ln)
            continue
        indent = ln[: len(ln) - len(ln.lstrip())]
        kind, expr = m
        if kind == "JUMP":
            lines.extend(indent + w for w in writes)
            lines.append(f"{indent}return {expr}")
        elif kind == "JUMP_ALT":
            lines.extend(indent + w for w in _alt_writes(d, kept, has_macro))
            lines.append(f"{indent}return {expr}")
        else:  # SWITCH
            lines.extend(indent + w for w in switch_writes)
            lines.append(f"{indent}return -1")
    if d.flow not in ("jump", "exit") and not _ends_in_macro(body):
        lines.extend(writes)
        lines.append("return pc + 1")
    out.extend(INDENT + ln if ln else "" for ln in lines)
    return "\n".join(out) + "\n"


def _ends_in_macro(body: list[str]) -> bool:
    """True when the body's last statement is a macro at its outer level: it always
    returns, so the normal exit after it would be dead code (which mypyc refuses to
    type-check: its outputs are never assigned)."""
    lines = [ln for ln in body if ln.strip()]
    if not lines:
        return False
    outer = min(len(ln) - len(ln.lstrip()) for ln in lines)
    last = lines[-1]
    return _macro(last) is not None and len(last) - len(last.lstrip()) == outer


def _alt_writes(d: Definition, kept: int, popped_all: bool) -> list[str]:
    """The stack changes of a ``JUMP_ALT``: the jump effect's outputs instead of the
    normal ones.  Inputs the normal effect keeps in place but the jump effect does
    not are popped; the jump effect's other outputs are pushed."""
    jeff = d.jump_effect or d.effect
    jkept = 0
    for a, b in zip(d.effect.inputs[:kept], jeff.outputs):
        if a != b:
            break
        jkept += 1
    out: list[str] = []
    drop = kept - jkept
    if drop == 1:
        out.append("st.pop()")
    elif drop > 1:
        out.append(f"del st[-{drop}:]")
    out.extend(_push(jeff.outputs[jkept:]))
    return out


def _is_read(line: str) -> bool:
    """True for a line that only copies a stack item into a name (no pop)."""
    return " = st[" in line and not line.startswith("_b")


def _macro(line: str) -> Optional[tuple[str, str]]:
    s = line.strip()
    if s.startswith("JUMP_ALT(") and s.endswith(")"):
        return ("JUMP_ALT", s[9:-1])
    if s.startswith("JUMP(") and s.endswith(")"):
        return ("JUMP", s[5:-1])
    if s == "SWITCH()":
        return ("SWITCH", "")
    return None


def _push(items: tuple[Item, ...]) -> list[str]:
    out: list[str] = []
    scalars: list[str] = []
    for item in items:
        if item.size is None:
            scalars.append(item.name)
            continue
        if scalars:
            out.extend(_push_scalars(scalars))
            scalars = []
        out.append(f"st.extend({item.name})")
    if scalars:
        out.extend(_push_scalars(scalars))
    return out


def _push_scalars(names: list[str]) -> list[str]:
    if len(names) == 1:
        return [f"st.append({names[0]})"]
    return [f"st.extend(({', '.join(names)},))"]


def _scalar_io(eff: Effect, kept: int, in_place: bool) -> tuple[list[str], list[str], list[str]]:
    """Reads and writes for scalar-only effects.

    In place (no early exit in the body) the bottom inputs beyond the kept
    ones are read where they lie and overwritten by outputs; otherwise every
    non-kept input is popped first.
    """
    rest_in = eff.inputs[kept:]
    rest_out = eff.outputs[kept:]
    overlap = min(len(rest_in), len(rest_out)) if in_place else 0
    reads: list[str] = []
    for item in reversed(rest_in[overlap:]):
        reads.append(f"{item.name} = st.pop()")
    depth = overlap + kept
    for j, item in enumerate(eff.inputs[:depth]):
        reads.append(f"{item.name} = st[{j - depth}]")
    writes: list[str] = []
    for j, item in enumerate(rest_out[:overlap]):
        if item.name != rest_in[j].name:
            writes.append(f"st[{j - overlap}] = {item.name}")
    writes.extend(_push(rest_out[overlap:]))
    switch_writes = _push(rest_out[overlap:-1]) if rest_out else []
    return reads, writes, switch_writes


def _array_io(eff: Effect, kept: int) -> tuple[list[str], list[str], list[str]]:
    """Reads and writes when some item is an array: slice from a base index."""
    reads: list[str] = []
    inputs = eff.inputs
    if inputs:
        total = " + ".join(_size(i) for i in inputs)
        reads.append(f"_b = len(st) - ({total})")
        reads.append("if _b < 0: raise stack_underflow(frame, pc)")
        pos = "_b"
        cut = None
        for j, item in enumerate(inputs):
            if j == kept:
                cut = pos
            if item.size is None:
                reads.append(f"{item.name} = st[{pos}]")
                pos = f"{pos} + 1"
            else:
                if item.name != "unused":
                    reads.append(f"{item.name} = st[{pos}:{pos} + ({item.size})]")
                pos = f"{pos} + ({item.size})"
        if cut is None:
            cut = pos
        if kept < len(inputs):
            reads.append(f"del st[{cut}:]")
    rest_out = eff.outputs[kept:]
    writes = _push(rest_out)
    switch_writes = _push(rest_out[:-1]) if rest_out else []
    return reads, writes, switch_writes


def _size(item: Item) -> str:
    return "1" if item.size is None else f"({item.size})"


def module_source(defs: Iterable[Definition], header: str) -> str:
    """Return the whole generated module: ``header``, then one handler per template."""
    parts = [header.rstrip("\n") + "\n"]
    names = []
    for d in defs:
        if not d.is_template:
            continue
        parts.append("\n\n" + handler_source(d))
        names.append((d.set_name, d.opname, d.variant, d.function_name))
    parts.append("\n\n#: (set, opname, variant) -> handler\nHANDLERS = {\n")
    for set_name, opname, variant, fname in names:
        parts.append(f"    ({set_name!r}, {opname!r}, {variant!r}): {fname},\n")
    parts.append("}\n")
    return "".join(parts)
