"""Tier B: hot code compiled into fused basic-block functions, from the same templates.

A code object that runs hot (a loop's back edges, repeated calls) gets one
host function per basic block.  The block's instructions are the templates of
:mod:`bytescope.engine.defs` inlined one after another, with the value stack
held in local variables (``s0``, ``s1`` ...) instead of the frame's list, the
arguments as constants, and no dispatch in between.  A block function has a
handler's signature and contract (``(frame, st, oparg, pc) -> next pc or -1``),
so the loop runs blocks and per-instruction handlers alike: a block replaces
the handler at its first instruction, every other instruction keeps its own.

Blocks end where control can arrive or leave: jump targets, exception-table
range boundaries and handlers, after jumps, returns, yields and calls (a call
that pushes a VM frame returns -1; the VM resumes at the next instruction,
which starts a block of its own), and around the few instructions that manage
the stack by hand.  Before leaving a block the locals still holding values
are pushed back on the frame's stack ("spilled").

An exception inside a block is located by the line of the block's source the
traceback points at (:func:`fault_index`); the values the handler keeps
(below its depth) are never held in locals, because a block never spans an
exception range boundary.
"""

from __future__ import annotations

import io
import os
import re
import tokenize
from typing import Any, Optional

from .codegen import handler_source, kept_prefix
from .dsl import Definition, Item

_JUMP = re.compile(r"^JUMP\s*\((.*)\)$")
_SWITCH = re.compile(r"^SWITCH\s*\(\s*\)$")
_JUMP_ALT = re.compile(r"^JUMP_ALT\s*\((.*)\)$")
_MAX_BLOCK = 200  # instructions per block (keeps generated functions small)
_LITERALS = (int, str, bytes, float, bool, type(None))


class _Block:
    """The source of one block function being generated."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.lines: list[str] = []
        self.instr_of_line: list[int] = []
        self.sym: list[str] = []  # value-stack entries held in locals, bottom first
        self.counter = 0
        self.uses_fast = False
        self.st_depth = 0  # how many of the value stack's items are on the frame's stack

    def temp(self) -> str:
        self.counter += 1
        return f"s{self.counter}"

    def emit(self, text: str, index: int, indent: str = "    ") -> None:
        for line in text.splitlines():
            self.lines.append(indent + line)
            self.instr_of_line.append(index)

    def spill_text(self) -> str:
        if not self.sym:
            return ""
        if len(self.sym) == 1:
            text = f"st.append({self.sym[0]})"
        else:
            text = f"st.extend(({', '.join(self.sym)},))"
        return text

    def spill_bottom(self, need: int, index: int) -> None:
        """Make sure the bottom ``need`` items of the value stack are on the frame's
        stack (an exception handler of this instruction keeps that many)."""
        k = min(need - self.st_depth, len(self.sym))
        if k <= 0:
            return
        moved = self.sym[:k]
        del self.sym[:k]
        text = f"st.append({moved[0]})" if k == 1 else f"st.extend(({', '.join(moved)},))"
        self.emit(text, index)
        self.st_depth += k


def leaders(code: Any) -> tuple[list[bool], list[bool]]:
    """Where blocks start: ``(hard, soft)``.

    A hard start ends the block before it (a jump target, an exception range
    boundary or handler, after an unconditional jump or a return, around an
    instruction blocks cannot inline).  A soft start is where the VM resumes
    after a frame switch (a call, a yield): it needs a block of its own, but
    the block before runs on through it when no switch happened.
    """
    defs = code.definitions
    args = code.args
    n = len(defs)
    hard = [False] * (n + 1)
    soft = [False] * (n + 1)
    if n:
        hard[0] = True
    for i, d in enumerate(defs):
        if d is None or not _inlinable(d):
            hard[i] = True
            hard[i + 1] = True
            continue
        if d.arg.startswith("jump") or d.flow in ("jump", "branch"):
            t = args[i]
            if type(t) is tuple:
                t = t[0]
            if type(t) is int and 0 <= t < n:
                hard[t] = True
        if d.flow in ("jump", "exit"):
            hard[i + 1] = True
        if d.switches:
            soft[i + 1] = True
    for start, end, target, _depth, _lasti in code.handlers or ():
        for j in (start, end, target):
            if 0 <= j <= n:
                hard[j] = True
    return hard[:n], soft[:n]


def _inlinable(d: Definition) -> bool:
    """True for a template that block code can inline."""
    return d.is_template and "st" not in d.names


def _const_ref(value: Any, consts: dict[str, Any]) -> str:
    if type(value) in _LITERALS and not (type(value) is float and value != value):
        text = repr(value)
        if type(value) is float and ("inf" in text or "nan" in text):
            pass
        else:
            return text
    name = f"K{len(consts)}"
    consts[name] = value
    return name


def _rename(body: str, mapping: dict[str, str]) -> str:
    """Rename NAME tokens of ``body`` (never attribute names after a dot), keeping the
    rest of the text as written."""
    if not mapping or not body.strip():
        return body
    lines = body.splitlines()
    edits: list[tuple[int, int, int, str]] = []
    prev = ""
    for tok in tokenize.generate_tokens(io.StringIO(body + "\n").readline):
        if tok.type == tokenize.NAME and tok.string in mapping and prev != ".":
            (row, col), (_erow, ecol) = tok.start, tok.end
            edits.append((row - 1, col, ecol, mapping[tok.string]))
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT,
                            tokenize.DEDENT):
            prev = tok.string
    for row, col, ecol, new in reversed(edits):
        line = lines[row]
        lines[row] = line[:col] + new + line[ecol:]
    return "\n".join(lines)


_GETATTR = re.compile(r"\bgetattr\((\w+), '([A-Za-z_][A-Za-z0-9_]*)'\)")
_SETATTR = re.compile(r"^(\s*)setattr\((\w+), '([A-Za-z_][A-Za-z0-9_]*)', (\w+)\)$")


def _attribute_syntax(text: str) -> str:
    """``getattr(x, 'name')`` as ``x.name`` (same meaning, no builtin call)."""
    import keyword

    def get(m: re.Match[str]) -> str:
        return m.group(0) if keyword.iskeyword(m.group(2)) else f"{m.group(1)}.{m.group(2)}"

    out = []
    for line in text.splitlines():
        m = _SETATTR.match(line)
        if m and not keyword.iskeyword(m.group(3)):
            line = f"{m.group(1)}{m.group(2)}.{m.group(3)} = {m.group(4)}"
        out.append(_GETATTR.sub(get, line))
    return "\n".join(out)


def _reindent(text: str) -> str:
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return ""
    cut = min(len(ln) - len(ln.lstrip()) for ln in lines)
    return "\n".join(ln[cut:] for ln in lines)


def _assigned_names(body: str) -> set[str]:
    """Names a body binds (so each inlined copy gets its own)."""
    import ast

    try:
        tree = ast.parse(body)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _symbolic(d: Definition, oparg: Any) -> bool:
    """True when the instruction's stack items can all be held in locals (every
    array has a size known from the argument)."""
    for item in d.effect.inputs + d.effect.outputs:
        if item.size is not None:
            try:
                if int(eval(item.size, {"oparg": oparg})) < 0:  # noqa: S307 (our own text)
                    return False
            except Exception:
                return False
    return True


def _size(item: Item, oparg: Any) -> int:
    return 1 if item.size is None else int(eval(item.size, {"oparg": oparg}))  # noqa: S307


def _inline_symbolic(
    blk: _Block, d: Definition, i: int, oparg: Any, consts: dict[str, Any], nxt: int
) -> bool:
    """Inline one instruction with its stack items in locals; False when it cannot be."""
    eff = d.effect
    kept = kept_prefix(eff)
    mapping: dict[str, str] = {}
    pre: list[str] = []
    sym = blk.sym
    # the inputs, flattened bottom to top; the top ones are in locals, the bottom
    # ones on the frame's stack.  Kept inputs on the frame's stack are read where
    # they lie (an exception handler may need them there); consumed ones are popped.
    sizes = [_size(item, oparg) for item in eff.inputs]
    total = sum(sizes)
    kept_n = sum(sizes[:kept])
    from_sym = min(len(sym), total)
    from_st = total - from_sym
    slots: list[str] = [""] * total
    if from_sym:
        slots[from_st:] = sym[len(sym) - from_sym :]
        del sym[len(sym) - from_sym :]
    st_consumed = max(0, from_st - kept_n)
    for p in range(from_st - 1, from_st - st_consumed - 1, -1):
        t = blk.temp()
        pre.append(f"{t} = st.pop()")
        slots[p] = t
    blk.st_depth -= st_consumed
    kept_in_st = from_st - st_consumed
    kept_sym_before = len(sym)
    for p in range(kept_in_st):
        t = blk.temp()
        pre.append(f"{t} = st[{p - kept_in_st}]")
        slots[p] = t
    pos = 0
    arrays: dict[str, list[str]] = {}
    for j, (item, n) in enumerate(zip(eff.inputs, sizes)):
        names = slots[pos : pos + n]
        pos += n
        if item.size is None:
            mapping[item.name] = names[0]
        elif item.name in d.names:
            t = blk.temp()
            pre.append(f"{t} = [{', '.join(names)}]")
            mapping[item.name] = t
        else:  # an array only moved, never read: its items keep their locals
            arrays[item.name] = names
        if j < kept and pos > kept_in_st:
            # a kept input that came from locals goes back to them
            sym.extend(names[max(0, kept_in_st - (pos - n)) :])
    outs: list[tuple[Item, str]] = []
    input_names = {item.name for item in eff.inputs}
    for item in eff.outputs[kept:]:
        if item.name in arrays:  # an array moved through (SWAP's middle): same locals
            outs.append((item, "*" + ",".join(arrays[item.name])))
            continue
        if item.name in input_names and item.name in mapping:
            # an input put back elsewhere (``new_exc -- prev new_exc``): same value
            outs.append((item, mapping[item.name]))
            continue
        t = blk.temp()
        mapping[item.name] = t
        outs.append((item, t))
    for name in _assigned_names(d.body) - set(mapping):
        mapping[name] = f"v{i}_{name}"
    mapping["oparg"] = _const_ref(oparg, consts)
    mapping["pc"] = str(i)
    body = _attribute_syntax(_rename(d.body, mapping)) if d.body.strip() else ""
    if "fast" in d.names:
        blk.uses_fast = True
    lines: list[str] = list(pre)
    out_sym_after: list[str] = []
    post: list[str] = []
    for item, t in outs:
        if t.startswith("*"):
            out_sym_after.extend(x for x in t[1:].split(",") if x)
        elif item.size is None:
            out_sym_after.append(t)
        else:
            k = _size(item, oparg)
            parts = [blk.temp() for _ in range(k)]
            if parts:
                post.append(f"{', '.join(parts)}{',' if k == 1 else ''} = {t}")
            out_sym_after.extend(parts)
    # the body, with its macros expanded against the stack as it will be
    for raw in body.splitlines() if body else []:
        stripped = raw.strip()
        indent = raw[: len(raw) - len(raw.lstrip())]
        jump = _JUMP.match(stripped)
        alt = _JUMP_ALT.match(stripped)
        if alt:
            # the jump effect's stack: kept inputs it does not keep are dropped
            jeff = d.jump_effect or eff
            jkept = 0
            for a, b in zip(eff.inputs[:kept], jeff.outputs):
                if a != b:
                    break
                jkept += 1
            drop = sum(sizes[jkept:kept])
            kept_sym = len(sym) - kept_sym_before
            from_sym_drop = min(drop, kept_sym)
            base = sym[: len(sym) - from_sym_drop]
            pops = ["st.pop()"] * (drop - from_sym_drop)
            jouts = [mapping[item.name] for item in jeff.outputs[jkept:]]
            lines.extend(indent + p for p in pops)
            lines.extend(indent + x for x in _spill_with(base, jouts, []))
            lines.append(f"{indent}return {alt.group(1)}")
        elif jump:
            target = jump.group(1)
            spill = _spill_with(sym, out_sym_after, post)
            lines.extend(indent + s for s in spill)
            lines.append(f"{indent}return {target}")
        elif _SWITCH.match(stripped):
            # every output but the last goes on the stack; the callee pushes the last
            spill = _spill_with(sym, out_sym_after[:-1], [])
            lines.extend(indent + s for s in spill)
            lines.append(f"{indent}return -1")
        else:
            lines.append(raw)
    if d.flow in ("jump", "exit"):
        blk.emit("\n".join(lines), i)
        blk.sym = []
        return True
    lines.extend(post)
    blk.emit("\n".join(lines), i)
    sym.extend(out_sym_after)
    return True


def _spill_with(sym: list[str], extra: list[str], post: list[str]) -> list[str]:
    items = sym + extra
    out = list(post)
    if len(items) == 1:
        out.append(f"st.append({items[0]})")
    elif items:
        out.append(f"st.extend(({', '.join(items)},))")
    return out


def _inline_spilled(
    blk: _Block, d: Definition, i: int, oparg: Any, consts: dict[str, Any]
) -> None:
    """Inline one instruction working on the frame's stack (its tier-A body)."""
    spill = blk.spill_text()
    if spill:
        blk.emit(spill, i)
        blk.st_depth += len(blk.sym)
        blk.sym = []
    taken, given = d.effect.sizes(oparg)
    blk.st_depth += given - taken
    src = handler_source(d, name="_h")
    body_lines = src.splitlines()[1:]
    text = "\n".join(ln[4:] if ln.startswith("    ") else ln for ln in body_lines)
    if text.rstrip().endswith("return pc + 1"):
        text = text.rstrip()[: -len("return pc + 1")]
    names = _assigned_names(text)
    mapping = {n: f"v{i}_{n}" for n in names if n not in ("st", "fast", "frame")}
    mapping["oparg"] = _const_ref(oparg, consts)
    mapping["pc"] = str(i)
    text = _rename(text, mapping)
    if text.strip():
        blk.emit(text, i)


def block_function_source(
    code: Any, start: int, end: int, consts: dict[str, Any]
) -> tuple[str, list[int]]:
    """Return the source of the block function for instructions ``[start, end)`` and,
    per source line, the instruction it belongs to."""
    blk = _Block(start)
    defs = code.definitions
    args = code.args
    depths = code.depths or []
    blk.st_depth = depths[start] if start < len(depths) and depths[start] > 0 else 0
    need = handler_depths(code)
    for i in range(start, end):
        d = defs[i]
        if d is None:
            break
        oparg = args[i]
        if need[i] > blk.st_depth:
            blk.spill_bottom(need[i], i)
        if _symbolic(d, oparg):
            _inline_symbolic(blk, d, i, oparg, consts, i + 1)
        else:
            _inline_spilled(blk, d, i, oparg, consts)
        if d.flow in ("jump", "exit"):
            break
    else:
        spill = blk.spill_text()
        if spill:
            blk.emit(spill, end - 1)
        blk.emit(f"return {end}", end - 1)
    head = [f"def _b{start}(frame, st, oparg, pc):"]
    lines_of = [start]
    if blk.uses_fast or any("fast" in ln for ln in blk.lines):
        head.append("    fast = frame.fast")
        lines_of.append(start)
    return "\n".join(head + blk.lines) + "\n", lines_of + blk.instr_of_line


def handler_depths(code: Any) -> list[int]:
    """Per instruction, how many stack items its exception handler keeps (0: none)."""
    cached = getattr(code, "_handler_depths", None)
    if cached is not None:
        return cached
    n = len(code.definitions or ())
    need = [0] * n
    done = [False] * n
    for start, end, _target, depth, _lasti in code.handlers or ():
        for i in range(max(start, 0), min(end, n)):
            if not done[i]:  # the first entry covering an instruction is its handler
                done[i] = True
                need[i] = depth
    code._handler_depths = need
    return need


def compile_blocks(code: Any) -> Optional[dict[int, Any]]:
    """Compile ``code``'s blocks; return ``{start index: block function}``.

    Returns None when nothing is worth compiling.
    """
    defs = code.definitions
    if defs is None:
        return None
    hard, soft = leaders(code)
    n = len(defs)
    starts = [
        i for i in range(n)
        if (hard[i] or soft[i]) and defs[i] is not None and _inlinable(defs[i])
    ]
    if not starts:
        return None
    consts: dict[str, Any] = {}
    parts: list[str] = []
    line_maps: dict[int, tuple[int, list[int]]] = {}
    line = 1
    for s in starts:
        e = s + 1
        while e < n and not hard[e] and e - s < _MAX_BLOCK:
            e += 1
        src, lines_of = block_function_source(code, s, e, consts)
        line_maps[s] = (line, lines_of)
        parts.append(src)
        line += src.count("\n")
    source = "".join(parts)
    from . import runtime

    namespace: dict[str, Any] = {name: getattr(runtime, name) for name in runtime.__all__}
    namespace.update(consts)
    filename = os.path.join(os.path.dirname(__file__), f"<blocks of {code.co_qualname}>")
    try:
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102
    except SyntaxError:  # a template the block compiler cannot handle: stay in tier A
        return None
    out: dict[int, Any] = {}
    for s in starts:
        fn = namespace[f"_b{s}"]
        first, lines_of = line_maps[s]
        fn.block_first_line = first
        fn.block_lines = lines_of
        out[s] = fn
    code.block_source = source
    return out


def install(code: Any) -> bool:
    """Compile ``code``'s blocks and put them in its dispatch list; True if done."""
    blocks = compile_blocks(code)
    code.tier_b = blocks or {}
    if not blocks:
        return False
    ops = code.ops
    for start, fn in blocks.items():
        ops[start] = fn
    return True


def fault_index(fn: Any, exc: BaseException, start: int) -> int:
    """The instruction of block ``fn`` (starting at ``start``) that raised ``exc``."""
    tb = exc.__traceback__
    target = fn.__code__
    while tb is not None:
        if tb.tb_frame.f_code is target:
            offset = tb.tb_lineno - fn.block_first_line
            lines = fn.block_lines
            if 0 <= offset < len(lines):
                return int(lines[offset])
            break
        tb = tb.tb_next
    return start


__all__ = ["compile_blocks", "install", "fault_index", "leaders"]
