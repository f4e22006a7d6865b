"""Line and position tables of every version, decoded.

* ``co_lnotab`` (<= 3.9): pairs of (byte increment, line increment); line
  increments are signed bytes from 3.6 on;
* the 3.10 ``co_linetable``: pairs of (byte delta, signed line delta), -128
  meaning "no line";
* the 3.11+ location table: variable-length entries with line, end line,
  column and end column.

``co_lines`` returns ``(start, end, line)`` ranges like ``code.co_lines()``;
``co_positions`` returns one ``(line, end_line, col, end_col)`` per code unit
like ``code.co_positions()``; ``linestarts`` returns the ``{offset: line}``
the version's own ``dis.findlinestarts`` would give.  Malformed tables end the
decoding early rather than raising.
"""

from __future__ import annotations

from typing import Any, Optional

Position = tuple[Optional[int], Optional[int], Optional[int], Optional[int]]
LineRange = tuple[int, int, Optional[int]]


def lnotab_starts(lnotab: bytes, firstlineno: int, code_len: int, variant: str) -> dict[int, int]:
    """Return ``{offset: line}`` from a ``co_lnotab`` as ``dis.findlinestarts`` did.

    ``variant`` is ``"lnotab"`` (unsigned line increments), ``"lnotab_signed"``
    (3.6/3.7) or ``"lnotab_signed_clip"`` (3.8/3.9: entries past the code's end
    are dropped).
    """
    signed = variant != "lnotab"
    clip = variant == "lnotab_signed_clip"
    starts: dict[int, int] = {}
    last: Optional[int] = None
    line = firstlineno
    addr = 0
    n = len(lnotab) // 2 * 2
    for i in range(0, n, 2):
        byte_incr = lnotab[i]
        line_incr = lnotab[i + 1]
        if byte_incr:
            if line != last:
                starts[addr] = line
                last = line
            addr += byte_incr
            if clip and addr >= code_len:
                return starts
        if signed and line_incr >= 0x80:
            line_incr -= 0x100
        line += line_incr
    if line != last:
        starts[addr] = line
    return starts


def lines_310(table: bytes, firstlineno: int, code_len: int) -> list[LineRange]:
    """Return ``co_lines()`` of a 3.10 code object from its ``co_linetable``."""
    out: list[tuple[int, int, Optional[int]]] = []
    line = firstlineno
    end = 0
    n = len(table) // 2 * 2
    for i in range(0, n, 2):
        sdelta = table[i]
        ldelta = table[i + 1]
        if ldelta >= 0x80:
            ldelta -= 0x100
        start = end
        end = start + sdelta
        if ldelta == -128:
            cur: Optional[int] = None
        else:
            line += ldelta
            cur = line
        if start == end:
            continue
        if out and out[-1][2] == cur and out[-1][1] == start:
            out[-1] = (out[-1][0], end, cur)
        else:
            out.append((start, end, cur))
    return out


#: bits of a varint kept (see :func:`_varint`)
_VARINT_BITS = 64
_VARINT_MASK = 2**_VARINT_BITS - 1


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """Return (the varint at ``pos``, the position after it), keeping its low 64 bits:
    a hostile run of a million continuation bytes must not build an ever-growing
    int (quadratic work); no real table comes near 2**64."""
    b = data[pos]
    pos += 1
    val = b & 63
    shift = 0
    while b & 64:
        b = data[pos]
        pos += 1
        shift += 6
        if shift < _VARINT_BITS:
            val |= (b & 63) << shift
    return val & _VARINT_MASK, pos


def _svarint(data: bytes, pos: int) -> tuple[int, int]:
    val, pos = _varint(data, pos)
    return (-(val >> 1) if val & 1 else val >> 1), pos


def locations(table: bytes, firstlineno: int) -> list[tuple[int, Position]]:
    """Return the 3.11+ location entries as ``(code_units, position)`` pairs.

    Decoding stops at the first malformed entry (a truncated varint).
    """
    out: list[tuple[int, Position]] = []
    line = firstlineno
    pos = 0
    n = len(table)
    try:
        while pos < n:
            first = table[pos]
            pos += 1
            code = (first >> 3) & 15
            length = (first & 7) + 1
            if code == 15:
                out.append((length, (None, None, None, None)))
            elif code == 14:
                delta, pos = _svarint(table, pos)
                line += delta
                end_delta, pos = _varint(table, pos)
                col, pos = _varint(table, pos)
                end_col, pos = _varint(table, pos)
                out.append(
                    (length, (line, line + end_delta, col - 1 if col else None,
                              end_col - 1 if end_col else None))
                )
            elif code == 13:
                delta, pos = _svarint(table, pos)
                line += delta
                out.append((length, (line, line, None, None)))
            elif code >= 10:
                line += code - 10
                col = table[pos]
                end_col = table[pos + 1]
                pos += 2
                out.append((length, (line, line, col, end_col)))
            else:
                second = table[pos]
                pos += 1
                col = code * 8 + (second >> 4)
                out.append((length, (line, line, col, col + (second & 15))))
    except IndexError:
        pass
    return out


def positions_311(table: bytes, firstlineno: int, code_len: int) -> list[Position]:
    """Return ``co_positions()``: one position per 2-byte code unit."""
    out: list[Position] = []
    for length, position in locations(table, firstlineno):
        out.extend([position] * length)
    units = code_len // 2
    if len(out) < units:
        out.extend([(None, None, None, None)] * (units - len(out)))
    return out[:units] if len(out) > units else out


def lines_311(table: bytes, firstlineno: int, code_len: int) -> list[LineRange]:
    """Return ``co_lines()`` of a 3.11+ code object (adjacent equal lines merged)."""
    out: list[tuple[int, int, Optional[int]]] = []
    addr = 0
    for length, position in locations(table, firstlineno):
        end = addr + 2 * length
        line = position[0]
        if out and out[-1][2] == line:
            out[-1] = (out[-1][0], end, line)
        else:
            out.append((addr, end, line))
        addr = end
    return out


def set_lineno_starts(code: Any) -> dict[int, int]:
    """Return ``{offset: line}`` of a Python 1.0-1.4 code object, which has no line
    table: each ``SET_LINENO`` instruction starts the line its argument names."""
    from ..versions import opcodes
    from .decode import unpack

    table = opcodes.table(code.version)
    setter = table.opmap.get("SET_LINENO", -1)
    starts: dict[int, int] = {}
    last = None
    for offset, _start, op, arg in unpack(code.co_code, table, code.version.wordcode):
        if op == setter and arg is not None and arg != last:
            starts[offset] = last = arg
    return starts


def co_lines(code: Any) -> list[tuple[int, int, Optional[int]]]:
    """Return ``(start, end, line)`` ranges for a :class:`~bytescope.code.Code` of any version."""
    kind = code.version.line_table
    raw = code.co_linetable or b""
    n = len(code.co_code)
    if kind == "locations":
        return lines_311(raw, code.co_firstlineno, n)
    if kind == "linetable":
        return lines_310(raw, code.co_firstlineno, n)
    if kind == "set_lineno":
        starts = sorted(set_lineno_starts(code).items())
    else:
        starts = sorted(lnotab_starts(raw, code.co_firstlineno, n, kind).items())
    out: list[LineRange] = []
    for i, (start, line) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else n
        if end > start:
            out.append((start, end, line))
    return out


def co_positions(code: Any) -> list[Position]:
    """Return one position per 2-byte code unit (3.11+), else lines with no columns."""
    if code.version.line_table == "locations":
        return positions_311(code.co_linetable or b"", code.co_firstlineno, len(code.co_code))
    out: list[Position] = []
    n = len(code.co_code)
    for start, end, line in co_lines(code):
        # a lying table may run past the code (co_lines keeps those ranges, as the
        # version's own does); positions stop at the code's end
        if start >= n:
            break
        out.extend([(line, line, None, None)] * ((min(end, n) - start + 1) // 2))
    return out


#: per first byte of a 3.11+ location entry: its code, and the bytes of code it covers
_ENTRY_CODE = tuple((b >> 3) & 15 for b in range(256))
_ENTRY_BYTES = tuple(2 * ((b & 7) + 1) for b in range(256))


def starts_311(table: bytes, firstlineno: int, keep_none: bool) -> dict[int, Optional[int]]:
    """Return ``{offset: line}`` where the line changes, straight from a 3.11+ table.

    The fast path of :func:`linestarts` (no position tuples are built).  With
    ``keep_none`` (3.13+) a change to "no line" is a start too.
    """
    starts: dict[int, Optional[int]] = {}
    line = firstlineno
    last: Any = starts  # a value no line equals
    addr = 0
    pos = 0
    n = len(table)
    try:
        while pos < n:
            first = table[pos]
            pos += 1
            code = _ENTRY_CODE[first]
            # Most entries are short forms (codes 0-9: same line, one column byte).
            if code < 10:
                pos += 1
                cur: Optional[int] = line
            elif code < 13:
                line += code - 10
                cur = line
                pos += 2
            elif code == 15:
                cur = None
            else:  # 13: line delta only; 14: long form (delta, then 3 skipped varints)
                val = table[pos]
                pos += 1
                delta = val & 63
                shift = 0
                while val & 64:
                    val = table[pos]
                    pos += 1
                    shift += 6
                    if shift < _VARINT_BITS:  # (as _varint)
                        delta |= (val & 63) << shift
                line += -(delta >> 1) if delta & 1 else delta >> 1
                cur = line
                if code == 14:
                    for _ in range(3):  # end line, column, end column
                        while table[pos] & 64:
                            pos += 1
                        pos += 1
            if cur != last and (keep_none or cur is not None):
                starts[addr] = cur
                last = cur
            addr += _ENTRY_BYTES[first]
    except IndexError:
        pass
    return starts


def linestarts(code: Any, variant: str) -> dict[int, Optional[int]]:
    """Return ``{offset: line}`` as the version's ``dis.findlinestarts`` gives it.

    ``variant`` is the ``linestarts`` dis trait (see
    :mod:`bytescope.versions.opcodes.traits`).
    """
    if code.version.line_table == "locations" and variant.startswith("co_lines"):
        return starts_311(code.co_linetable or b"", code.co_firstlineno,
                          variant == "co_lines_none")
    if code.version.line_table == "set_lineno":
        return dict(set_lineno_starts(code))
    if variant.startswith("lnotab"):
        return dict(
            lnotab_starts(code.co_linetable or b"", code.co_firstlineno, len(code.co_code), variant)
        )
    starts: dict[int, Optional[int]] = {}
    if variant == "co_lines":
        last: Any = None
        for start, _end, line in co_lines(code):
            if line is not None and line != last:
                last = line
                starts[start] = line
        return starts
    unset = True
    for start, _end, line in co_lines(code):
        if unset or line != last:
            unset = False
            last = line
            starts[start] = line
    return starts


def starts_variant(code: Any, table: Any) -> str:
    """Return the ``linestarts`` variant for ``code``: the dis trait, unless the
    code's own line table is an lnotab where the trait expects a newer table
    (PyPy 3.10+ keeps lnotabs)."""
    variant: str = table.traits["linestarts"]
    kind = code.version.line_table
    if kind.startswith("lnotab") and not variant.startswith("lnotab"):
        return "lnotab_signed_clip"
    return variant
