"""The bulk path: check a stream in one pass, let the host's C ``marshal`` build it.

Most of a load's time goes into making objects -- strings, bytes, tuples --
one Python step at a time.  CPython's C unmarshaller makes them far faster,
but it only knows the host's own code objects and is not hardened against
hostile data.  This module splits the work:

1. :func:`translate` walks the stream once without making any object.  It
   checks everything :func:`._fast.read_fast` checks (every length against the
   end, the type codes of the version, references only to finished objects,
   the nesting limit, the expansion and allocation budgets) and writes a
   *translated* stream for the host: every object the host would read
   differently from the version at hand becomes a *marker*, a tuple whose
   first item is ``StopIteration`` and whose second names what it stands for.
   Code objects are markers (their integer fields carried as bytes objects),
   and so are sets and frozensets (the model keeps their stream order),
   slices, Python 2 longs and text floats.  A tuple or list holding a
   marker is wrapped the same way, so markers are only ever found below other
   markers.  Python 2's interned strings become bytes with a reference flag
   and its string references plain references, which keeps their indices.
2. The host's ``marshal.loads`` reads the translated stream: only data
   objects, in a stream already proven well-formed and within budget.
3. :func:`build` turns the markers into the model's objects (``Code``,
   ``OrderedFrozenset``, ``Py2Long`` ...), checking code fields exactly as
   the fast path does.

A stream that contains ``StopIteration`` itself, a marker inside a dict, a
frozendict, or anything the host refuses gives up (raises); the caller then
reads the data with the fast or the checked reader, so results and errors are
the same whichever path runs (tests compare them on whole corpora).

Plain, fully typed Python so that mypyc can compile it (``tools/build_accel.py``).
"""

from __future__ import annotations

import marshal
import struct
from typing import Any, Callable, Final, Optional

from ..code import Code
from ..versions import VersionInfo
from ..versions.lines import CODE_TYPE_CODES
from ._fast import COMPILED, GiveUp, Plan, plan_for
from .reader import (
    CONTAINER_COST,
    COST_BYTES,
    COST_CODE,
    COST_INT,
    COST_RARE,
    COST_STR,
    EMPTY_COST,
    EXPANSION_FLOOR,
    EXPANSION_PER_BYTE,
    FLAG_REF,
    MAX_DEPTH,
    ReadResult,
)
from .types import EMPTY_FROZENSET, OrderedFrozenset, OrderedSet, Py2Long, TextComplex, TextFloat

_U32 = struct.Struct("<I")

#: What heads a marker tuple (the host reads ``S`` as ``StopIteration``).
STOP: Any = StopIteration
#: Deepest marker nesting :func:`build` follows (it recurses); deeper data
#: takes the other readers.
MAX_BUILD_DEPTH = 200
#: Estimated size of a str decoded from ``n`` UTF-8 bytes, at most (a
#: character may widen to 4 bytes): the fast path charges the exact size.
UTF8_STR_COST = 80


def _head(kind: str, count: int, flag: int) -> bytes:
    """The bytes that open a marker tuple of ``count`` items (marker head included)."""
    return bytes([0x28 | flag]) + _U32.pack(count) + b"Sz\x01" + kind.encode("latin-1")


def _bytes_head(size: int) -> bytes:
    return b"s" + _U32.pack(size)


# (marker prefix by FLAG_REF bit, int-run prefixes by segment, int-run sizes)
CodeShape = tuple[tuple[bytes, bytes], tuple[bytes, ...], tuple[int, ...], int]
_SHAPES: dict[tuple[int, str, str], CodeShape] = {}


def _code_shape(version: VersionInfo, plan: Plan) -> CodeShape:
    """Return how a code object of ``version`` is written as a marker."""
    key = (version.marshal_version, version.code_layout_name, version.strings)
    shape = _SHAPES.get(key)
    if shape is not None:
        return shape
    lead, segments = plan[1], plan[2]
    count = 2 + (1 if lead is not None else 0)
    for nobj, run in segments:
        count += nobj + (1 if run is not None else 0)
    lead_bytes = _bytes_head(lead[1]) if lead is not None else b""
    prefixes = (_head("c", count, 0) + lead_bytes, _head("c", count, FLAG_REF) + lead_bytes)
    run_heads = tuple(_bytes_head(run[1]) if run is not None else b"" for _n, run in segments)
    run_sizes = tuple(run[1] if run is not None else 0 for _n, run in segments)
    shape = (prefixes, run_heads, run_sizes, lead[1] if lead is not None else 0)
    _SHAPES[key] = shape
    return shape


# Dispatch numbers of the walk (the fast path's, where they mean the same).
_HANDLER_OF: dict[int, int] = {
    0x72: 1,  # r  reference
    0x7A: 2,  # z
    0x5A: 2,  # Z
    0x73: 3,  # s
    0x29: 4,  # )
    0x4E: 6,  # N
    0x69: 7,  # i
    0x28: 8,  # (
    0x5B: 8,  # [
    0x3C: 8,  # <
    0x3E: 8,  # >
    0x74: 9,  # t
    0x61: 10,  # a
    0x41: 10,  # A
    0x75: 11,  # u
    0x54: 12,  # T
    0x46: 12,  # F
    0x2E: 12,  # .
    0x52: 13,  # R
    # S (StopIteration) is absent: it would pass for a marker's head
}
_OTHER: Final = 14
_TABLES: dict[tuple[int, str, str], tuple[int, ...]] = {}


def _table_for(version: VersionInfo) -> tuple[int, ...]:
    key = (version.marshal_version, version.code_layout_name, version.strings)
    table = _TABLES.get(key)
    if table is not None:
        return table
    code_char = ord(CODE_TYPE_CODES.get(version.code_layout_name, "c"))
    allowed = set(version.marshal_codes)
    if code_char != 0x63:
        allowed = (allowed - {0x63}) | {code_char}
    allowed.discard(0x53)
    codes = bytearray(256)
    for code in allowed:
        handler = 5 if code == code_char else _HANDLER_OF.get(code, _OTHER)
        codes[code] = handler
        if version.uses_refs:
            codes[code | FLAG_REF] = handler
    table = tuple(codes)
    _TABLES[key] = table
    return table


# CONTAINER_COST as two tuples indexed by type code (cheap to index compiled)
_CONTAINER_COSTS: tuple[tuple[int, ...], tuple[int, ...]] = (
    tuple(CONTAINER_COST.get(code, (0, 0))[0] for code in range(128)),
    tuple(CONTAINER_COST.get(code, (0, 0))[1] for code in range(128)),
)

Edit = Optional[tuple[int, int, bytes]]
# a parent's saved state: rem, kind, ccode, slot, fstart, fextra, step, dirty, count, hedit
Saved = tuple[int, int, int, int, int, int, int, int, int, int]


def translate(data: bytes, version: VersionInfo, pos: int, abudget: int) -> tuple[bytes, int]:
    """Check the object at ``pos`` and translate it for the host's ``marshal``.

    Returns ``(stream, end)``: the translated stream (see the module
    docstring) and the offset just past the object.  Raises :class:`GiveUp`
    (or any other exception) wherever :func:`._fast.read_fast` would give up,
    and on what the host cannot be given: ``StopIteration``, a marker inside a
    dict, a frozendict.
    """
    plan = plan_for(version)
    segments = plan[2]
    nsegments = len(segments)
    table = _table_for(version)
    code_prefixes, run_heads, run_sizes, lead_size = _code_shape(version, plan)
    code_ccode = ord(CODE_TYPE_CODES.get(version.code_layout_name, "c"))
    n = len(data)
    if nsegments == 0 or pos < 0 or n > 0x7FFFFFFF:
        raise GiveUp
    py2 = version.is_py2
    keeps_interned = version.marshal_version in (1, 2)
    interned_code = 0x73 | FLAG_REF if keeps_interned else 0x73
    # typed, so that a compiled build keeps the values native ints
    unpack_u32: Callable[[bytes, int], tuple[int, ...]] = _U32.unpack_from
    compiled = COMPILED
    cost_str = COST_STR
    cost_bytes = COST_BYTES
    cost_int = COST_INT
    cost_fixed, cost_item = _CONTAINER_COSTS
    max_depth = MAX_DEPTH
    other = _OTHER
    budget = EXPANSION_FLOOR + EXPANSION_PER_BYTE * n
    # Estimated bytes of the objects the host will make: the fast path's
    # charges (an upper bound where it measures the object), so that this
    # walk gives up wherever the fast path does.
    alloc = 0
    # Per flagged object: twice its expansion bound (see ``_fast.read_fast``),
    # plus 1 when it is or holds a marker; -1 while it is still open.
    bound: list[int] = []
    extra = 0
    ninterned = 0
    # (offset, offset resumed at, bytes put in between), in stream order; a
    # container reserves a slot when it opens (None) and fills it if it
    # turns out to hold a marker.
    edits: list[Edit] = []
    patched: Optional[bytearray] = None  # in-place type-byte changes (Python 2)
    stack: list[Saved] = []
    rem = 1  # objects still due in the open container (-1: a dict, until NULL)
    kind = 0  # 0 sequence or code object, 1 dict
    ccode = -1  # type code of the open container; -1 for the root
    slot = -1
    fstart = pos
    fextra = 0
    step = 0
    dirty = 0  # the open container holds a marker
    count = 0
    hedit = -1
    mk = 0  # the object just read is, or holds, a marker
    isnull = False
    first = pos
    code = 0
    size = 0
    end = 0
    idx = 0
    b = 0

    while True:
        start = pos
        byte = data[pos]
        h = table[byte]
        pos += 1
        mk = 0
        # ---- one object: a scalar is skipped; a container opens and loops
        if h == 1:  # r
            if compiled:  # native byte arithmetic beats a call once compiled
                idx = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                idx = unpack_u32(data, pos)[0]
            pos += 4
            b = bound[idx]
            if b < 0:
                raise GiveUp  # a reference to an object still being read
            extra += b >> 1
            mk = b & 1
        elif h == 2:  # z Z
            end = pos + 1 + data[pos]
            if end > n:
                raise GiveUp
            alloc += cost_str + end - start - 2
            pos = end
            if byte & 0x80:
                bound.append((end - start) << 1)
        elif h == 3:  # s
            if compiled:  # native byte arithmetic beats a call once compiled
                size = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                size = unpack_u32(data, pos)[0]
            pos += 4
            end = pos + size
            if end > n:
                raise GiveUp
            alloc += cost_bytes + size
            pos = end
            if byte & 0x80:
                bound.append((end - start) << 1)
        elif h == 4 or h == 8 or h == 5:  # ) ( [ < > c: open a container
            code = byte & 0x7F
            if h == 4:
                size = data[pos]
                pos += 1
            elif h == 8:
                if compiled:  # native byte arithmetic beats a call once compiled
                    size = (
                        data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
                    )
                else:
                    size = unpack_u32(data, pos)[0]
                pos += 4
                if size > n - pos:
                    raise GiveUp
            if h != 5 and not size:
                if code == 0x3C or code == 0x3E:  # the model's own empty set types
                    edits.append((start, pos, _head(chr(code), 2, byte & 0x80)))
                    mk = 1
                if h == 8:
                    alloc += EMPTY_COST[code]
                if byte & 0x80:
                    bound.append((2 if h == 4 else 5) << 1 | mk)
            else:
                if len(stack) >= max_depth:
                    raise GiveUp
                stack.append((rem, kind, ccode, slot, fstart, fextra, step, dirty, count, hedit))
                ccode = code
                fstart = start
                fextra = extra
                dirty = 0
                kind = 0
                count = size
                if byte & 0x80:
                    slot = len(bound)
                    bound.append(-1)
                else:
                    slot = -1
                if h == 5:
                    alloc += COST_CODE
                    edits.append((start, start + 1, code_prefixes[1 if byte & 0x80 else 0]))
                    pos += lead_size
                    rem = segments[0][0]
                    step = 0
                    hedit = -1
                elif code == 0x3C or code == 0x3E:  # sets: always markers
                    edits.append((start, pos, _head(chr(code), size + 2, byte & 0x80)))
                    alloc += cost_fixed[code] + cost_item[code] * size
                    rem = size
                    hedit = -1
                else:
                    alloc += cost_fixed[code] + cost_item[code] * size
                    rem = size
                    hedit = len(edits)
                    edits.append(None)
                if alloc > abudget:
                    raise GiveUp
                continue
        elif h == 6:  # N
            pass
        elif h == 7:  # i
            alloc += cost_int
            pos += 4
            if byte & 0x80:
                bound.append(5 << 1)
        elif 9 <= h <= 11:  # t a A u
            if compiled:  # native byte arithmetic beats a call once compiled
                size = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                size = unpack_u32(data, pos)[0]
            pos += 4
            end = pos + size
            if end > n:
                raise GiveUp
            pos = end
            if h == 10:
                alloc += cost_str + size
            elif h == 9 and py2:
                alloc += cost_bytes + size
                # the host would decode it; the model keeps Python 2's bytes
                if patched is None:
                    patched = bytearray(data)
                patched[start] = interned_code
            else:
                alloc += UTF8_STR_COST + 4 * size
            if h == 9 and keeps_interned:
                ninterned += 1
            if byte & 0x80:
                bound.append((end - start) << 1)
        elif h == 12:  # T F .
            pass
        elif h == 13:  # R: a plain reference to the interned string, same index
            if compiled:  # native byte arithmetic beats a call once compiled
                idx = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                idx = unpack_u32(data, pos)[0]
            pos += 4
            if idx >= ninterned:
                raise GiveUp
            if patched is None:
                patched = bytearray(data)
            patched[start] = 0x72
        elif h == other:
            code = byte & 0x7F
            if code == 0x7B or code == 0x3A:  # { :
                if len(stack) >= max_depth:
                    raise GiveUp
                stack.append((rem, kind, ccode, slot, fstart, fextra, step, dirty, count, hedit))
                ccode = code
                fstart = start
                fextra = extra
                dirty = 0
                hedit = -1
                if byte & 0x80:
                    slot = len(bound)
                    bound.append(-1)
                else:
                    slot = -1
                if code == 0x3A:
                    kind = 0
                    rem = 3
                    alloc += cost_fixed[code] + cost_item[code] * 3
                    edits.append((start, pos, _head(":", 5, byte & 0x80)))
                else:
                    kind = 1
                    rem = -1
                    alloc += cost_fixed[code]
                if alloc > abudget:
                    raise GiveUp
                continue
            if code == 0x30:  # NULL: only ends a dict
                if kind != 1:
                    raise GiveUp
                isnull = True
            else:
                if code == 0x6C and patched is None:
                    patched = bytearray(data)
                pos = _skip_rare(data, pos, code, py2, edits, start, byte & 0x80, patched)
                alloc += COST_RARE + pos - start
                mk = 1 if (code == 0x66 or code == 0x78 or (code == 0x6C and py2)) else 0
                if byte & 0x80:
                    bound.append((pos - start) << 1 | mk)
        else:
            raise GiveUp  # a type code this version lacks, or one left to the others

        # ---- hand the object to the open container, closing finished ones
        if alloc > abudget:
            raise GiveUp
        while True:
            if kind == 0:
                dirty |= mk
                rem -= 1
                if rem:
                    break
            elif isnull:  # a dict ends
                isnull = False
            else:
                if mk:
                    raise GiveUp  # the host would hash a marker as a key or value
                alloc += cost_item[ccode]
                break
            # the open container is complete, or a code object's segment
            if ccode == code_ccode:
                size = run_sizes[step]
                if size:
                    edits.append((pos, pos, run_heads[step]))
                    pos += size
                step += 1
                if step < nsegments:
                    rem = segments[step][0]
                    break
                mk = 1
            elif ccode == 0x3C or ccode == 0x3E or ccode == 0x3A:
                mk = 1
            elif ccode == -1:
                if pos > n:
                    raise GiveUp
                return _splice(patched if patched is not None else data, edits, first, pos), pos
            else:
                mk = dirty
                if dirty:  # rewrite the head: a marker holding the items
                    edits[hedit] = (
                        fstart,
                        fstart + (2 if ccode == 0x29 else 5),
                        _head("[" if ccode == 0x5B else "(", count + 2, data[fstart] & 0x80),
                    )
            if pos > n:
                raise GiveUp  # a code object's integer fields ran past the end
            size = pos - fstart + extra - fextra
            if size > budget:
                raise GiveUp
            if slot >= 0:
                bound[slot] = size << 1 | mk
            rem, kind, ccode, slot, fstart, fextra, step, dirty, count, hedit = stack.pop()


def _skip_rare(
    data: bytes,
    pos: int,
    code: int,
    py2: bool,
    edits: list[Edit],
    start: int,
    flag: int,
    patched: Optional[bytearray],
) -> int:
    """Skip a scalar of a rare type at ``pos`` (after its type byte); return the new pos.

    Text floats and Python 2 longs become markers (edits appended); raises
    on anything else the walk leaves to the other readers.
    """
    if code == 0x67 or code == 0x49:  # g I
        pos += 8
    elif code == 0x79:  # y
        pos += 16
    elif code == 0x6C:  # l: the host checks the digits as the model does
        count = struct.unpack_from("<i", data, pos)[0]
        size = abs(count)
        pos += 4
        if size * 2 > len(data) - pos:
            raise GiveUp
        if not size and patched is not None:
            # The host makes a zero of no digits that is not the shared 0,
            # and an int subclass made from it overruns its memory (CPython
            # 3.11); the same five bytes as an 'i' read as the shared 0.
            patched[start] = 0x69 | flag
        if py2:
            edits.append((start, start, _head("l", 3, 0)))
        pos += size * 2
    elif code == 0x66:  # f: the text as bytes, in a marker
        size = data[pos]
        edits.append((start, pos + 1, _head("f", 3, flag) + _bytes_head(size)))
        pos += 1 + size
    elif code == 0x78:  # x: both texts as bytes, in a marker
        size = data[pos]
        edits.append((start, pos + 1, _head("x", 4, flag) + _bytes_head(size)))
        pos += 1 + size
        size = data[pos]
        edits.append((pos, pos + 1, _bytes_head(size)))
        pos += 1 + size
    else:
        raise GiveUp
    if pos > len(data):
        raise GiveUp
    return pos


def _splice(source: Any, edits: list[Edit], first: int, end: int) -> bytes:
    """Return ``source[first:end]`` with the edits applied (the translated stream)."""
    pieces: list[Any] = []
    last = first
    for edit in edits:
        if edit is not None:
            at, resume, insert = edit
            pieces.append(source[last:at])
            pieces.append(insert)
            last = resume
    pieces.append(source[last:end])
    return b"".join(pieces)


Unpack = Callable[[bytes, int], tuple[Any, ...]]


def build(value: Any, version: VersionInfo, memo: dict[int, Any], depth: int) -> Any:
    """Return the model object a marker stands for (``value`` is a marker tuple).

    ``memo`` maps markers already built (by id) to their objects, so that an
    object the stream references twice is built once.  Raises :class:`GiveUp`
    (or any other exception) on what the fast path would refuse: a code field
    of the wrong type, a bad float text, a localsplus pair of unequal lengths.
    """
    key = id(value)
    done = memo.get(key)
    if done is not None:
        return done
    if depth > MAX_BUILD_DEPTH:
        raise GiveUp
    kind: str = value[1]
    items: list[Any] = []
    result: Any
    if kind == "c":
        _table, lead, segments, expected, attrs, lp_names, lp_kinds = plan_for(version)
        i = 2
        if lead is not None:
            items.extend(lead[0](value[2], 0))
            i = 3
        for nobj, run in segments:
            for j in range(i, i + nobj):
                item = value[j]
                if type(item) is tuple and item and item[0] is STOP:
                    item = build(item, version, memo, depth + 1)
                items.append(item)
            i += nobj
            if run is not None:
                items.extend(run[0](value[i], 0))
                i += 1
        for j in range(len(attrs)):
            if type(items[j]) is not expected[j]:
                raise GiveUp
        if lp_names >= 0 and len(items[lp_names]) != len(items[lp_kinds]):
            raise GiveUp
        result = object.__new__(Code)
        fields = result.__dict__
        fields.update(zip(attrs, items))
        fields["version"] = version
    elif kind == "l":
        result = Py2Long(value[2])
    elif kind == "f":
        result = TextFloat(_float_text(value[2]))
    elif kind == "x":
        result = TextComplex(_float_text(value[2]), _float_text(value[3]))
    else:
        for j in range(2, len(value)):
            item = value[j]
            if type(item) is tuple and item and item[0] is STOP:
                item = build(item, version, memo, depth + 1)
            items.append(item)
        if kind == "(":
            result = tuple(items)
        elif kind == "[":
            result = items
        elif kind == ">":
            result = OrderedFrozenset(items) if items else EMPTY_FROZENSET
        elif kind == "<":
            result = OrderedSet(items)
        elif kind == ":":
            result = slice(items[0], items[1], items[2])
        else:
            raise GiveUp
    memo[key] = result
    return result


def _float_text(text: bytes) -> bytes:
    """Return ``text`` if it is a float text the model accepts; else raise ValueError."""
    # as reader._read_float_text: CPython's PyOS_string_to_double takes no
    # surrounding whitespace and no digit-group underscores
    if text != text.strip() or b"_" in text:
        raise ValueError(text)
    float(text.decode("latin-1"))
    return text


def read_bulk(data: bytes, version: VersionInfo, pos: int, abudget: int) -> ReadResult:
    """Read one object at ``pos`` through the host's C ``marshal``; a ReadResult.

    The result's ``refs`` table is empty (the host does not hand it out);
    ``reader.read`` fills it on demand.  Raises :class:`GiveUp` or anything
    else where the fast path would give up (the caller then reads the data
    with the other readers).
    """
    stream, end = translate(data, version, pos, abudget)
    value = marshal.loads(stream)
    if type(value) is tuple and value and value[0] is STOP:
        value = build(value, version, {}, 0)
    return ReadResult(value, end, [], None, None)
