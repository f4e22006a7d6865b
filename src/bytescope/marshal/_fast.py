"""The marshal reader's plain (non-recording) path: fast, and safe to give up.

:func:`read_fast` reads well-formed data as fast as Python allows and gives up
-- raising anything -- at the first thing it does not expect: a length past
the end, a type code the version lacks, a reference it cannot resolve, a
nesting or expansion limit, a bad code object.  :func:`bytescope.marshal.reader.read`
then reads the same bytes again with the checked reader, the reference path,
which decides what the data means and raises the precise error.  So this path
never has to word an error, and both paths build every container and code
object from the same plan and helpers (:mod:`.codeplan` -- its ``make`` inlined --
and :mod:`.containers`): results are identical (tests compare them on whole corpora).

What it keeps from the checked reader: no recursion (an explicit stack of
saved parent states), every length checked before a slice or an allocation
(fixed-size fields through ``unpack_from``/indexing, which raise past the end),
the depth limit, and an upper bound on the expanded size (see ``extra``).

This module is plain, fully typed Python so that mypyc can compile it
unchanged (``tools/build_accel.py``); the pure-Python package uses it as is.
"""

from __future__ import annotations

import struct
import sys
from typing import Any, Callable, Optional

from ..code import Code
from ..values import Py2Long, TextComplex, TextFloat
from ..versions import VersionInfo
from .codeplan import code_plan
from .containers import NULL, UNSET, empty_container, make_container
from .format import F64, F64_PAIR, FLAG_REF, I32, I64, U32
from .limits import (
    CONTAINER_COST,
    COST_BYTES,
    COST_CODE,
    COST_INT,
    COST_RARE,
    COST_STR,
    EMPTY_COST,
    EXPANSION_FLOOR,
    EXPANSION_PER_BYTE,
    MAX_DEPTH,
)
from .scalars import Need, read_float_text, read_long
from .span import ReadResult

# Dispatch numbers: a per-version table maps a type byte (FLAG_REF included)
# to one of these, 0 meaning "not in this version" (give up).  The reading
# loop tests them in this order, most frequent first (3.11 stdlib: r 41 %,
# Z 19 %, s 11 %, ) 10 %, z 8 %, c 4 %, N 3 %, i 2 %).
_HANDLER_OF: dict[int, int] = {
    0x72: 1,  # r  reference
    0x7A: 2,  # z  short ascii
    0x5A: 2,  # Z  short ascii interned
    0x73: 3,  # s  bytes
    0x29: 4,  # )  small tuple
    # 5: the version's code-object type ('c', or 'C' before 1.3)
    0x4E: 6,  # N
    0x69: 7,  # i
    0x28: 8,  # (  tuple
    0x5B: 8,  # [  list
    0x3C: 8,  # <  set
    0x3E: 8,  # >  frozenset
    0x74: 9,  # t  interned
    0x61: 10,  # a ascii
    0x41: 10,  # A ascii interned
    0x75: 11,  # u unicode
    0x54: 12,  # T
    0x46: 12,  # F
    0x2E: 12,  # .
    0x53: 12,  # S
    0x52: 13,  # R  stringref
}
_OTHER = 14  # the rare types: floats, longs, dicts, slices, NULL
_SINGLETONS: dict[int, Any] = {0x54: True, 0x46: False, 0x2E: Ellipsis, 0x53: StopIteration}

Unpack = Callable[[bytes, int], tuple[Any, ...]]
Run = Optional[tuple[Unpack, int]]
Segment = tuple[int, Run]
# (type-byte table, leading int run, segments, expected field types,
#  attribute names, index of co_localsplusnames and co_localspluskinds or -1,
#  indexes of the tuples of names and the exact type of a name)
Plan = tuple[
    tuple[int, ...], Run, tuple[Segment, ...], tuple[Any, ...], tuple[str, ...], int, int,
    tuple[int, ...], Any,
]
Saved = tuple[list[Any], int, int, int, int, int, int, int]

_PLANS: dict[tuple[int, str, str, bool, bool], Plan] = {}


def _probe() -> None:
    """A function whose type tells whether this module was compiled."""


#: True when this module runs as a mypyc-compiled extension (its functions then
#: have no Python ``__code__``): reading four bytes one by one is then cheaper
#: than calling ``struct``; under the interpreter it is dearer.
COMPILED: bool = not hasattr(_probe, "__code__")


class GiveUp(Exception):
    """The fast path met something it leaves to the checked reader."""


def _int_run(fmt: str) -> Run:
    if not fmt:
        return None
    st = struct.Struct("<" + fmt)
    return (st.unpack_from, st.size)


def plan_for(version: VersionInfo) -> Plan:
    """Return the per-version plan: type-byte dispatch table and code-object layout.

    A code object is a run of integer fields (``Run``: one ``Struct``, or
    None), then segments: ``(n, run)`` is ``n`` marshalled objects followed by
    a run of integer fields.  The reading loop treats a segment like a tuple
    of ``n`` items, so a code object's fields take the same fast path.
    """
    key = (version.marshal_version, version.code_layout_name, version.strings,
           version.code_lists, version.byte_names)
    plan = _PLANS.get(key)
    if plan is not None:
        return plan
    code_char = version.code_type_code
    table = bytearray(256)
    for code in version.marshal_codes:
        handler = 5 if code == code_char else _HANDLER_OF.get(code, _OTHER)
        table[code] = handler
        if version.uses_refs:
            table[code | FLAG_REF] = handler
    cplan = code_plan(version)
    lead: Run = None
    segments: list[Segment] = []
    fmt = ""
    nobj = 0
    for _name, kind in cplan.layout:
        if kind in ("i", "h"):
            fmt += kind
            continue
        if fmt:
            if segments or nobj:
                segments.append((nobj, _int_run(fmt)))
            else:
                lead = _int_run(fmt)
            nobj = 0
            fmt = ""
        nobj += 1
    if nobj:
        segments.append((nobj, _int_run(fmt)))
    # The exact type of every field of a well-formed code object (cplan.exact);
    # anything else (Python 2's None for a name tuple, unicode names) takes the
    # checked path.  The table is a tuple: the interpreter specialises tuple
    # indexing, not bytes indexing.
    lp_names, lp_kinds = cplan.localsplus
    plan = (tuple(table), lead, tuple(segments), cplan.exact, cplan.attrs, lp_names, lp_kinds,
            cplan.name_tuples, cplan.name_types[0])
    _PLANS[key] = plan
    return plan


def read_fast(data: bytes, version: VersionInfo, pos: int, abudget: int) -> ReadResult:
    """Read one object at ``pos``; return a ReadResult (no spans).

    ``abudget`` is the allocation budget (estimated bytes, see ``reader.read``).

    Raises :class:`GiveUp` (or any other exception) on anything unusual; the
    caller then uses the checked reader, which explains the problem.
    """
    (table, lead, segments, expected, attrs, lp_names, lp_kinds, name_tuples,
     name_type) = plan_for(version)
    nsegments = len(segments)
    join_names: Callable[[Any], Any] = b"".join if name_type is bytes else "".join
    code_ccode = version.code_type_code
    nattrs = len(attrs)
    n = len(data)
    if nsegments == 0 or pos < 0 or n > 0x7FFFFFFF:
        # a layout without object fields (none exists), a negative start, or
        # data too large for 32-bit lengths to be checked by ``end > n`` alone
        raise GiveUp
    py2 = version.is_py2
    keeps_interned = version.uses_string_refs
    unpack_u32 = U32.unpack_from
    unpack_i32 = I32.unpack_from
    budget = EXPANSION_FLOOR + EXPANSION_PER_BYTE * n
    # Estimated bytes of the objects made so far: the same charges as the
    # checked reader's (see ``limits.ALLOC_FLOOR``), so that it gives up where
    # the checked reader raises.
    alloc = 0
    getsizeof = sys.getsizeof
    refs: list[Any] = []
    # Upper bound of each flagged object's expanded size: its byte length plus
    # what the references inside it expand to.  ``extra`` sums, over every
    # reference read so far, what its target stands for; a container's bound
    # is its byte span plus the growth of ``extra`` while it was open.  The
    # checked reader's exact count never exceeds it.
    bound: list[int] = []
    extra = 0
    interned: list[Any] = []
    unset: Any = UNSET
    null: Any = NULL
    new_object = object.__new__
    stack: list[Saved] = []
    # The open container, in locals; the root is a one-item pseudo sequence.
    # kind: 0 sequence or code object, 1 dict.
    items: list[Any] = []
    rem = 1
    kind = 0
    ccode = -1  # type code of the open container; -1 for the root
    slot = -1
    fstart = pos
    fextra = 0
    step = 0
    value: Any = None
    count = 0
    end = 0
    idx = 0
    size = 0
    compiled = COMPILED

    while True:
        start = pos
        byte = data[pos]
        h = table[byte]
        pos += 1
        # ---- one object: a scalar sets ``value``; a container opens and loops
        if h == 1:  # r
            if compiled:  # native byte arithmetic beats a call once compiled
                idx = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                idx = unpack_u32(data, pos)[0]
            pos += 4
            value = refs[idx]
            if value is unset:
                raise GiveUp
            extra += bound[idx]
        elif h == 2:  # z Z
            end = pos + 1 + data[pos]
            if end > n:
                raise GiveUp
            value = data[pos + 1 : end].decode("latin-1")
            alloc += COST_STR + end - start - 2
            pos = end
            if byte & 0x80:
                refs.append(value)
                bound.append(end - start)
        elif h == 3:  # s
            if compiled:
                size = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                size = unpack_u32(data, pos)[0]
            pos += 4
            end = pos + size
            if end > n:
                raise GiveUp
            value = data[pos:end]
            alloc += COST_BYTES + size
            pos = end
            if byte & 0x80:
                refs.append(value)
                bound.append(end - start)
        elif h == 4 or h == 8 or h == 5:  # ) ( [ < > c: open a container
            if h == 4:
                count = data[pos]
                pos += 1
                if not count:
                    value = ()  # shared: costs nothing
                    if byte & 0x80:
                        refs.append(value)
                        bound.append(2)
                    h = 0
            elif h == 8:
                if compiled:
                    count = (
                        data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
                    )
                else:
                    count = unpack_u32(data, pos)[0]
                pos += 4
                if count > n - pos:
                    raise GiveUp
                if not count:
                    value = empty_container(byte & 0x7F)
                    alloc += EMPTY_COST[byte & 0x7F]
                    if byte & 0x80:
                        refs.append(value)
                        bound.append(5)
                    h = 0
            if h:
                if len(stack) >= MAX_DEPTH:
                    raise GiveUp
                stack.append((items, rem, kind, ccode, slot, fstart, fextra, step))
                items = []
                fstart = start
                fextra = extra
                ccode = byte & 0x7F
                if byte & 0x80:
                    slot = len(refs)
                    refs.append(unset)
                    bound.append(0)
                else:
                    slot = -1
                kind = 0
                if h == 5:
                    alloc += COST_CODE
                    if alloc > abudget:
                        raise GiveUp
                    if lead is not None:
                        items.extend(lead[0](data, pos))
                        pos += lead[1]
                    rem = segments[0][0]
                    step = 0
                else:
                    alloc += CONTAINER_COST[ccode][0] + CONTAINER_COST[ccode][1] * count
                    if alloc > abudget:
                        raise GiveUp
                    rem = count
                continue
        elif h == 6:  # N
            value = None
        elif h == 7:  # i
            if compiled:
                size = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
                value = size - ((size & 0x80000000) << 1)
            else:
                value = unpack_i32(data, pos)[0]
            alloc += COST_INT
            pos += 4
            if byte & 0x80:
                refs.append(value)
                bound.append(5)
        elif 9 <= h <= 11:  # t a A u
            if compiled:
                size = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                size = unpack_u32(data, pos)[0]
            pos += 4
            end = pos + size
            if end > n:
                raise GiveUp
            raw = data[pos:end]
            pos = end
            if h == 10:
                value = raw.decode("latin-1")
                alloc += COST_STR + size
            elif h == 9 and py2:
                value = raw
                alloc += COST_BYTES + size
            else:
                value = raw.decode("utf-8", "surrogatepass")
                alloc += getsizeof(value)
            if h == 9 and keeps_interned:
                interned.append(value)
            if byte & 0x80:
                refs.append(value)
                bound.append(end - start)
        elif h == 12:  # T F . S
            value = _SINGLETONS[byte & 0x7F]
        elif h == 13:  # R
            if compiled:
                idx = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16 | data[pos + 3] << 24
            else:
                idx = unpack_u32(data, pos)[0]
            value = interned[idx]
            pos += 4
        elif h == _OTHER:
            code = byte & 0x7F
            if code == 0x7B or code == 0x7D or code == 0x3A:  # { } :
                if len(stack) >= MAX_DEPTH:
                    raise GiveUp
                stack.append((items, rem, kind, ccode, slot, fstart, fextra, step))
                items = []
                fstart = start
                fextra = extra
                ccode = code
                if byte & 0x80:
                    slot = len(refs)
                    refs.append(unset)
                    bound.append(0)
                else:
                    slot = -1
                kind = 0 if code == 0x3A else 1
                rem = 3 if code == 0x3A else -1
                alloc += CONTAINER_COST[code][0] + (CONTAINER_COST[code][1] * 3 if rem > 0 else 0)
                if alloc > abudget:
                    raise GiveUp
                continue
            if code == 0x30:  # NULL: only ends a dict
                if kind != 1:
                    raise GiveUp
                if len(items) % 2:
                    items.pop()  # CPython drops a key whose value is NULL
                value = null
            else:
                value, pos = _read_rare(data, pos, code, py2)
                alloc += COST_RARE + pos - start
                if byte & 0x80:
                    refs.append(value)
                    bound.append(pos - start)
        else:
            raise GiveUp  # a type code this version does not have

        # ---- hand the object to the open container, closing finished ones ---
        if alloc > abudget:
            raise GiveUp
        while True:
            if kind == 0:
                items.append(value)
                rem -= 1
                if rem:
                    break
            elif value is null:  # a dict ends
                pass
            else:
                items.append(value)
                alloc += CONTAINER_COST[ccode][1]
                break
            # the open container is complete, or a code object's segment
            if ccode == code_ccode:
                run = segments[step][1]
                if run is not None:
                    items.extend(run[0](data, pos))
                    pos += run[1]
                step += 1
                if step < nsegments:
                    rem = segments[step][0]
                    break
            size = pos - fstart + extra - fextra
            if size > budget:
                raise GiveUp
            if ccode == code_ccode:
                # What ``Code.from_layout`` does, inline: the type of every
                # field and the localsplus pair checked, fields stored as read.
                if compiled:
                    for idx in range(nattrs):
                        if type(items[idx]) is not expected[idx]:
                            raise GiveUp
                elif tuple(map(type, items)) != expected:
                    raise GiveUp
                if lp_names >= 0 and len(items[lp_names]) != len(items[lp_kinds]):
                    raise GiveUp
                if compiled:
                    for idx in name_tuples:
                        for name in items[idx]:
                            if type(name) is not name_type:
                                raise GiveUp
                else:
                    # one C-level pass per tuple: join raises TypeError on a
                    # non-name (the reader makes no str or bytes subclasses)
                    for idx in name_tuples:
                        if items[idx]:
                            join_names(items[idx])
                value = new_object(Code)
                fields = value.__dict__
                fields.update(zip(attrs, items))
                fields["version"] = version
            elif ccode == 0x28 or ccode == 0x29:
                value = tuple(items)
            elif ccode == -1:
                return ReadResult(items[0], pos, refs, None, interned)
            else:
                value = make_container(ccode, items, 0)
            if slot >= 0:
                refs[slot] = value
                bound[slot] = size
            items, rem, kind, ccode, slot, fstart, fextra, step = stack.pop()


def _read_rare(data: bytes, pos: int, code: int, py2: bool) -> tuple[Any, int]:
    """Read a scalar of a rare type at ``pos`` (after its type byte): (value, new pos).

    Raises anything on bad data (the fast path then gives up).  Values go
    through ``value: Any`` so that a compiled build keeps the exact types
    (``Py2Long``, ``TextFloat`` are subclasses of ``int``/``float``, which
    mypyc would otherwise turn into plain native numbers).
    """
    value: Any
    if code == 0x67:  # g
        value = F64.unpack_from(data, pos)[0]
        return value, pos + 8
    if code == 0x79:  # y
        real, imag = F64_PAIR.unpack_from(data, pos)
        value = complex(real, imag)
        return value, pos + 16
    if code == 0x49:  # I
        value = I64.unpack_from(data, pos)[0]
        return value, pos + 8
    need = _need_or_give_up(len(data))
    if code == 0x6C:  # l
        number, pos = read_long(data, pos, 0, pos - 1, need)
        if py2:
            value = Py2Long(number)
        else:
            value = number
        return value, pos
    if code == 0x66:  # f
        text, pos = read_float_text(data, pos, 0, need)
        value = TextFloat(text)
        return value, pos
    if code == 0x78:  # x
        real_text, pos = read_float_text(data, pos, 0, need)
        imag_text, pos = read_float_text(data, pos, 0, need)
        value = TextComplex(real_text, imag_text)
        return value, pos
    raise GiveUp


def _need_or_give_up(n: int) -> Need:
    def need(at: int, size: int, what: str) -> None:
        if at + size > n:
            raise GiveUp

    return need
