# ruff: noqa: UP031  (printf formats mirror the native dis source)
"""``repr()`` of constants exactly as the *target* Python version prints them.

The host's own ``repr`` is only used where every supported version agrees
(``float`` since 2.7/3.1, ``bytes``, py3 ``str``).  Python 2 byte strings print
as ``'..'``, unicode as ``u'..'`` with ``\\x``/``\\u`` escapes, longs with
``L``; frozensets as ``frozenset([..])`` in Python 2 and ``frozenset({..})``
in Python 3; code objects as ``<code object NAME at 0x..., file "F", line N>``
with a deterministic stand-in address (native dis shows a memory address,
which tests normalise).
"""

from __future__ import annotations

import bisect
import unicodedata
import zlib
from functools import cache
from typing import Any, Callable, Optional, Sequence

from ..code import Code
from ..values import FrozenDict, OrderedFrozenset, OrderedSet, Py2Long
from .set_order import set_order

_MAX_DEPTH = 100



#: addresses to show for code objects read from live host objects, by ``id(code)``
#: (with the code, so a reused id never matches)
_ADDRESSES: dict[int, tuple[Code, int]] = {}
_ADDRESSES_KEPT = 4096


def remember_address(code: Code, address: int) -> None:
    """Make ``repr(code)`` show ``address``: the address of the host code object
    ``code`` was read from, as native ``dis`` would print it."""
    if len(_ADDRESSES) >= _ADDRESSES_KEPT:
        del _ADDRESSES[next(iter(_ADDRESSES))]
    _ADDRESSES[id(code)] = (code, address)
    _CODE_REPRS.pop(id(code), None)


def code_address(code: Code) -> str:
    """Return the hex address shown for ``code``: the host object's it was read from
    (see :func:`remember_address`), else a stand-in, stable across runs and hosts."""
    known = _ADDRESSES.get(id(code))
    if known is not None and known[0] is code:
        return hex(known[1])
    name = _s(code.co_name)
    key = f"{name}\0{_s(code.co_filename)}\0{code.co_firstlineno}".encode("utf-8", "replace")
    return "0x7f%08x40" % zlib.crc32(bytes(code.co_code) + key)


#: recent code reprs by ``id(code)`` (with the code, so a reused id never matches);
#: ``dis`` shows each nested code's repr twice (its LOAD_CONST and its heading)
_CODE_REPRS: dict[int, tuple[Code, str]] = {}
_CODE_REPRS_KEPT = 1024


def code_repr(code: Code) -> str:
    """Return ``repr(code)`` as the target version prints it."""
    hit = _CODE_REPRS.get(id(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    text = (
        f"<code object {_s(code.co_name)} at {code_address(code)}, "
        f'file "{_s(code.co_filename)}", line {code.co_firstlineno}>'
    )
    if len(_CODE_REPRS) >= _CODE_REPRS_KEPT:  # forget the oldest
        del _CODE_REPRS[next(iter(_CODE_REPRS))]
    _CODE_REPRS[id(code)] = (code, text)
    return text


def _s(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


def py2_str_repr(data: bytes) -> str:
    """Return Python 2's ``repr`` of a byte string (``'abc'``, no ``b`` prefix)."""
    return repr(bytes(data))[1:]


def py2_unicode_repr(text: str) -> str:
    """Return Python 2's ``repr`` of a unicode string (``u'..'``, non-ASCII escaped)."""
    quote = '"' if ("'" in text and '"' not in text) else "'"
    out = ["u", quote]
    for ch in text:
        o = ord(ch)
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif o < 32 or o == 127:
            out.append("\\x%02x" % o)
        elif o < 128:
            out.append(ch)
        elif o < 256:
            out.append("\\x%02x" % o)
        elif o < 0x10000:
            out.append("\\u%04x" % o)
        else:
            out.append("\\U%08x" % o)
    out.append(quote)
    return "".join(out)


_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


@cache
def str_repr_for(key: str) -> Optional[Callable[[str], str]]:
    """Return a py3 ``str`` repr function for line ``key``'s Unicode database.

    None means the host's own ``repr`` is exact (same Unicode version, or no
    data for that line).
    """
    from ..versions import opcodes

    try:
        data = opcodes.table(key).data
    except Exception:  # noqa: BLE001 - no table: host repr is the best we have
        return None
    bounds = getattr(data, "PRINTABLE_BOUNDS", None)
    if bounds is None or getattr(data, "UNIDATA_VERSION", None) == unicodedata.unidata_version:
        return None
    right = bisect.bisect_right

    def printable(o: int) -> bool:
        return right(bounds, o) % 2 == 1

    def rep(text: str) -> str:
        if text.isascii():
            return str.__repr__(text)
        quote = '"' if ("'" in text and '"' not in text) else "'"
        out = [quote]
        for ch in text:
            o = ord(ch)
            if ch == quote:
                out.append("\\" + ch)
            elif ch in _ESCAPES:
                out.append(_ESCAPES[ch])
            elif o < 32 or o == 127:
                out.append("\\x%02x" % o)
            elif o < 127 or printable(o):
                out.append(ch)
            elif o < 0x100:
                out.append("\\x%02x" % o)
            elif o < 0x10000:
                out.append("\\u%04x" % o)
            else:
                out.append("\\U%08x" % o)
        out.append(quote)
        return "".join(out)

    return rep


@cache
def _hash_order(key: str) -> bool:
    from ..versions import opcodes

    try:
        return bool(opcodes.table(key).traits["set_order"] == "hash")
    except Exception:  # noqa: BLE001 - no table: keep the stream order
        return False


def target_repr(value: Any, version: Any) -> str:
    """Return ``repr(value)`` as Python ``version`` (a VersionInfo) prints it."""
    return _repr(value, version.is_py2, version.float_repr == "17g", 0, str_repr_for(version.key),
                 _hash_order(version.key))


@cache
def repr_for(key: str, py2: bool) -> Callable[[Any], str]:
    """Return a function giving ``repr(value)`` as line ``key`` prints it
    (``py2``: the version's ``is_py2`` trait).

    Same text as :func:`target_repr`; the per-version facts are looked up
    once, and the most common constants (py3 ``str``, ``int``, ``None``) skip
    the general walk.
    """
    from ..versions import by_name

    old_float = by_name(key).float_repr == "17g"
    srepr = str_repr_for(key)
    hash_order = _hash_order(key)
    str_repr = srepr or str.__repr__
    int_repr = int.__repr__

    def rep(value: Any) -> str:
        kind = type(value)
        if kind is str and not py2:
            return str_repr(value)
        if kind is int:
            return int_repr(value)
        if value is None:
            return "None"
        return _repr(value, py2, old_float, 0, srepr, hash_order)

    return rep


def _repr(
    value: Any, py2: bool, old_float: bool, depth: int,
    srepr: Optional[Callable[[str], str]] = None, hash_order: bool = False,
) -> str:
    if depth > _MAX_DEPTH:
        return "..."
    if isinstance(value, Code):
        return code_repr(value)
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return repr(value)
    if isinstance(value, Py2Long):
        return int.__repr__(value) + "L"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value, old_float)
    if isinstance(value, complex):
        return _complex(value, old_float)
    if isinstance(value, (bytes, bytearray)):
        return py2_str_repr(bytes(value)) if py2 else repr(bytes(value))
    if isinstance(value, str):
        if py2:
            return py2_unicode_repr(value)
        return srepr(value) if srepr else str.__repr__(value)
    if isinstance(value, tuple):
        items = [_repr(x, py2, old_float, depth + 1, srepr, hash_order) for x in value]
        if len(items) == 1:
            return "(" + items[0] + ",)"
        return "(" + ", ".join(items) + ")"
    if isinstance(value, list):
        inner = ", ".join(_repr(x, py2, old_float, depth + 1, srepr, hash_order) for x in value)
        return "[" + inner + "]"
    if isinstance(value, (frozenset, set)):
        items_seq: Sequence[Any] = tuple(value)
        if isinstance(value, (OrderedFrozenset, OrderedSet)):
            items_seq = tuple(value.order)
        if hash_order and items_seq:
            rebuilt = set_order(tuple(items_seq))
            if rebuilt is not None:
                items_seq = rebuilt
        inner = ", ".join(_repr(x, py2, old_float, depth + 1, srepr, hash_order) for x in items_seq)
        name = "frozenset" if isinstance(value, frozenset) else "set"
        if not items_seq:
            return name + "()"
        if py2:
            return f"{name}([{inner}])"
        if name == "set":
            return "{" + inner + "}"
        return name + "({" + inner + "})"
    if isinstance(value, FrozenDict):
        inner = ", ".join(
            _repr(k, py2, old_float, depth + 1, srepr, hash_order)
            + ": "
            + _repr(v, py2, old_float, depth + 1, srepr, hash_order)
            for k, v in value.items()
        )
        return "frozendict({" + inner + "})"
    if isinstance(value, dict):
        inner = ", ".join(
            _repr(k, py2, old_float, depth + 1, srepr, hash_order)
            + ": "
            + _repr(v, py2, old_float, depth + 1, srepr, hash_order)
            for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, slice):
        parts = (value.start, value.stop, value.step)
        inner = ", ".join(_repr(x, py2, old_float, depth + 1, srepr, hash_order) for x in parts)
        return "slice(" + inner + ")"
    return repr(value)


def _float(value: float, old: bool) -> str:
    if not old or value != value or value in (float("inf"), float("-inf")):
        return float.__repr__(value)
    text = "%.17g" % value
    if text.lstrip("-").isdigit():
        text += ".0"
    return text


def _complex(value: complex, old: bool) -> str:
    if not old:
        return complex.__repr__(value)
    real, imag = value.real, value.imag
    im = "%.17g" % imag
    if real == 0 and str(real)[0] != "-":
        return im + "j"
    re = "%.17g" % real
    sign = "" if im.startswith("-") else "+"
    return f"({re}{sign}{im}j)"
