"""Split a code string into instructions: ``(offset, start_offset, opcode, arg)`` tuples.

``arg`` is ``None`` for instructions without an argument.  Bytecode
(Python <= 3.5: one byte, or three with a 16-bit argument) and wordcode (3.6+:
two bytes, plus inline ``CACHE`` units from 3.11) are both handled, with
``EXTENDED_ARG`` prefixes folded into the next argument exactly as the
version's own ``dis`` does.  Truncated code never raises: missing argument
bytes read as zero (``truncated`` tells whether that happened).
"""

from __future__ import annotations

from typing import Optional

from ..versions.opcodes import K_JABS, K_JREL, K_NONE, OpTable

Instr = tuple[int, int, int, Optional[int]]

_INT_OVERFLOW = 2**31
# Versions without the 3.11 wrap-around let EXTENDED_ARG chains grow without
# bound; hostile code with a million-long chain would make quadratic work of
# huge ints, so we keep 64 bits (no real pyc comes near).
_MASK64 = 2**64 - 1


def unpack(code: bytes, table: OpTable, wordcode: bool) -> list[Instr]:
    """Return the instructions of ``code`` (raw bytes) under ``table``.

    Each item is ``(offset, start_offset, opcode, arg)``: ``start_offset`` is
    where the ``EXTENDED_ARG`` prefix chain of the instruction begins.  Inline
    cache units (3.11+) are skipped.  ``wordcode`` is the version's trait
    (``VersionInfo.wordcode``: it is a fact of the magic, not of the opcode
    table's line, since 3.6a1 pycs are bytecode).  Never raises.
    """
    if not wordcode:
        return _unpack_bytecode(code, table)
    return _unpack_wordcode(code, table)


def _unpack_wordcode(code: bytes, table: OpTable) -> list[Instr]:
    ext_ops, step = _word_facts(table)
    if not any(b in code for b in ext_ops):  # no prefix chain anywhere
        return _unpack_wordcode_plain(code, table, step)
    return _unpack_wordcode_chains(code, table)


def _unpack_wordcode_chains(code: bytes, table: OpTable) -> list[Instr]:
    """Wordcode that may hold ``EXTENDED_ARG`` prefix chains."""
    out: list[Instr] = []
    append = out.append
    hasarg = table.hasarg
    caches = table.caches
    deop = table.deop
    ext = table.extended_arg
    wrap = table.traits["int_overflow"]
    n = len(code)
    if n & 1:
        code = bytes(code) + b"\0"
    extended = 0
    ext_count = 0
    i = 0
    while i < n:
        op = code[i]
        if hasarg[op]:
            arg: Optional[int] = code[i + 1] | extended
            if deop[op] == ext:
                extended = arg << 8  # type: ignore[operator]
                if wrap:
                    if extended >= _INT_OVERFLOW:
                        extended -= 2 * _INT_OVERFLOW
                else:
                    extended &= _MASK64
            else:
                extended = 0
        else:
            arg = None
            extended = 0
        if deop[op] == ext:
            append((i, i, op, arg))
            ext_count += 1
        else:
            append((i, i - 2 * ext_count, op, arg))
            ext_count = 0
        i += 2 + 2 * caches[op]
    return out


_WORD_FACTS: dict[str, tuple[bytes, tuple[int, ...]]] = {}


def _word_facts(table: OpTable) -> tuple[bytes, tuple[int, ...]]:
    """Return (the opcodes whose base is ``EXTENDED_ARG``, as bytes; each opcode's size
    in bytes with its inline caches) for ``table``, computed once per line."""
    found = _WORD_FACTS.get(table.key)
    if found is None:
        ext = table.extended_arg
        ext_ops = bytes(b for b in range(256) if ext >= 0 and table.deop[b] == ext)
        found = _WORD_FACTS[table.key] = (ext_ops, tuple(2 + 2 * c for c in table.caches))
    return found


def _unpack_wordcode_plain(code: bytes, table: OpTable, step: tuple[int, ...]) -> list[Instr]:
    """Wordcode without any ``EXTENDED_ARG`` byte: no prefix chains to track."""
    out: list[Instr] = []
    append = out.append
    hasarg = table.hasarg
    n = len(code)
    if n & 1:
        code = bytes(code) + b"\0"
    i = 0
    while i < n:
        op = code[i]
        append((i, i, op, code[i + 1] if hasarg[op] else None))
        i += step[op]
    return out


def _unpack_bytecode(code: bytes, table: OpTable) -> list[Instr]:
    out: list[Instr] = []
    append = out.append
    hasarg = table.hasarg
    ext = table.extended_arg
    n = len(code)
    padded = bytes(code) + b"\0\0"
    extended = 0
    start = 0
    i = 0
    while i < n:
        op = padded[i]
        if hasarg[op]:
            arg: Optional[int] = padded[i + 1] + padded[i + 2] * 256 + extended
            extended = 0
            if op == ext:
                extended = (arg * 65536) & _MASK64  # type: ignore[operator]
            append((i, start, op, arg))
            if op != ext:
                start = i + 3
            i += 3
        else:
            append((i, start, op, None))
            start = i + 1
            i += 1
    return out


def jump_target(
    table: OpTable, offset: int, op: int, arg: int, wordcode: bool
) -> Optional[int]:
    """Return the offset instruction ``op``/``arg`` at ``offset`` jumps to, or None
    when it is not a jump (``wordcode``: the version's trait, as for :func:`unpack`).
    ``op`` may be a 3.12+ pseudo-instruction (past 255): those jump forward."""
    if not 0 <= op < 256:
        kind = table.pseudo.get(op, ("", K_NONE))[1]
        if kind == K_JREL:
            return offset + 2 + arg * table.traits["jump_scale"]
        return arg * table.traits["jump_scale"] if kind == K_JABS else None
    base = table.deop[op]
    kind = table.kinds[base]
    if kind == K_JREL:
        scale = table.traits["jump_scale"]
        if table.backward[base]:
            arg = -arg
        size = 2 if wordcode else 3
        target = offset + size + arg * scale
        if table.traits["jrel_caches"]:
            target += 2 * table.caches[base]
        return target
    if kind == K_JABS:
        return arg * table.traits["jump_scale"]
    return None


def find_labels(instrs: list[Instr], table: OpTable, wordcode: bool) -> list[int]:
    """Return the jump-target offsets of ``instrs`` in first-seen order (``dis.findlabels``:
    without the ``labels_extended`` trait, each jump's own 16-bit argument)."""
    labels: list[int] = []
    seen = set()
    is_jump = table.labels_target
    own_arg = not table.traits["labels_extended"]
    for offset, _start, op, arg in instrs:
        if arg is None or not is_jump[op]:
            continue
        if own_arg:
            arg &= 0xFFFF
        target = jump_target(table, offset, op, arg, wordcode)
        if target is not None and target not in seen:
            seen.add(target)
            labels.append(target)
    return labels
