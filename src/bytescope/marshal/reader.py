"""Cross-version marshal reader: iterative, bounds-checked, table-driven.

:func:`loads` reads one object (usually a code object) from marshal data of
any Python version, described by a :class:`~bytescope.versions.VersionInfo`.
It never recurses (containers are an explicit stack), checks every declared
length against the bytes that remain before reading, and caps nesting depth
and the *expanded* size of the object graph (a chain of references can make a
1 KB stream stand for gigabytes).  Any malformed input raises a
:class:`~bytescope.errors.BytescopeError` naming the offset.

With ``record=True`` the reader also returns a :class:`Span` per object in
stream order (offset, length, type code, FLAG_REF, ref index, nesting): the
annotated dump shows them, and the writer replays them to write the same
bytes again.

Two paths: without ``record``, :func:`read` first tries the fast path in
:mod:`._fast` (compiled by the optional mypyc build), which gives up at
anything unusual; the checked path here (``_read_checked``) then reads the
same bytes and decides -- it alone words errors and records spans.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass, field, fields
from typing import Any, Optional, Sequence, Union

from ..code import LIST_FIELDS
from ..code import Code as _Code
from ..errors import BadMarshal, LimitExceeded, TruncatedData
from ..values import (
    EMPTY_FROZENSET,
    FrozenDict,
    OrderedFrozenset,
    OrderedSet,
    Py2Long,
    TextComplex,
    TextFloat,
)
from ..versions import VersionInfo

FLAG_REF = 0x80

#: CPython's own limit (MAX_MARSHAL_STACK_DEPTH); no real pyc nests deeper.
MAX_DEPTH = 2000
#: Expanded-size budget: nodes the object graph may stand for when every
#: reference is counted as a copy of its target.
EXPANSION_FLOOR = 2_000_000
EXPANSION_PER_BYTE = 32
#: Allocation budget, in estimated bytes of host memory, for the objects one
#: read creates: a floor plus so much per input byte.  Every object the reader
#: makes (not a shared one: None, (), the empty frozenset, a reference) is
#: charged an estimate of its size (``COST_*`` below) before the next one is
#: read, so that cheap-to-encode objects (a 2-byte empty dict costs 64 bytes)
#: cannot make memory grow past a multiple of the file size.  Real pycs cost
#: about 2-4 estimated bytes per input byte (whole-stdlib corpora, a generated
#: 20 MB module); 8 leaves a margin while keeping the peak under 10 x size + 20 MB.
ALLOC_FLOOR = 16_000_000
ALLOC_PER_BYTE = 8
#: Per-object estimates (64-bit CPython): a str header, a bytes header, an
#: int, a rare scalar (float, complex, long: plus its byte length), a code
#: object (the ``Code`` instance, its attribute dict and field tuple).
COST_STR = 56
COST_BYTES = 40
COST_INT = 32
COST_RARE = 64
COST_CODE = 800
#: Containers: (fixed cost, cost per item) by type code.  A tuple's items sit
#: in a list and in the tuple at once while it is made; a set keeps a hash
#: table, an order tuple and a list; a dict item is charged per key and per value.
CONTAINER_COST: dict[int, tuple[int, int]] = {
    0x28: (48, 16),  # ( tuple
    0x29: (48, 16),  # ) small tuple
    0x5B: (64, 9),  # [ list
    0x3C: (600, 64),  # < set
    0x3E: (280, 64),  # > frozenset
    0x7B: (64, 72),  # { dict
    0x7D: (128, 72),  # } frozendict
    0x3A: (56, 8),  # : slice
}
#: What an empty counted container costs: (), and the empty frozenset are shared.
EMPTY_COST: dict[int, int] = {0x28: 0, 0x29: 0, 0x3E: 0, 0x5B: 64, 0x3C: 600}

_I32 = struct.Struct("<i")
_U32 = struct.Struct("<I")
_I64 = struct.Struct("<q")
_H16 = struct.Struct("<h")
_D = struct.Struct("<d")
_DD = struct.Struct("<dd")

# Frame kinds on the explicit stack.
_SEQ = 0  # tuple, list, set, frozenset, slice: a counted run of items
_DICT = 1  # dict, frozendict: key/value pairs up to a NULL
_CODE = 2  # a code object: the version's field layout

TYPE_NAMES: dict[str, str] = {
    "0": "NULL",
    "N": "None",
    "F": "False",
    "T": "True",
    "S": "StopIteration",
    ".": "Ellipsis",
    "i": "int",
    "I": "int64",
    "f": "float (text)",
    "g": "float",
    "x": "complex (text)",
    "y": "complex",
    "l": "long",
    "s": "string",
    "t": "interned",
    "R": "stringref",
    "r": "ref",
    "(": "tuple",
    ")": "small tuple",
    "[": "list",
    "{": "dict",
    "c": "code",
    "C": "code (Python 1.0-1.2)",
    "u": "unicode",
    "<": "set",
    ">": "frozenset",
    "a": "ascii",
    "A": "ascii interned",
    "z": "short ascii",
    "Z": "short ascii interned",
    ":": "slice",
    "}": "frozendict",
}


def _slotted(cls: Any) -> Any:
    """Return dataclass ``cls`` remade with ``__slots__`` (what 3.10's ``slots=True`` does).

    A dump records one Span per marshalled object: without an instance dict
    each costs about half the memory.
    """
    names = tuple(f.name for f in fields(cls))
    body = {k: v for k, v in cls.__dict__.items() if k not in names}
    body.pop("__dict__", None)
    body.pop("__weakref__", None)
    body["__slots__"] = names
    return type(cls)(cls.__name__, cls.__bases__, body)


@_slotted
@dataclass
class Span:
    """One object of an annotated marshal stream.

    ``offset``/``end`` delimit its bytes; ``code`` is the type character;
    ``flag_ref`` tells whether FLAG_REF was set and ``ref_index`` the index
    it was given; ``target`` is the index a ``r``/``R`` reference points to;
    ``depth`` the nesting level; ``label`` what the object is to its parent
    (``co_consts``, ``[3]``, ``key``); ``value`` the object read.
    """

    offset: int
    code: str
    flag_ref: bool
    depth: int
    label: str = ""
    end: int = -1
    ref_index: Optional[int] = None
    target: Optional[int] = None
    value: Any = field(default=None, repr=False)
    children: Sequence[Span] = field(default=(), repr=False)

    @property
    def type_name(self) -> str:
        """Readable name of the type code (``"short ascii"``)."""
        return TYPE_NAMES.get(self.code, "unknown")


@dataclass
class ReadResult:
    """What :func:`read` returns: the object, where it ended, and side tables."""

    value: Any
    end: int
    refs: list[Any]
    spans: Optional[list[Span]] = None
    interned: Optional[list[Any]] = None


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


class _Unset:
    """Placeholder for a reserved reference slot whose object is still being built."""

    __repr__ = lambda self: "<under construction>"  # noqa: E731


_UNSET = _Unset()


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
    :class:`Span` list in stream order.  ``base_offset`` is added to every
    offset in errors and spans (the position of ``data`` within a file).

    Raises :class:`TruncatedData` when the data ends early,
    :class:`BadMarshal` on malformed data and :class:`LimitExceeded` when the
    nesting or expansion limits are passed.  On error, ``exc.partial`` holds
    the spans recorded so far (with ``record=True``).

    ``max_memory`` is the memory (estimated bytes) the objects read may take
    before :class:`LimitExceeded` stops an allocation bomb; by default
    16 MB + 8 bytes per input byte (:func:`alloc_budget`).  A large file of
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
    unpack_i32 = _I32.unpack_from
    unpack_u32 = _U32.unpack_from
    unset = _UNSET

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
                value = raw if py2 else _utf8(raw, base + start)
                if keeps_interned:
                    interned.append(value)
            elif code == 0x75:  # 'u'
                value = _utf8(raw, base + start)
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
                value = _empty(code)
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
            value = _D.unpack_from(data, pos)[0]
            pos += 8
        elif code == 0x79:  # 'y'
            need(pos, 16, "a 16-byte binary complex")
            value = complex(*_DD.unpack_from(data, pos))
            pos += 16
        elif code == 0x6C:  # 'l'
            value, pos = _read_long(data, pos, base, start, need)
            if py2:
                value = Py2Long(value)
            weight = 1 + (pos - start) // 64
        elif code == 0x49:  # 'I'
            need(pos, 8, "an 8-byte int")
            value = _I64.unpack_from(data, pos)[0]
            pos += 8
        elif code == 0x66:  # 'f'
            text, pos = _read_float_text(data, pos, base, need)
            value = TextFloat(text)
        elif code == 0x78:  # 'x'
            real, pos = _read_float_text(data, pos, base, need)
            imag, pos = _read_float_text(data, pos, base, need)
            value = TextComplex(real, imag)
        elif code == 0x30:  # '0' NULL
            if stack and stack[-1].kind == _DICT:
                value = _NULL
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
            cost = _scalar_cost(code, value, pos - start, py2)
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
                if value is _NULL:
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


def alloc_budget(size: int) -> int:
    """Return the allocation budget (estimated bytes) for reading ``size`` input bytes."""
    return ALLOC_FLOOR + ALLOC_PER_BYTE * size


def _scalar_cost(code: int, value: Any, nbytes: int, py2: bool) -> int:
    """Return the estimated memory cost of a non-container object of ``nbytes`` bytes.

    Shared objects (None, True, (), the empty frozenset, a reference's target)
    cost nothing; the fast path in :mod:`._fast` charges the same amounts.
    """
    if code == 0x7A or code == 0x5A:  # z Z
        return COST_STR + nbytes - 2
    if code == 0x61 or code == 0x41:  # a A
        return COST_STR + nbytes - 5
    if code == 0x73 or (code == 0x74 and py2):  # s, Python 2 t
        return COST_BYTES + nbytes - 5
    if code == 0x74 or code == 0x75:  # t u: UTF-8 may widen to 4 bytes a character
        return sys.getsizeof(value)
    if code == 0x69:  # i
        return COST_INT
    if code in _RARE_CODES:
        return COST_RARE + nbytes
    return EMPTY_COST.get(code, 0)


_RARE_CODES = frozenset(b"gylIfx")


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




class _Null:
    __slots__ = ()


_NULL = _Null()


def _empty(code: int) -> Any:
    if code == 0x28:
        return ()
    if code == 0x5B:
        return []
    if code == 0x3C:
        return OrderedSet()
    return EMPTY_FROZENSET


def _utf8(raw: bytes, offset: int) -> str:
    try:
        return raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise BadMarshal(
            f"string is not valid UTF-8 ({exc.reason} at byte {exc.start})",
            offset=offset,
            expected="UTF-8 text",
        ) from None


def _read_float_text(data: bytes, pos: int, base: int, need: Any) -> tuple[bytes, int]:
    need(pos, 1, "a 1-byte float text length")
    size = data[pos]
    pos += 1
    need(pos, size, f"{size} bytes of float text")
    text = data[pos : pos + size]
    try:
        # CPython parses the whole text with PyOS_string_to_double: no
        # surrounding whitespace and no digit-group underscores (which
        # Python's float() would accept).
        if text != text.strip() or b"_" in text:
            raise ValueError
        float(text.decode("latin-1"))
    except ValueError:
        raise BadMarshal(
            f"float text {text!r} is not a number", offset=base + pos - 1, expected="a float"
        ) from None
    return text, pos + size


def _read_long(data: bytes, pos: int, base: int, start: int, need: Any) -> tuple[int, int]:
    need(pos, 4, "a 4-byte digit count")
    count = _I32.unpack_from(data, pos)[0]
    pos += 4
    size = abs(count)
    if size * 2 > len(data) - pos:
        raise BadMarshal(
            f"long declares {size} digits but only {len(data) - pos} byte(s) remain",
            offset=base + start + 1,
            expected="a digit count the remaining data can hold",
        )
    digits = struct.unpack_from(f"<{size}H", data, pos)
    pos += size * 2
    if size and digits[-1] == 0:
        raise BadMarshal(
            "unnormalized long data (top digit is zero)",
            offset=base + pos - 2,
            expected="a non-zero top digit",
        )
    if any(d >= 0x8000 for d in digits):
        raise BadMarshal(
            "digit out of range in long", offset=base + start, expected="15-bit digits"
        )
    if size <= 4:
        value = 0
        for d in reversed(digits):
            value = (value << 15) | d
    else:
        # Linear for any size: base-2 parsing is O(n) in CPython.
        value = int("".join(format(d, "015b") for d in reversed(digits)), 2)
    return (-value if count < 0 else value), pos


def _code_ints(frame: _Frame, layout: Any, data: bytes, pos: int, base: int, need: Any) -> int:
    """Read the integer fields at the frame's current position in the layout."""
    fi = frame.fi
    items = frame.items
    while fi < len(layout):
        kind = layout[fi][1]
        if kind == "i":
            need(pos, 4, f"code field co_{layout[fi][0]} (4-byte int)")
            items.append(_I32.unpack_from(data, pos)[0])
            pos += 4
        elif kind == "h":
            need(pos, 2, f"code field co_{layout[fi][0]} (2-byte int)")
            items.append(_H16.unpack_from(data, pos)[0])
            pos += 2
        else:
            break
        fi += 1
    frame.fi = fi
    return pos


def _finish(frame: _Frame, version: VersionInfo, base: int) -> Any:
    code = frame.code
    items = frame.items
    if frame.kind == _SEQ:
        if code in (0x28, 0x29):
            return tuple(items)
        if code == 0x5B:
            return items
        if code == 0x3E:
            return _hashable(OrderedFrozenset, items, frame, base)
        if code == 0x3C:
            return _hashable(OrderedSet, items, frame, base)
        return slice(*items)  # ':'
    if frame.kind == _DICT:
        pairs = list(zip(items[0::2], items[1::2]))
        try:
            return dict(pairs) if code == 0x7B else FrozenDict(pairs)
        except TypeError as exc:
            raise BadMarshal(
                f"unhashable dict key ({exc})", offset=base + frame.start, expected="hashable keys"
            ) from None
        except RecursionError:
            raise _too_deep_to_hash(frame, base) from None
    return _make_code(frame, version, base)


def _hashable(cls: Any, items: list[Any], frame: _Frame, base: int) -> Any:
    try:
        return cls(items)
    except TypeError as exc:
        raise BadMarshal(
            f"unhashable set item ({exc})", offset=base + frame.start, expected="hashable items"
        ) from None
    except RecursionError:
        raise _too_deep_to_hash(frame, base) from None


def _too_deep_to_hash(frame: _Frame, base: int) -> LimitExceeded:
    # Hashing a set item or dict key recurses through nested objects (tuples,
    # code objects); items nested too deeply for the host's stack are refused.
    return LimitExceeded(
        "set item or dict key nested too deeply to hash",
        offset=base + frame.start,
        expected="hashable items of moderate nesting depth",
    )


def _make_code(frame: _Frame, version: VersionInfo, base: int) -> Any:
    attrs, checks = _code_plan(version)
    items = frame.items
    for index, types, want in checks:
        value = items[index]
        if not isinstance(value, types):
            raise BadMarshal(
                f"code object field {attrs[index]} is {type(value).__name__}",
                offset=base + frame.start,
                expected=want,
            )
    indexes, text_types = _name_tuples(version)
    for index in indexes:
        for name in items[index] or ():
            if not isinstance(name, text_types):
                # CPython refuses these too ("non-string found in code slot").
                raise BadMarshal(
                    f"code object field {attrs[index]} holds a {type(name).__name__}",
                    offset=base + frame.start,
                    expected="a tuple of strings",
                )
    try:
        return _Code._from_layout(version, attrs, items)
    except BadMarshal:
        raise
    except Exception as exc:  # BadCode from localsplus checks
        raise BadMarshal(f"invalid code object: {exc}", offset=base + frame.start) from None


_PLANS: dict[
    tuple[str, str, bool, bool], tuple[tuple[str, ...], tuple[tuple[int, Any, str], ...]]
] = {}


def _code_plan(
    version: VersionInfo,
) -> tuple[tuple[str, ...], tuple[tuple[int, Any, str], ...]]:
    """Model attribute names of the layout's fields, and the type check of each object field."""
    key = (version.code_layout_name, version.strings, version.code_lists, version.byte_names)
    plan = _PLANS.get(key)
    if plan is None:
        from ..code import LAYOUT_TO_ATTR

        attrs = tuple(LAYOUT_TO_ATTR[name] for name, _kind in version.code_layout)
        text_types = version.name_types
        checks = []
        for index, attr in enumerate(attrs):
            if version.code_lists and attr in LIST_FIELDS:
                checks.append((index, list, "a list"))
            elif attr in _TUPLE_FIELDS:
                # Python 1.x/2.x accepted None for an absent name tuple (never
                # for co_consts, which every version's code object iterates).
                none_ok = version.is_py2 and attr in _NAME_TUPLE_FIELDS
                allowed = (tuple, type(None)) if none_ok else tuple
                checks.append((index, allowed, "a tuple"))
            elif attr in _BYTES_FIELDS:
                checks.append((index, bytes, "a bytes/string object"))
            elif attr in _NAME_FIELDS:
                checks.append((index, text_types, "a string"))
        plan = _PLANS[key] = (attrs, tuple(checks))
    return plan


_NAME_TUPLES: dict[tuple[str, tuple[type, ...]], tuple[tuple[int, ...], tuple[type, ...]]] = {}


def _name_tuples(version: VersionInfo) -> tuple[tuple[int, ...], tuple[type, ...]]:
    """Layout indexes of the fields that are tuples of names, and the types a name may have."""
    key = (version.code_layout_name, version.name_types)
    plan = _NAME_TUPLES.get(key)
    if plan is None:
        attrs, _checks = _code_plan(version)
        indexes = tuple(i for i, attr in enumerate(attrs) if attr in _NAME_TUPLE_FIELDS)
        plan = _NAME_TUPLES[key] = (indexes, version.name_types)
    return plan


#: Tuples whose items CPython interns as names: every item must be a string.
_NAME_TUPLE_FIELDS = (
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_localsplusnames",
)
_TUPLE_FIELDS = (
    "co_consts",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_localsplusnames",
)
_BYTES_FIELDS = ("co_code", "co_linetable", "co_exceptiontable", "co_localspluskinds")
_NAME_FIELDS = ("co_filename", "co_name", "co_qualname")


# The plain path lives in its own module (compiled by the optional mypyc build);
# it uses the helpers above, so it is imported once they exist.
from ._fast import read_fast as _read_fast  # noqa: E402
