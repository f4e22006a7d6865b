"""Cross-version marshal writer: the inverse of :mod:`bytescope.marshal.reader`.

:func:`dumps` writes any object tree the reader produces (``Code`` included)
in the marshal format of a given :class:`~bytescope.versions.VersionInfo`.

Two ways to choose type codes and references:

* **replay** -- given the :class:`~bytescope.marshal.reader.Span` list the
  reader recorded for the original stream, the writer uses, object by object,
  the same type code, the same FLAG_REF bits and the same reference indexes,
  so an unedited tree is written back byte for byte.  Where the tree no longer
  matches the recording (an edit), the writer checks each recorded choice
  against the object and falls back to the canonical choice from the first
  mismatch on;
* **canonical** -- what CPython would choose from the value alone: the
  shortest integer and string forms of that marshal version, interned
  strings written once and referenced after (``R`` on 2.4-3.3, FLAG_REF and
  ``r`` on 3.4+).

The writer is iterative (an explicit stack), like the reader.
"""

from __future__ import annotations

import struct
from typing import Any, Iterator, Optional

from ..errors import BytescopeError
from ..versions import VersionInfo
from .reader import FLAG_REF, Span
from .types import FrozenDict, OrderedFrozenset, Py2Long, TextComplex, TextFloat

_I32 = struct.Struct("<i")
_I64 = struct.Struct("<q")
_H16 = struct.Struct("<h")
_D = struct.Struct("<d")

_INT32 = range(-(2**31), 2**31)
_INT64 = range(-(2**63), 2**63)

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: Code fields whose strings CPython interns.
_INTERNED_FIELDS = frozenset(
    ("names", "varnames", "freevars", "cellvars", "localsplusnames", "name", "qualname")
)


class WriteError(BytescopeError):
    """An object cannot be written in the requested marshal format."""


def dumps(obj: Any, version: VersionInfo, *, spans: Optional[list[Span]] = None) -> bytes:
    """Return the marshal bytes of ``obj`` in ``version``'s format.

    ``spans`` (from :func:`bytescope.marshal.reader.read` with
    ``record=True``) makes the writer replay the recorded choices, for a
    byte-identical round trip.  Raises :class:`WriteError` for objects the
    format cannot hold (a set in marshal version 0, a slice before 3.14, ...).
    """
    return _Writer(version, spans).write(obj)


def dumps_like(pyc: Any) -> bytes:
    """Return the marshal stream of ``pyc.code``, replaying ``pyc``'s own recording.

    The recording comes from re-reading ``pyc.data``; when the pyc was built
    in memory (no data), the canonical choices are used.
    """
    spans = pyc.spans() if pyc.data else None
    return dumps(pyc.code, pyc.version, spans=spans)


class _Writer:
    def __init__(self, version: VersionInfo, spans: Optional[list[Span]]) -> None:
        self.version = version
        self.allowed = version.marshal_codes
        self.py2 = version.is_py2
        self.tape = spans
        self.pos = 0
        self.out = bytearray()
        # FLAG_REF bookkeeping (3.4+): index -> object, and canonical dedup maps.
        self.refs: list[Any] = []
        self.ref_by_key: dict[Any, int] = {}
        # Interned-string table (2.4 - 3.3): index -> string, and lookup.
        self.interned: list[Any] = []
        self.interned_index: dict[Any, int] = {}

    # ---- driver -------------------------------------------------------------

    def write(self, root: Any) -> bytes:
        stack: list[Iterator[tuple[Any, str]]] = [iter(((root, ""),))]
        while stack:
            try:
                obj, context = next(stack[-1])
            except StopIteration:
                stack.pop()
                continue
            if context == "\0raw":
                self.out += obj
                continue
            if context == "\0end":
                self._consume_terminator()
                self.out.append(0x30)  # '0'
                continue
            children = self._write_one(obj, context)
            if children is not None:
                stack.append(children)
        return bytes(self.out)

    # ---- tape -----------------------------------------------------------------

    def _next_span(self) -> Optional[Span]:
        tape = self.tape
        if tape is None:
            return None
        if self.pos >= len(tape):
            self.tape = None
            return None
        span = tape[self.pos]
        self.pos += 1
        return span

    def _consume_terminator(self) -> None:
        tape = self.tape
        if tape is None:
            return
        if self.pos < len(tape) and tape[self.pos].code == "0":
            self.pos += 1
        else:
            self.tape = None

    def _abandon(self) -> None:
        self.tape = None

    # ---- one object -------------------------------------------------------------

    def _write_one(self, obj: Any, context: str) -> Optional[Iterator[tuple[Any, str]]]:
        span = self._next_span()
        if span is not None:
            code = span.code
            if code == "r":
                target = span.target
                if target is not None and target < len(self.refs) and _same(
                    self.refs[target], obj
                ):
                    self.out.append(0x72)
                    self.out += _I32.pack(target)
                    return None
                self._abandon()
            elif code == "R":
                target = span.target
                if target is not None and target < len(self.interned) and _same(
                    self.interned[target], obj
                ):
                    self.out.append(0x52)
                    self.out += _I32.pack(target)
                    return None
                self._abandon()
            elif _fits(code, obj, self.py2):
                return self._emit(obj, code, span.flag_ref, context)
            else:
                self._abandon()
        return self._canonical(obj, context)

    def _canonical(self, obj: Any, context: str) -> Optional[Iterator[tuple[Any, str]]]:
        v = self.version
        interned = _wants_intern(obj, context)
        if v.uses_refs and _dedupable(obj, interned):
            key = (type(obj), obj) if not isinstance(obj, _Code()) else ("code", id(obj))
            index = self.ref_by_key.get(key)
            if index is not None:
                self.out.append(0x72)
                self.out += _I32.pack(index)
                return None
            code = _canonical_code(obj, v, interned)
            return self._emit(obj, code, True, context, key=key)
        if not self.py2 and v.marshal_version in (1, 2) and interned and isinstance(obj, str):
            index = self.interned_index.get(obj)
            if index is not None:
                self.out.append(0x52)
                self.out += _I32.pack(index)
                return None
        if self.py2 and v.marshal_version >= 1 and interned and isinstance(obj, bytes):
            index = self.interned_index.get(obj)
            if index is not None:
                self.out.append(0x52)
                self.out += _I32.pack(index)
                return None
        return self._emit(obj, _canonical_code(obj, v, interned), False, context)

    def _emit(
        self, obj: Any, code: str, flag: bool, context: str, key: Any = None
    ) -> Optional[Iterator[tuple[Any, str]]]:
        byte = ord(code)
        if byte not in self.allowed:
            raise WriteError(
                f"type code {code!r} for {type(obj).__name__} does not exist in marshal "
                f"version {self.version.marshal_version} ({self.version.name})"
            )
        out = self.out
        out.append(byte | (FLAG_REF if flag else 0))
        if flag:
            if key is not None:
                self.ref_by_key[key] = len(self.refs)
            self.refs.append(obj)
        if code in "NTF.S":
            return None
        if code == "i":
            out += _I32.pack(obj)
        elif code == "I":
            out += _I64.pack(obj)
        elif code == "l":
            out += _long_bytes(obj)
        elif code == "g":
            out += _D.pack(obj)
        elif code == "y":
            out += _D.pack(obj.real) + _D.pack(obj.imag)
        elif code == "f":
            out += _float_text(obj, getattr(obj, "text", None))
        elif code == "x":
            out += _float_text(obj.real, getattr(obj, "real_text", None))
            out += _float_text(obj.imag, getattr(obj, "imag_text", None))
        elif code in "stuaA":
            raw = _string_bytes(obj, code)
            out += _I32.pack(len(raw)) + raw
            if code == "t" and self.version.marshal_version in (1, 2):
                self.interned_index.setdefault(obj, len(self.interned))
                self.interned.append(obj)
        elif code in "zZ":
            raw = obj.encode("latin-1")
            out.append(len(raw))
            out += raw
        elif code == ")":
            out.append(len(obj))
            return self._items(obj)
        elif code in "([":
            out += _I32.pack(len(obj))
            return self._items(obj)
        elif code in "<>":
            items = _ordered(obj)
            out += _I32.pack(len(items))
            return self._items(items)
        elif code == ":":
            return self._items((obj.start, obj.stop, obj.step))
        elif code in "{}":
            return self._dict_items(obj)
        elif code == "c":
            return self._code_items(obj)
        else:  # pragma: no cover - _fits/_canonical_code only return known codes
            raise WriteError(f"cannot write type code {code!r}")
        return None

    # ---- children ------------------------------------------------------------

    @staticmethod
    def _items(items: Any) -> Iterator[tuple[Any, str]]:
        for item in items:
            yield item, ""

    @staticmethod
    def _dict_items(mapping: Any) -> Iterator[tuple[Any, str]]:
        for key, value in mapping.items():
            yield key, ""
            yield value, ""
        yield None, "\0end"

    def _code_items(self, code: Any) -> Iterator[tuple[Any, str]]:
        from ..code import LAYOUT_TO_ATTR

        for name, kind in self.version.code_layout:
            value = getattr(code, LAYOUT_TO_ATTR[name])
            if kind == "i":
                yield _I32.pack(value), "\0raw"
            elif kind == "h":
                yield _H16.pack(value), "\0raw"
            else:
                yield value, name


def _Code() -> type:
    from ..code import Code

    return Code


def _same(a: Any, b: Any) -> bool:
    return a is b or (type(a) is type(b) and a == b and not isinstance(a, float))


def _fits(code: str, obj: Any, py2: bool) -> bool:
    """Whether the recorded type ``code`` can still hold ``obj`` (after edits)."""
    t = type(obj)
    if code == "N":
        return obj is None
    if code == "T":
        return obj is True
    if code == "F":
        return obj is False
    if code == ".":
        return obj is Ellipsis
    if code == "S":
        return obj is StopIteration
    if t is bool:
        return False
    if code == "i":
        return isinstance(obj, int) and obj in _INT32 and not isinstance(obj, Py2Long)
    if code == "I":
        return isinstance(obj, int) and obj in _INT64 and not isinstance(obj, Py2Long)
    if code == "l":
        return isinstance(obj, int)
    if code in "gf":
        return isinstance(obj, float)
    if code in "yx":
        return isinstance(obj, complex)
    if code == "s":
        return isinstance(obj, bytes)
    if code == "t":
        return isinstance(obj, bytes) if py2 else isinstance(obj, str)
    if code == "u":
        return isinstance(obj, str)
    if code in "aA":
        return isinstance(obj, str) and _latin1(obj)
    if code in "zZ":
        return isinstance(obj, str) and len(obj) < 256 and _latin1(obj)
    if code == "(":
        return t is tuple
    if code == ")":
        return t is tuple and len(obj) < 256
    if code == "[":
        return isinstance(obj, list)
    if code == "{":
        return isinstance(obj, dict)
    if code == "<":
        return isinstance(obj, set)
    if code == ">":
        return isinstance(obj, frozenset)
    if code == ":":
        return t is slice
    if code == "}":
        return isinstance(obj, FrozenDict)
    if code == "c":
        return isinstance(obj, _Code())
    return False


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _wants_intern(obj: Any, context: str) -> bool:
    if context in _INTERNED_FIELDS:
        return True
    if isinstance(obj, (str, bytes)) and context not in ("filename", "code", "lnotab"):
        chars = obj.decode("latin-1") if isinstance(obj, bytes) else obj
        return bool(chars) and all(c in _NAME_CHARS for c in chars)
    return False


def _dedupable(obj: Any, interned: bool) -> bool:
    if isinstance(obj, str):
        return interned
    return isinstance(obj, _Code())


def _canonical_code(obj: Any, v: VersionInfo, interned: bool) -> str:
    if obj is None:
        return "N"
    if obj is True:
        return "T"
    if obj is False:
        return "F"
    if obj is Ellipsis:
        return "."
    if obj is StopIteration:
        return "S"
    if isinstance(obj, int):
        if isinstance(obj, Py2Long):
            return "l"
        if obj in _INT32:
            return "i"
        if v.is_py2 and obj in _INT64:
            return "I"
        return "l"
    if isinstance(obj, float):
        return "g" if v.marshal_version >= 2 and not isinstance(obj, TextFloat) else "f"
    if isinstance(obj, complex):
        return "y" if v.marshal_version >= 2 and not isinstance(obj, TextComplex) else "x"
    if isinstance(obj, bytes):
        if v.is_py2 and interned and v.marshal_version >= 1:
            return "t"
        return "s"
    if isinstance(obj, str):
        if v.is_py2:
            return "u"
        if v.marshal_version >= 3:
            if obj.isascii():
                if len(obj) < 256:
                    return "Z" if interned else "z"
                return "A" if interned else "a"
            return "t" if interned else "u"
        return "t" if interned and v.marshal_version >= 1 else "u"
    if isinstance(obj, tuple):
        return ")" if v.marshal_version >= 4 and len(obj) < 256 else "("
    if isinstance(obj, list):
        return "["
    if isinstance(obj, dict):
        return "{"
    if isinstance(obj, FrozenDict):
        return "}"
    if isinstance(obj, frozenset):
        return ">"
    if isinstance(obj, set):
        return "<"
    if isinstance(obj, slice):
        return ":"
    if isinstance(obj, _Code()):
        return "c"
    raise WriteError(f"cannot marshal a {type(obj).__name__} object")


def _ordered(obj: Any) -> tuple[Any, ...]:
    order = getattr(obj, "order", None)
    if order is not None and len(order) == len(obj) and all(x in obj for x in order):
        return tuple(order)
    return tuple(obj)


def _string_bytes(obj: Any, code: str) -> bytes:
    if isinstance(obj, bytes):
        return obj
    if code in "aA":
        return obj.encode("latin-1")
    return obj.encode("utf-8", "surrogatepass")


def _float_text(value: float, text: Optional[bytes]) -> bytes:
    if text is None:
        text = (b"%.17g" % value) if value == value else b"nan"
    return bytes((len(text),)) + text


def _long_bytes(value: int) -> bytes:
    negative = value < 0
    magnitude = -value if negative else value
    bits = format(magnitude, "b") if magnitude else ""
    # 15-bit digits, least significant first; slicing the binary text keeps this linear.
    digits = [int(bits[max(0, end - 15) : end], 2) for end in range(len(bits), 0, -15)]
    count = -len(digits) if negative else len(digits)
    return _I32.pack(count) + struct.pack(f"<{len(digits)}H", *digits)
