"""A tiny marshal *writer* for tests: hand-built streams for any Python version.

Every function returns the bytes of one marshalled object, so streams are
built by nesting calls::

    tup(i32(1), short_ascii("x", ref=True), ref(0))

``ref=True`` sets FLAG_REF (0x80) on the type byte.  Code objects are built
by :func:`code` from a field layout written down here independently of
bytescope's own table (from each version's ``Python/marshal.c``), so the
tests check bytescope's data rather than repeat it.  :func:`pyc` prefixes
a header of the right size for a magic number.
"""

from __future__ import annotations

import struct
from typing import Any, Iterable, Optional

FLAG_REF = 0x80


def _t(code: str, ref: bool) -> bytes:
    return bytes([ord(code) | (FLAG_REF if ref else 0)])


def _u32(n: int) -> bytes:
    return struct.pack("<I", n & 0xFFFFFFFF)


# --- scalars ---------------------------------------------------------------------


def null() -> bytes:
    """``0``: the NULL that ends a dict."""
    return b"0"


def none(ref: bool = False) -> bytes:
    """``N``."""
    return _t("N", ref)


def true() -> bytes:
    """``T``."""
    return b"T"


def false() -> bytes:
    """``F``."""
    return b"F"


def stopiter() -> bytes:
    """``S``: StopIteration."""
    return b"S"


def ellipsis() -> bytes:
    """``.``: Ellipsis."""
    return b"."


def i32(value: int, ref: bool = False) -> bytes:
    """``i``: a signed 32-bit int."""
    return _t("i", ref) + struct.pack("<i", value)


def i64(value: int) -> bytes:
    """``I``: a signed 64-bit int (Python <= 3.3 writers on 64-bit hosts)."""
    return b"I" + struct.pack("<q", value)


def long(value: int, ref: bool = False) -> bytes:
    """``l``: an int as sign-and-count plus 15-bit digits, least significant first."""
    digits = []
    rest = abs(value)
    while rest:
        digits.append(rest & 0x7FFF)
        rest >>= 15
    count = -len(digits) if value < 0 else len(digits)
    return _t("l", ref) + struct.pack("<i", count) + b"".join(struct.pack("<H", d) for d in digits)


def text_float(text: str) -> bytes:
    """``f``: a float as decimal text (marshal version 0/1)."""
    raw = text.encode("ascii")
    return b"f" + bytes([len(raw)]) + raw


def bin_float(value: float, ref: bool = False) -> bytes:
    """``g``: a float as 8 IEEE bytes (marshal version 2+)."""
    return _t("g", ref) + struct.pack("<d", value)


def text_complex(real: str, imag: str) -> bytes:
    """``x``: a complex as two decimal texts."""
    r, i = real.encode("ascii"), imag.encode("ascii")
    return b"x" + bytes([len(r)]) + r + bytes([len(i)]) + i


def bin_complex(real: float, imag: float, ref: bool = False) -> bytes:
    """``y``: a complex as two IEEE doubles."""
    return _t("y", ref) + struct.pack("<dd", real, imag)


# --- strings ----------------------------------------------------------------------


def string(raw: bytes, ref: bool = False) -> bytes:
    """``s``: a Python 2 ``str`` / Python 3 ``bytes``."""
    return _t("s", ref) + _u32(len(raw)) + raw


def interned(raw: bytes, ref: bool = False) -> bytes:
    """``t``: an interned string (Python 2: bytes; 3.4+: UTF-8 text)."""
    return _t("t", ref) + _u32(len(raw)) + raw


def stringref(index: int) -> bytes:
    """``R``: the ``index``-th interned string read so far (marshal version 1/2)."""
    return b"R" + _u32(index)


def unicode(text: str, ref: bool = False) -> bytes:
    """``u``: UTF-8 text (surrogates passed through)."""
    raw = text.encode("utf-8", "surrogatepass")
    return _t("u", ref) + _u32(len(raw)) + raw


def ascii_(text: str, interned: bool = False, ref: bool = False) -> bytes:
    """``a``/``A``: ASCII text with a 4-byte length."""
    raw = text.encode("latin-1")
    return _t("A" if interned else "a", ref) + _u32(len(raw)) + raw


def short_ascii(text: str, interned: bool = False, ref: bool = False) -> bytes:
    """``z``/``Z``: ASCII text with a 1-byte length."""
    raw = text.encode("latin-1")
    assert len(raw) < 256
    return _t("Z" if interned else "z", ref) + bytes([len(raw)]) + raw


def ref(index: int) -> bytes:
    """``r``: the ``index``-th object flagged with FLAG_REF."""
    return b"r" + _u32(index)


# --- containers -------------------------------------------------------------------


def tup(*items: bytes, ref: bool = False) -> bytes:
    """``(``: a tuple with a 4-byte count."""
    return _t("(", ref) + _u32(len(items)) + b"".join(items)


def small_tup(*items: bytes, ref: bool = False) -> bytes:
    """``)``: a tuple with a 1-byte count (3.4+)."""
    return _t(")", ref) + bytes([len(items)]) + b"".join(items)


def lst(*items: bytes, ref: bool = False) -> bytes:
    """``[``: a list."""
    return _t("[", ref) + _u32(len(items)) + b"".join(items)


def set_(*items: bytes, ref: bool = False) -> bytes:
    """``<``: a set."""
    return _t("<", ref) + _u32(len(items)) + b"".join(items)


def frozenset_(*items: bytes, ref: bool = False) -> bytes:
    """``>``: a frozenset."""
    return _t(">", ref) + _u32(len(items)) + b"".join(items)


def dct(pairs: Iterable[tuple[bytes, bytes]], ref: bool = False) -> bytes:
    """``{``: key/value pairs ended by NULL."""
    return _t("{", ref) + b"".join(k + v for k, v in pairs) + b"0"


def frozendict_(pairs: Iterable[tuple[bytes, bytes]], ref: bool = False) -> bytes:
    """``}``: a 3.15 frozendict, laid out like a dict."""
    return _t("}", ref) + b"".join(k + v for k, v in pairs) + b"0"


def slice_(start: bytes, stop: bytes, step: bytes, ref: bool = False) -> bytes:
    """``:``: a 3.14 slice (start, stop, step)."""
    return _t(":", ref) + start + stop + step


# --- code objects -------------------------------------------------------------------

#: Field order of code objects per layout, from each version's Python/marshal.c.
#: ``h`` a 16-bit int, ``i`` a 32-bit int, ``o`` an object.
LAYOUTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "1.0": ("C", [("code", "o"), ("consts", "o"), ("names", "o"), ("filename", "o"),
                  ("name", "o")]),
    "1.3": ("c", [("argcount", "h"), ("nlocals", "h"), ("flags", "h"), ("code", "o"),
                  ("consts", "o"), ("names", "o"), ("varnames", "o"), ("filename", "o"),
                  ("name", "o")]),
    "1.5": ("c", [("argcount", "h"), ("nlocals", "h"), ("stacksize", "h"), ("flags", "h"),
                  ("code", "o"), ("consts", "o"), ("names", "o"), ("varnames", "o"),
                  ("filename", "o"), ("name", "o"), ("firstlineno", "h"), ("lnotab", "o")]),
    "2.1": ("c", [("argcount", "h"), ("nlocals", "h"), ("stacksize", "h"), ("flags", "h"),
                  ("code", "o"), ("consts", "o"), ("names", "o"), ("varnames", "o"),
                  ("freevars", "o"), ("cellvars", "o"), ("filename", "o"), ("name", "o"),
                  ("firstlineno", "h"), ("lnotab", "o")]),
    "2.3": ("c", [("argcount", "i"), ("nlocals", "i"), ("stacksize", "i"), ("flags", "i"),
                  ("code", "o"), ("consts", "o"), ("names", "o"), ("varnames", "o"),
                  ("freevars", "o"), ("cellvars", "o"), ("filename", "o"), ("name", "o"),
                  ("firstlineno", "i"), ("lnotab", "o")]),
    "3.0": ("c", [("argcount", "i"), ("kwonlyargcount", "i"), ("nlocals", "i"),
                  ("stacksize", "i"), ("flags", "i"), ("code", "o"), ("consts", "o"),
                  ("names", "o"), ("varnames", "o"), ("freevars", "o"), ("cellvars", "o"),
                  ("filename", "o"), ("name", "o"), ("firstlineno", "i"), ("lnotab", "o")]),
    "3.8": ("c", [("argcount", "i"), ("posonlyargcount", "i"), ("kwonlyargcount", "i"),
                  ("nlocals", "i"), ("stacksize", "i"), ("flags", "i"), ("code", "o"),
                  ("consts", "o"), ("names", "o"), ("varnames", "o"), ("freevars", "o"),
                  ("cellvars", "o"), ("filename", "o"), ("name", "o"), ("firstlineno", "i"),
                  ("lnotab", "o")]),
    "3.10": ("c", [("argcount", "i"), ("posonlyargcount", "i"), ("kwonlyargcount", "i"),
                   ("nlocals", "i"), ("stacksize", "i"), ("flags", "i"), ("code", "o"),
                   ("consts", "o"), ("names", "o"), ("varnames", "o"), ("freevars", "o"),
                   ("cellvars", "o"), ("filename", "o"), ("name", "o"), ("firstlineno", "i"),
                   ("linetable", "o")]),
    "3.11": ("c", [("argcount", "i"), ("posonlyargcount", "i"), ("kwonlyargcount", "i"),
                   ("stacksize", "i"), ("flags", "i"), ("code", "o"), ("consts", "o"),
                   ("names", "o"), ("localsplusnames", "o"), ("localspluskinds", "o"),
                   ("filename", "o"), ("name", "o"), ("qualname", "o"), ("firstlineno", "i"),
                   ("linetable", "o"), ("exceptiontable", "o")]),
    # PyPy 3.11: the 3.8 fields plus co_qualname after co_name (as xdis reads it).
    "pypy3.11": ("c", [("argcount", "i"), ("posonlyargcount", "i"), ("kwonlyargcount", "i"),
                       ("nlocals", "i"), ("stacksize", "i"), ("flags", "i"), ("code", "o"),
                       ("consts", "o"), ("names", "o"), ("varnames", "o"), ("freevars", "o"),
                       ("cellvars", "o"), ("filename", "o"), ("name", "o"), ("qualname", "o"),
                       ("firstlineno", "i"), ("lnotab", "o")]),
}


def code(layout: str, ref: bool = False, **fields: Any) -> bytes:
    """Return a code object in ``layout``; ``fields`` gives ints or marshalled bytes.

    Missing int fields are 0; missing object fields must be given (raises KeyError),
    so a test states every object it puts in the stream.
    """
    type_char, spec = LAYOUTS[layout]
    out = bytearray(_t(type_char, ref))
    for name, kind in spec:
        if kind == "o":
            out += fields[name]
        elif kind == "h":
            out += struct.pack("<h", fields.get(name, 0))
        else:
            out += struct.pack("<i", fields.get(name, 0))
    return bytes(out)


def pyc(magic: int, body: bytes, header_size: int, *, suffix: bytes = b"\r\n",
        mtime: int = 0x5F000000, source_size: Optional[int] = 123) -> bytes:
    """Return a pyc: the magic word, a header of ``header_size`` bytes, then ``body``."""
    head = struct.pack("<H", magic) + suffix
    if header_size == 16:
        head += _u32(0) + _u32(mtime) + _u32(source_size or 0)
    elif header_size == 12:
        head += _u32(mtime) + _u32(source_size or 0)
    else:
        head += _u32(mtime)
    return head + body
