"""Cross-version marshal reader: iterative, bounds-checked, table-driven.

:func:`loads` reads one object (usually a code object) from marshal data of
any Python version, described by a :class:`~bytescope.versions.VersionInfo`.
It never recurses (containers are an explicit stack), checks every declared
length against the bytes that remain before reading, and caps nesting depth
and the *expanded* size of the object graph (a chain of references can make a
1 KB stream stand for gigabytes).  Any malformed input raises a
:class:`~bytescope.errors.BytescopeError` naming the offset.

With ``record=True`` the reader also returns a :class:`~.span.Span` per object in
stream order (offset, length, type code, FLAG_REF, ref index, nesting): the
annotated dump shows them, and the writer replays them to write the same
bytes again.

Two paths: without ``record``, :func:`read` first tries the fast path in
:mod:`._fast` (compiled by the optional mypyc build), which gives up at
anything unusual; the checked path here (``_read_checked``) then reads the
same bytes and decides -- it alone words errors and records spans.
"""

from __future__ import annotations

from typing import Any, Optional, Union

from ..errors import BadCode, BadMarshal, LimitExceeded, TruncatedData
from ..values import Py2Long, TextComplex, TextFloat
from ..versions import VersionInfo
from ..versions.lines import Field
from .codeplan import code_plan
from .containers import NULL, UNSET, empty_container, make_container
from .format import F64, F64_PAIR, FLAG_REF, H16, I32, I64, TYPE_NAMES, U32
from .limits import (
    CONTAINER_COST,
    COST_CODE,
    EXPANSION_FLOOR,
    EXPANSION_PER_BYTE,
    MAX_DEPTH,
    alloc_budget,
    scalar_cost,
)
from .scalars import Need, read_float_text, read_long, utf8
from .span import ReadResult, Span

__all__ = ["read", "loads"]

# Frame kinds on the explicit stack.
_SEQ = 0  # tuple, list, set, frozenset, slice: a counted run of items
_DICT = 1  # dict, frozendict: key/value pairs up to a NULL
_CODE = 2  # a code object: the version's field layout


class _Frame:
    __slots__ = ("kind", "items", "remaining", "slot", "code", "start", "span", "weight", "fi")

    def __init__(
        self, kind: int, code: int, start: int, remaining: int, slot: int, span: Optional[Span]
    ) -> None:
        self.kind = kind
        self.code = code
        self.start = start
        self.remaining = remaining
        self.slot = slot
        self.span = span
        self.items: list[Any] = []
        self.weight = 1
        self.fi = 0  # next field index, for code frames


def loads(
    data: Union[bytes, bytearray, memoryview],
    version: VersionInfo,
    *,
    trusted: bool = False,
    max_memory: Optional[int] = None,
) -> Any:
    """Return the object marshalled in ``data`` (read from its start) for ``version``.

    Raises :class:`~bytescope.errors.BytescopeError` subclasses on malformed
    data.  Trailing bytes after the object are ignored, as CPython does.
    ``trusted``, ``max_memory``: see :func:`read`.
    """
    return read(data, version, trusted=trusted, max_memory=max_memory).value


def read(
    data: Union[bytes, bytearray, memoryview],
    version: VersionInfo,
    offset: int = 0,
    *,
    record: bool = False,
    base_offset: int = 0,
    trusted: bool = False,
    max_memory: Optional[int] = None,
) -> ReadResult:
    """Read one marshalled object from ``data`` at ``offset``.

    Returns a :class:`ReadResult` with the object, the offset just past it,
    the reference table (3.4+) and, with ``record=True``, the annotated
    :class:`~.span.Span` list in stream order.  ``base_offset`` is added to every
    offset in errors and spans (the position of ``data`` within a file).

    Raises :class:`TruncatedData` when the data ends early,
    :class:`BadMarshal` on malformed data and :class:`LimitExceeded` when the
    nesting or expansion limits are passed.  On error, ``exc.partial`` holds
    the spans recorded so far (with ``record=True``).

    ``max_memory`` is the memory (estimated bytes) the objects read may take
    before :class:`LimitExceeded` stops an allocation bomb; by default
    16 MB + 8 bytes per input byte (:func:`.limits.alloc_budget`).  A large file of
    many tiny objects (a long list of short strings) can need more: pass a
    larger figure for files you know.

    ``trusted=True`` lets the host's C ``marshal`` read a code object when
    ``version`` is the host's own format (see :mod:`.host`): much faster, but
    only for data you trust -- CPython's unmarshaller is not hardened against
    hostile input.  The value is then a :class:`~.host.HostCode` (equal to
    what the checked reader returns) and ``refs`` is empty.  Anything else
    (another version, ``record=True``, data the host refuses, bytes after the
    object, a top-level object that is not code) uses the normal reader.
    """
    buf = bytes(data)
    abudget = alloc_budget(len(buf)) if max_memory is None else max_memory
    if trusted and not record:
        fast = _read_host()(buf, version, offset, base_offset)
        if fast is not None:
            return fast
    if not record:
        try:
            return _read_fast(buf, version, offset, abudget)
        except Exception:  # noqa: S110 - the checked reader below decides and explains
            pass
    spans: Optional[list[Span]] = [] if record else None
    try:
        return _read_checked(buf, version, offset, spans, base_offset, abudget)
    except (BadMarshal, TruncatedData) as exc:
        if spans is not None and exc.partial is None:
            exc.partial = spans
        raise


def _read_host() -> Any:
    """Return :func:`.host.read_host` (imported on first use: it imports this module)."""
    global _READ_HOST
    if _READ_HOST is None:
        from .host import read_host

        _READ_HOST = read_host
    return _READ_HOST


_READ_HOST: Any = None


def _read_checked(
    data: bytes,
    version: VersionInfo,
    pos: int,
    spans: Optional[list[Span]],
    base: int,
    abudget: int,
) -> ReadResult:
    n = len(data)
    code_char = version.code_type_code  # 'c' ('C' before Python 1.3)
    allowed = version.marshal_codes
    uses_refs = version.uses_refs
    py2 = version.is_py2
    layout = version.code_layout
    layout_len = len(layout)
    layout_kinds = tuple(kind for _name, kind in layout)
    keeps_interned = version.uses_string_refs
    refs: list[Any] = []
    refs_weight: list[int] = []
    interned: list[Any] = []
    stack: list[_Frame] = []
    budget = EXPANSION_FLOOR + EXPANSION_PER_BYTE * n
    alloc = 0
    recording = spans is not None
    label = ""
    unpack_i32 = I32.unpack_from
    unpack_u32 = U32.unpack_from
    unset = UNSET

    def truncated(at: int, what: str) -> TruncatedData:
        return TruncatedData(
            f"marshal data is truncated ({n - at} byte(s) left)", offset=base + at, expected=what
        )

    def need(at: int, size: int, what: str) -> None:
        if at + size > n:
            raise truncated(at, what)

    while True:
        value: Any = None
        weight = 1
        # ---- read the header byte of one object -------------------------
        if pos >= n:
            raise truncated(pos, "a marshal type code")
        start = pos
        byte = data[pos]
        pos += 1
        code = byte & 0x7F
        flag = byte & FLAG_REF
        if code not in allowed:
            if chr(code) in TYPE_NAMES:
                raise BadMarshal(
                    f"type code {chr(code)!r} ({TYPE_NAMES[chr(code)]}) does not exist in "
                    f"marshal version {version.marshal_version} ({version.name})",
                    offset=base + start,
                    expected="a type code of that marshal version",
                )
            raise BadMarshal(
                f"unknown marshal type code 0x{byte:02x}",
                offset=base + start,
                expected="a marshal type code",
            )
        if flag and not uses_refs:
            raise BadMarshal(
                f"FLAG_REF set on type code {chr(code)!r} but {version.name} marshal has no "
                "references",
                offset=base + start,
                expected="a type code without bit 0x80",
            )
        span = None
        if recording:
            span = Span(base + start, chr(code), bool(flag), len(stack), label)
            spans.append(span)  # type: ignore[union-attr]
            if stack and stack[-1].span is not None:
                parent = stack[-1].span
                if parent.children:
                    parent.children.append(span)  # type: ignore[attr-defined]
                else:  # leaves keep the shared empty tuple: most spans are leaves
                    parent.children = [span]
        frame: Optional[_Frame] = None

        # ---- scalars ------------------------------------------------------
        if code == 0x7A or code == 0x5A:  # 'z', 'Z' short ascii
            need(pos, 1, "a 1-byte length")
            size = data[pos]
            pos += 1
            need(pos, size, f"{size} bytes of short ascii string")
            value = data[pos : pos + size].decode("latin-1")
            pos += size
        elif code == 0x72:  # 'r' ref
            need(pos, 4, "a 4-byte reference index")
            idx = unpack_u32(data, pos)[0]
            pos += 4
            if idx >= len(refs):
                raise BadMarshal(
                    f"reference to index {idx}, but only {len(refs)} object(s) were flagged",
                    offset=base + start,
                    expected="an index of an object already read",
                )
            value = refs[idx]
            if value is unset:
                raise BadMarshal(
                    f"reference to index {idx}, an object still under construction "
                    "(self-referential data)",
                    offset=base + start,
                    expected="a reference to a completed object",
                )
            weight = refs_weight[idx]
            flag = 0  # CPython registers nothing for a flagged reference
            if span is not None:
                span.target = idx
        elif code == 0x4E:  # 'N'
            value = None
            flag = 0  # singletons are never registered, flag or not
        elif code == 0x69:  # 'i'
            need(pos, 4, "a 4-byte int")
            value = unpack_i32(data, pos)[0]
            pos += 4
        elif code in (0x73, 0x74, 0x75, 0x61, 0x41):  # 's' 't' 'u' 'a' 'A'
            need(pos, 4, "a 4-byte length")
            size = unpack_u32(data, pos)[0]
            pos += 4
            if size > 0x7FFFFFFF:
                raise BadMarshal(
                    f"string length {size} is negative as a signed 32-bit int",
                    offset=base + start + 1,
                    expected="a length between 0 and 2**31-1",
                )
            need(pos, size, f"{size} bytes of string data")
            raw = data[pos : pos + size]
            pos += size
            if code == 0x73:  # 's'
                value = raw
            elif code == 0x74:  # 't'
                value = raw if py2 else utf8(raw, base + start)
                if keeps_interned:
                    interned.append(value)
            elif code == 0x75:  # 'u'
                value = utf8(raw, base + start)
            else:  # 'a' 'A'
                value = raw.decode("latin-1")
            weight = 1 + (size >> 8)
        elif code == 0x29:  # ')' small tuple
            need(pos, 1, "a 1-byte tuple size")
            count = data[pos]
            pos += 1
            if count == 0:
                value = ()
            else:
                frame = _Frame(_SEQ, code, start, count, -1, span)
        elif code in (0x28, 0x5B, 0x3C, 0x3E):  # '(' '[' '<' '>'
            need(pos, 4, "a 4-byte item count")
            count = unpack_u32(data, pos)[0]
            pos += 4
            if count > n - pos:
                raise BadMarshal(
                    f"{TYPE_NAMES[chr(code)]} declares {count} items but only {n - pos} "
                    "byte(s) remain",
                    offset=base + start + 1,
                    expected="an item count the remaining data can hold",
                )
            if count == 0:
                value = empty_container(code)
            else:
                frame = _Frame(_SEQ, code, start, count, -1, span)
        elif code == code_char:  # 'c' code ('C' before Python 1.3)
            frame = _Frame(_CODE, code, start, layout_len, -1, span)
        elif code == 0x7B or code == 0x7D:  # '{' dict, '}' frozendict
            frame = _Frame(_DICT, code, start, -1, -1, span)
        elif code == 0x3A:  # ':' slice
            frame = _Frame(_SEQ, code, start, 3, -1, span)
        elif code == 0x52:  # 'R' stringref (Python 2.4 - 3.3)
            need(pos, 4, "a 4-byte interned-string index")
            idx = unpack_u32(data, pos)[0]
            pos += 4
            if idx >= len(interned):
                raise BadMarshal(
                    f"string reference to index {idx}, but only {len(interned)} "
                    "interned string(s) were read",
                    offset=base + start,
                    expected="an index of an interned string already read",
                )
            value = interned[idx]
            if span is not None:
                span.target = idx
        elif code == 0x54:  # 'T'
            value = True
            flag = 0
        elif code == 0x46:  # 'F'
            value = False
            flag = 0
        elif code == 0x2E:  # '.'
            value = Ellipsis
            flag = 0
        elif code == 0x53:  # 'S'
            value = StopIteration
            flag = 0
        elif code == 0x67:  # 'g'
            need(pos, 8, "an 8-byte binary float")
            value = F64.unpack_from(data, pos)[0]
            pos += 8
        elif code == 0x79:  # 'y'
            need(pos, 16, "a 16-byte binary complex")
            value = complex(*F64_PAIR.unpack_from(data, pos))
            pos += 16
        elif code == 0x6C:  # 'l'
            value, pos = read_long(data, pos, base, start, need)
            if py2:
                value = Py2Long(value)
            weight = 1 + (pos - start) // 64
        elif code == 0x49:  # 'I'
            need(pos, 8, "an 8-byte int")
            value = I64.unpack_from(data, pos)[0]
            pos += 8
        elif code == 0x66:  # 'f'
            text, pos = read_float_text(data, pos, base, need)
            value = TextFloat(text)
        elif code == 0x78:  # 'x'
            real, pos = read_float_text(data, pos, base, need)
            imag, pos = read_float_text(data, pos, base, need)
            value = TextComplex(real, imag)
        elif code == 0x30:  # '0' NULL
            if stack and stack[-1].kind == _DICT:
                value = NULL
                flag = 0
            else:
                raise BadMarshal(
                    "NULL object outside a dict",
                    offset=base + start,
                    expected="an object (NULL only ends a dict)",
                )
        else:  # pragma: no cover - every allowed code is handled above
            raise BadMarshal(f"unhandled type code {chr(code)!r}", offset=base + start)

        # ---- charge what was made against the allocation budget ----------
        if frame is None:
            cost = scalar_cost(code, value, pos - start, py2)
        elif frame.kind == _CODE:
            cost = COST_CODE
        elif frame.kind == _SEQ:
            cost = CONTAINER_COST[code][0] + CONTAINER_COST[code][1] * frame.remaining
        else:
            cost = CONTAINER_COST[code][0]
        alloc += cost
        if alloc > abudget:
            raise _overspent(abudget, base + start)

        # ---- containers: push a frame and read its first item -------------
        if frame is not None:
            if len(stack) >= MAX_DEPTH:
                raise LimitExceeded(
                    f"marshal data nests deeper than {MAX_DEPTH} levels",
                    offset=base + start,
                    expected="nesting within CPython's own limit",
                )
            if flag:
                frame.slot = len(refs)
                refs.append(unset)
                refs_weight.append(0)
                if span is not None:
                    span.ref_index = frame.slot
            stack.append(frame)
            if frame.kind == _CODE:
                pos = _code_ints(frame, layout, data, pos, base, need)
                if frame.fi == layout_len:  # a layout with no object fields
                    value = _finish(frame, version, base)
                    stack.pop()
                else:
                    if recording:
                        label = "co_" + layout[frame.fi][0]
                    continue
            else:
                if recording:
                    label = "[0]" if frame.kind == _SEQ else "key"
                continue
        elif flag:
            if span is not None:
                span.ref_index = len(refs)
            refs.append(value)
            refs_weight.append(weight)

        if span is not None:
            span.end = base + pos
            span.value = value

        # ---- hand the finished object to its parents -------------------------
        while stack:
            top = stack[-1]
            top.weight += weight
            kind = top.kind
            if kind == _SEQ:
                top.items.append(value)
                top.remaining -= 1
                if top.remaining:
                    if recording:
                        label = f"[{len(top.items)}]"
                    break
            elif kind == _DICT:
                if value is NULL:
                    if len(top.items) % 2:
                        top.items.pop()  # CPython drops a key whose value is NULL
                else:
                    top.items.append(value)
                    alloc += CONTAINER_COST[top.code][1]
                    if alloc > abudget:
                        raise _overspent(abudget, base + top.start)
                    if recording:
                        label = "value" if len(top.items) % 2 else "key"
                    break
            else:  # _CODE
                top.items.append(value)
                top.fi += 1
                if top.fi < layout_len and layout_kinds[top.fi] != "o":
                    pos = _code_ints(top, layout, data, pos, base, need)
                if top.fi < layout_len:
                    if recording:
                        label = "co_" + layout[top.fi][0]
                    break
            # the frame is complete
            stack.pop()
            if top.weight > budget:
                raise _bomb(budget, base + top.start)
            value = _finish(top, version, base)
            weight = top.weight
            if top.slot >= 0:
                refs[top.slot] = value
                refs_weight[top.slot] = weight
            if top.span is not None:
                top.span.end = base + pos
                top.span.value = value
        else:
            return ReadResult(value, pos, refs, spans, interned)


def _overspent(budget: int, offset: int) -> LimitExceeded:
    return LimitExceeded(
        f"objects read need more than {budget} estimated bytes of memory, out of proportion "
        "to the data size (an allocation bomb? for a file you know, allow more with "
        "max_memory=, on the command line --max-memory MB)",
        offset=offset,
        expected="objects whose memory is proportional to the data size",
    )


def _bomb(budget: int, offset: int) -> LimitExceeded:
    return LimitExceeded(
        f"object graph expands past {budget} nodes through references (reference bomb?)",
        offset=offset,
        expected="an object graph proportional to the data size",
    )




def _code_ints(
    frame: _Frame, layout: tuple[Field, ...], data: bytes, pos: int, base: int, need: Need
) -> int:
    """Read the integer fields at the frame's current position in the layout."""
    fi = frame.fi
    items = frame.items
    while fi < len(layout):
        kind = layout[fi][1]
        if kind == "i":
            need(pos, 4, f"code field co_{layout[fi][0]} (4-byte int)")
            items.append(I32.unpack_from(data, pos)[0])
            pos += 4
        elif kind == "h":
            need(pos, 2, f"code field co_{layout[fi][0]} (2-byte int)")
            items.append(H16.unpack_from(data, pos)[0])
            pos += 2
        else:
            break
        fi += 1
    frame.fi = fi
    return pos


def _finish(frame: _Frame, version: VersionInfo, base: int) -> Any:
    if frame.kind == _CODE:
        return _make_code(frame, version, base)
    return make_container(frame.code, frame.items, base + frame.start)


def _make_code(frame: _Frame, version: VersionInfo, base: int) -> Any:
    plan = code_plan(version)
    problem = plan.problem(frame.items)
    if problem is not None:
        message, expected = problem
        raise BadMarshal(message, offset=base + frame.start, expected=expected)
    try:
        return plan.make(version, frame.items)
    except BadCode as exc:  # localsplus names and kinds disagree
        raise BadMarshal(f"invalid code object: {exc}", offset=base + frame.start) from None


# The plain path lives in its own module (compiled by the optional mypyc build).
from ._fast import read_fast as _read_fast  # noqa: E402
