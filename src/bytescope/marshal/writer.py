"""Cross-version marshal writer: the inverse of :mod:`bytescope.marshal.reader`.

:func:`dumps` writes any object tree the reader produces (``Code`` included)
in the marshal format of a given :class:`~bytescope.versions.VersionInfo`.

Two ways to choose type codes and references:

* **replay** -- given the :class:`~bytescope.marshal.span.Span` list the
  reader recorded for the original stream, the writer uses, object by object,
  the same type code, the same FLAG_REF bits and the same reference indexes,
  so an unedited tree is written back byte for byte.  Each recorded choice is
  checked against the object first (a string that no longer fits a short
  form, a reference whose target is no longer *exactly* this object); from
  the first choice that does not fit, the writer falls back to the canonical
  choices;
* **canonical** -- what CPython would choose from the value alone: the
  shortest integer and string forms of that marshal version, interned
  strings written once and referenced after (``R`` on 2.4-3.3, FLAG_REF and
  ``r`` on 3.4+).

The writer is iterative (an explicit stack of pending objects), like the
reader, so any nesting depth is fine.  Hot paths dispatch on the exact type
and the type code; code objects are written from their stored fields.
"""

from __future__ import annotations

import operator
import re
import struct
from typing import Any, Callable, Optional

from ..code import FIELDS, Code
from ..errors import BytescopeError
from ..values import FrozenDict, Py2Long, TextComplex, TextFloat
from ..versions import VersionInfo
from .codeplan import code_plan
from .format import F64, F64_PAIR, FLAG_REF, I32, I64
from .span import Span

_pack_i32 = I32.pack

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1

_NAME_TEXT = re.compile(r"[A-Za-z0-9_]+\Z").match
_NAME_BYTES = re.compile(rb"[A-Za-z0-9_]+\Z").match
#: Code fields whose strings CPython interns (and their tuples' items).
_INTERNED_FIELDS = frozenset(
    ("names", "varnames", "freevars", "cellvars", "localsplusnames", "name", "qualname")
)
#: Code fields whose strings are never interned.
_PLAIN_FIELDS = frozenset(
    ("filename", "code", "lnotab", "linetable", "exceptiontable", "localspluskinds")
)

#: Type codes CPython never enters in the reference table, FLAG_REF or not
#: (``r_object`` returns the singleton without ``R_REF``).
_UNREFERENCED = frozenset("0NFT.S")

# Context markers on the pending stack (field names are str).
_RAW = 1  # bytes to copy as they are (packed int fields of a code object)
_END = 2  # the NULL ending a dict
_ITEM = ""


class WriteError(BytescopeError):
    """An object cannot be written in the requested marshal format."""


def dumps(obj: Any, version: VersionInfo, *, spans: Optional[list[Span]] = None) -> bytes:
    """Return the marshal bytes of ``obj`` in ``version``'s format.

    ``spans`` (from :func:`bytescope.marshal.reader.read` with
    ``record=True``) makes the writer replay the recorded choices, for a
    byte-identical round trip.  Raises :class:`WriteError` (with the output
    offset) for objects the format cannot hold (a set in marshal version 0, a
    slice before 3.14, an int too large for a code field ...).
    """
    return _Writer(version, spans).write(obj)


def same_object(a: Any, b: Any) -> bool:
    """Return True when ``a`` and ``b`` would marshal identically as values.

    Stricter than ``==``: types must match exactly at every level (``1``,
    ``True`` and ``1.0`` differ), floats compare by bits (``0.0`` and
    ``-0.0`` differ, NaNs match when their bits do), containers and code objects compare
    item by item.  Iterative.
    """
    pending = [(a, b)]
    while pending:
        x, y = pending.pop()
        if x is y:
            continue
        tx = type(x)
        if tx is not type(y) and not (isinstance(x, Code) and isinstance(y, Code)):
            return False  # (a Code and a trusted load's HostCode compare as code)
        if tx is str or tx is bytes or tx is int:
            if x != y:
                return False
        elif isinstance(x, float):
            if F64.pack(x) != F64.pack(y):  # by bits: -0.0 and NaN payloads count
                return False
            if isinstance(x, TextFloat) and x.text != y.text:
                return False
        elif isinstance(x, complex):
            if F64_PAIR.pack(x.real, x.imag) != F64_PAIR.pack(y.real, y.imag):
                return False
            if isinstance(x, TextComplex) and (x.real_text, x.imag_text) != (
                y.real_text, y.imag_text
            ):
                return False
        elif isinstance(x, (tuple, list)):
            if len(x) != len(y):
                return False
            pending.extend(zip(x, y))
        elif isinstance(x, Code):
            if x.version.key != y.version.key:
                return False
            pending.extend((getattr(x, name), getattr(y, name)) for name in FIELDS)
        elif isinstance(x, (frozenset, set)):
            ox, oy = _ordered(x), _ordered(y)
            if len(ox) != len(oy):
                return False
            pending.extend(zip(ox, oy))
        elif isinstance(x, (dict, FrozenDict)):
            if len(x) != len(y):
                return False
            pending.extend(zip(x.keys(), y.keys()))
            pending.extend(zip(x.values(), y.values()))
        elif isinstance(x, slice):
            pending.extend(((x.start, y.start), (x.stop, y.stop), (x.step, y.step)))
        elif x != y:
            return False
    return True


def _same_text_number(recorded: Any, obj: Any) -> bool:
    """True when ``obj`` is a plain float/complex with the bits of the recorded text one."""
    if type(obj) is float and isinstance(recorded, TextFloat):
        return F64.pack(obj) == F64.pack(recorded)
    if type(obj) is complex and isinstance(recorded, TextComplex):
        return F64_PAIR.pack(obj.real, obj.imag) == F64_PAIR.pack(recorded.real, recorded.imag)
    return False


def _same_ref(target: Any, obj: Any) -> bool:
    if target is obj:
        return True
    t = type(target)
    if t is not type(obj):
        return isinstance(target, Code) and isinstance(obj, Code) and same_object(target, obj)
    if t is str or t is bytes or t is int:
        return bool(target == obj)
    return same_object(target, obj)


class _Writer:
    def __init__(self, version: VersionInfo, spans: Optional[list[Span]]) -> None:
        self.version = version
        self.code_char = chr(version.code_type_code)
        self.allowed = version.marshal_codes
        self.py2 = version.is_py2
        self.mv = version.marshal_version
        self.uses_refs = version.uses_refs
        self.interns = version.uses_string_refs
        # Which canonical forms this format has (CPython picks the newest it has).
        allowed = self.allowed
        self.has_interned = 0x74 in allowed  # t (marshal 1+)
        self.has_binary_floats = 0x67 in allowed  # g y (marshal 2+)
        self.has_ascii = 0x7A in allowed  # a A z Z (marshal 4+)
        self.has_small_tuples = 0x29 in allowed  # ) (marshal 4+)
        self.tape = spans
        self.out = bytearray()
        # FLAG_REF bookkeeping (3.4+): index -> object, and canonical dedup keys.
        self.refs: list[Any] = []
        self.ref_by_key: dict[Any, int] = {}
        # Interned-string table (2.4 - 3.3): index -> string, and lookup.
        self.interned: list[Any] = []
        self.interned_index: dict[Any, int] = {}
        self.code_steps = _code_steps(version)

    # ---- driver -------------------------------------------------------------

    def write(self, root: Any) -> bytes:
        objs: list[Any] = [root]
        ctxs: list[Any] = [_ITEM]
        out = self.out
        tape = self.tape
        ntape = len(tape) if tape is not None else 0
        pos = 0
        fits = _FITS
        py2 = self.py2
        refs = self.refs
        ref_by_key = self.ref_by_key
        short_ok = 0x7A in self.allowed
        while objs:
            obj = objs.pop()
            ctx = ctxs.pop()
            if ctx.__class__ is int:
                if ctx == _RAW:
                    out += obj
                else:  # _END: the recorded NULL, if the recording has it here
                    if tape is not None:
                        if pos < ntape and tape[pos].code == "0":
                            pos += 1
                        else:
                            tape = self.tape = None
                    out.append(0x30)  # '0'
                continue
            if tape is not None:
                if pos < ntape:
                    span = tape[pos]
                    pos += 1
                    code = span.code
                    if code == "r":
                        target = span.target
                        if target is not None and 0 <= target < len(refs) and _same_ref(
                            refs[target], obj
                        ):
                            out.append(0xF2 if span.flag_ref else 0x72)  # flag: ignored
                            out += _pack_i32(target)
                            continue
                    elif (code == "Z" or code == "z") and short_ok:
                        # The commonest replayed object: inlined.
                        if type(obj) is str and len(obj) < 256 and (
                            obj.isascii() or obj == span.value
                        ):
                            raw = obj.encode("latin-1")
                            if span.flag_ref:
                                out.append(ord(code) | FLAG_REF)
                                ref_by_key.setdefault((str, obj), len(refs))
                                refs.append(obj)
                            else:
                                out.append(ord(code))
                            out.append(len(raw))
                            out += raw
                            continue
                        if self._replay_non_ascii(obj, span, ctx, objs, ctxs):
                            continue
                    elif code == "a" or code == "A":
                        if type(obj) is str and (obj.isascii() or obj == span.value):
                            self._emit(obj, code, span.flag_ref, ctx, None, objs, ctxs)
                            continue
                        if self._replay_non_ascii(obj, span, ctx, objs, ctxs):
                            continue
                    elif code == "R":
                        target = span.target
                        if target is not None and 0 <= target < len(self.interned) and _same_ref(
                            self.interned[target], obj
                        ):
                            out.append(0x52)
                            out += _pack_i32(target)
                            continue
                    else:
                        check = fits.get(code)
                        if check is not None and check(obj, py2):
                            recorded = span.value
                            if (code == "f" or code == "x") and _same_text_number(recorded, obj):
                                # A plain float (a trusted load's host value) for a
                                # recorded text float: write the recorded text.
                                self._emit(recorded, code, span.flag_ref, ctx, None, objs, ctxs)
                                if span.flag_ref:
                                    refs[-1] = obj
                                continue
                            self._emit(obj, code, span.flag_ref, ctx, None, objs, ctxs)
                            continue
                tape = self.tape = None
            self._canonical(obj, ctx, objs, ctxs)
        return bytes(out)

    def _replay_non_ascii(self, obj: Any, span: Span, ctx: Any,
                          objs: list[Any], ctxs: list[Any]) -> bool:
        """Write text edited from ASCII to non-ASCII where an ASCII type was recorded.

        CPython writes a non-ASCII ``str`` as ``'t'`` when it is interned and as
        ``'u'`` otherwise, never under an ASCII type code.  Whether the string
        was interned is what the recorded code says (``'Z'``/``'A'`` are the
        interned ASCII forms): an identifier stays one when renamed.  The
        recorded FLAG_REF is kept, so the references that follow stay in step
        with the recording.  Returns False (the recording no longer fits at
        all) for anything else.
        """
        if type(obj) is not str or obj.isascii():
            return False
        code = "t" if span.code in "ZA" else "u"
        self._emit(obj, code, span.flag_ref, ctx, None, objs, ctxs)
        return True

    # ---- one object -------------------------------------------------------------

    def _canonical(self, obj: Any, ctx: Any, objs: list[Any], ctxs: list[Any]) -> None:
        t = type(obj)
        if t is str or t is bytes:
            interned = ctx in _INTERNED_FIELDS or (
                ctx not in _PLAIN_FIELDS
                and (_NAME_TEXT(obj) if t is str else _NAME_BYTES(obj)) is not None
            )
        else:
            interned = False
        if self.uses_refs:
            if interned and t is str:
                key: Any = (t, obj)
            elif isinstance(obj, Code):
                key = ("code", id(obj))
            else:
                key = None
            if key is not None:
                index = self.ref_by_key.get(key)
                if index is not None:
                    self.out.append(0x72)
                    self.out += _pack_i32(index)
                    return
                code = _canonical_code(obj, self, interned)
                self._emit(obj, code, True, ctx, key, objs, ctxs)
                return
        elif interned and self.interns and (t is bytes if self.py2 else t is str):
            index = self.interned_index.get(obj)
            if index is not None:
                self.out.append(0x52)
                self.out += _pack_i32(index)
                return
        self._emit(obj, _canonical_code(obj, self, interned), False, ctx, None, objs, ctxs)

    def _emit(self, obj: Any, code: str, flag: bool, ctx: Any, key: Any,
              objs: list[Any], ctxs: list[Any]) -> None:
        byte = ord(code)
        out = self.out
        if byte not in self.allowed:
            raise WriteError(
                f"type code {code!r} for {type(obj).__name__} does not exist in marshal "
                f"version {self.mv} ({self.version.name})",
                offset=len(out),
            )
        out.append(byte | FLAG_REF if flag else byte)
        if flag and code not in _UNREFERENCED:
            if key is None:
                t = type(obj)
                if t is str:
                    key = (t, obj)
                elif isinstance(obj, Code):  # HostCode (trusted loads) too
                    key = ("code", id(obj))
            if key is not None:
                self.ref_by_key.setdefault(key, len(self.refs))
            self.refs.append(obj)
        if code in "zZ":
            raw = obj.encode("latin-1")
            out.append(len(raw))
            out += raw
        elif code in "stuaA":
            raw = _string_bytes(obj, code)
            out += _pack_i32(len(raw))
            out += raw
            if code == "t" and self.interns:
                self.interned_index.setdefault(obj, len(self.interned))
                self.interned.append(obj)
        elif code == ")":
            out.append(len(obj))
            self._push_items(obj, ctx, objs, ctxs)
        elif code == "(" or code == "[":
            out += _pack_i32(len(obj))
            self._push_items(obj, ctx, objs, ctxs)
        elif code == "i":
            out += _pack_i32(obj)
        elif code == self.code_char:
            self._push_code(obj, objs, ctxs)
        elif code in "NTF.S":
            pass
        elif code == "I":
            out += I64.pack(obj)
        elif code == "l":
            out += _long_bytes(obj)
        elif code == "g":
            out += F64.pack(obj)
        elif code == "y":
            out += F64_PAIR.pack(obj.real, obj.imag)
        elif code == "f":
            out += _float_text(obj, getattr(obj, "text", None))
        elif code == "x":
            out += _float_text(obj.real, getattr(obj, "real_text", None))
            out += _float_text(obj.imag, getattr(obj, "imag_text", None))
        elif code in "<>":
            items = _ordered(obj)
            out += _pack_i32(len(items))
            self._push_items(items, _ITEM, objs, ctxs)
        elif code == ":":
            self._push_items((obj.start, obj.stop, obj.step), _ITEM, objs, ctxs)
        elif code in "{}":
            objs.append(None)
            ctxs.append(_END)
            flat = [x for kv in obj.items() for x in kv]
            self._push_items(flat, _ITEM, objs, ctxs)
        else:  # pragma: no cover - _FITS/_canonical_code only return known codes
            raise WriteError(f"cannot write type code {code!r}", offset=len(out))

    # ---- children ------------------------------------------------------------

    @staticmethod
    def _push_items(items: Any, ctx: Any, objs: list[Any], ctxs: list[Any]) -> None:
        if not items:
            return
        objs.extend(reversed(items))
        ctxs.extend([ctx if ctx in _INTERNED_FIELDS else _ITEM] * len(items))

    def _push_code(self, code: Any, objs: list[Any], ctxs: list[Any]) -> None:
        for kind, packer, get, name in self.code_steps:
            if kind == _RAW:
                try:
                    raw = packer(*get(code))
                except struct.error as exc:
                    raise WriteError(
                        f"code object {code!r}: an int field does not fit ({exc})",
                        offset=len(self.out),
                    ) from None
                objs.append(raw)
                ctxs.append(_RAW)
            else:
                objs.append(get(code))
                ctxs.append(name)


def _one(getter: Callable[[Any], Any]) -> Callable[[Any], tuple[Any]]:
    return lambda code: (getter(code),)


def _code_steps(version: VersionInfo) -> list[tuple[Any, Any, Any, Any]]:
    """Return the version's code plan as push steps, in reverse (stack) order.

    Consecutive int fields are packed by one ``struct`` call; fields are
    read with attribute getters built once per version.
    """
    plan = code_plan(version)
    steps: list[tuple[Any, Any, Any, Any]] = []
    run: list[tuple[str, str]] = []  # (attribute, kind) of consecutive int fields

    def flush() -> None:
        if run:
            fmt = "<" + "".join(kind for _attr, kind in run)
            attrs = [attr for attr, _kind in run]
            getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*attrs)
            if len(attrs) == 1:
                getter = _one(getter)
            steps.append((_RAW, struct.Struct(fmt).pack, getter, None))
            run.clear()

    for (name, kind), attr in zip(plan.layout, plan.attrs):
        if kind == "o":
            flush()
            steps.append((0, None, operator.attrgetter(attr), name))
        else:
            run.append((attr, kind))
    flush()
    steps.reverse()
    return steps


# ---- does a recorded type code still fit the object? -----------------------


def _fit_int32(obj: Any, py2: bool) -> bool:
    t = type(obj)
    return (t is int or (t is not bool and t is not Py2Long and isinstance(obj, int))) and (
        _INT32_MIN <= obj <= _INT32_MAX
    )


def _fit_int64(obj: Any, py2: bool) -> bool:
    t = type(obj)
    return (t is int or (t is not bool and t is not Py2Long and isinstance(obj, int))) and (
        _INT64_MIN <= obj <= _INT64_MAX
    )


def _fit_long(obj: Any, py2: bool) -> bool:
    return isinstance(obj, int) and type(obj) is not bool


def _fit_ascii(obj: Any, py2: bool) -> bool:
    # Text that is not ASCII fits only as the recorded value (see _Writer.write).
    return isinstance(obj, str) and obj.isascii()


def _fit_short_ascii(obj: Any, py2: bool) -> bool:
    return isinstance(obj, str) and len(obj) < 256 and obj.isascii()


_FITS: dict[str, Callable[[Any, bool], bool]] = {
    "N": lambda o, p: o is None,
    "T": lambda o, p: o is True,
    "F": lambda o, p: o is False,
    ".": lambda o, p: o is Ellipsis,
    "S": lambda o, p: o is StopIteration,
    "i": _fit_int32,
    "I": _fit_int64,
    "l": _fit_long,
    "g": lambda o, p: isinstance(o, float),
    "f": lambda o, p: isinstance(o, float),
    "y": lambda o, p: isinstance(o, complex),
    "x": lambda o, p: isinstance(o, complex),
    "s": lambda o, p: isinstance(o, bytes),
    "t": lambda o, p: isinstance(o, bytes) if p else isinstance(o, str),
    "u": lambda o, p: isinstance(o, str),
    "a": _fit_ascii,
    "A": _fit_ascii,
    "z": _fit_short_ascii,
    "Z": _fit_short_ascii,
    "(": lambda o, p: type(o) is tuple,
    ")": lambda o, p: type(o) is tuple and len(o) < 256,
    "[": lambda o, p: isinstance(o, list),
    "{": lambda o, p: isinstance(o, dict),
    "<": lambda o, p: isinstance(o, set),
    ">": lambda o, p: isinstance(o, frozenset),
    ":": lambda o, p: type(o) is slice,
    "}": lambda o, p: isinstance(o, FrozenDict),
    "c": lambda o, p: isinstance(o, Code),
    "C": lambda o, p: isinstance(o, Code),
}


# ---- canonical choices ---------------------------------------------------------


def _canonical_code(obj: Any, w: _Writer, interned: bool) -> str:
    t = type(obj)
    if t is str:
        if w.py2:
            return "u"
        if w.has_ascii and obj.isascii():
            if len(obj) < 256:
                return "Z" if interned else "z"
            return "A" if interned else "a"
        return "t" if interned and w.has_interned else "u"
    if t is tuple:
        return ")" if w.has_small_tuples and len(obj) < 256 else "("
    if t is int:
        if _INT32_MIN <= obj <= _INT32_MAX:
            return "i"
        if w.py2 and _INT64_MIN <= obj <= _INT64_MAX:
            return "I"
        return "l"
    if obj is None:
        return "N"
    if t is bytes:
        return "t" if w.py2 and interned and w.has_interned else "s"
    if isinstance(obj, Code):
        return w.code_char
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
        return _canonical_code(int(obj), w, interned)
    if isinstance(obj, float):
        return "g" if w.has_binary_floats and not isinstance(obj, TextFloat) else "f"
    if isinstance(obj, complex):
        return "y" if w.has_binary_floats and not isinstance(obj, TextComplex) else "x"
    if isinstance(obj, bytes):
        return _canonical_code(bytes(obj), w, interned)
    if isinstance(obj, str):
        return _canonical_code(str(obj), w, interned)
    if isinstance(obj, tuple):
        return "("
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
    if t is slice:
        return ":"
    raise WriteError(f"cannot marshal a {t.__name__} object", offset=len(w.out))


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
    return I32.pack(count) + struct.pack(f"<{len(digits)}H", *digits)


__all__ = ["WriteError", "dumps", "same_object"]
