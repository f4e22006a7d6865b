"""Reading the marshal scalars that need more than a fixed-size field: text floats, longs, UTF-8.

Each takes a ``need(at, size, what)`` callable that raises when fewer than
``size`` bytes remain at ``at``: the checked reader's raises
:class:`~bytescope.errors.TruncatedData` naming the offset, the fast reader's
just gives up.
"""

from __future__ import annotations

import struct
from typing import Callable

from ..errors import BadMarshal
from .format import I32

#: ``need(at, size, what)``: raise unless ``size`` bytes remain at ``at``.
Need = Callable[[int, int, str], None]


def utf8(raw: bytes, offset: int) -> str:
    """Return ``raw`` decoded as marshal's UTF-8 (lone surrogates kept).

    Raises :class:`BadMarshal` at ``offset`` when ``raw`` is not UTF-8.
    """
    try:
        return raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise BadMarshal(
            f"string is not valid UTF-8 ({exc.reason} at byte {exc.start})",
            offset=offset,
            expected="UTF-8 text",
        ) from None


def read_float_text(data: bytes, pos: int, base: int, need: Need) -> tuple[bytes, int]:
    """Read a 1-byte length and that much decimal float text at ``pos``: (text, new pos).

    Raises :class:`BadMarshal` when the text is not a number as CPython parses it.
    """
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


def read_long(data: bytes, pos: int, base: int, start: int, need: Need) -> tuple[int, int]:
    """Read a long's digit count and 15-bit digits at ``pos``: (value, new pos).

    Raises :class:`BadMarshal` for a count the data cannot hold, an
    unnormalized top digit or a digit out of range.
    """
    need(pos, 4, "a 4-byte digit count")
    count = I32.unpack_from(data, pos)[0]
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
