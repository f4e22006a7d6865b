"""``bytescope dump``: the annotated marshal stream of a pyc.

Every object gets a line: byte offset, length, type code, FLAG_REF and the
reference index it was given, what it is to its parent (``co_consts``,
``[2]``, ``key``) and a short value; references show the index they point to
and that object.  Nested objects are indented under their container, so code
objects appear under their parent's ``co_consts``.

:func:`dump_json` gives the same tree as JSON, losslessly enough for
``bytescope build`` to write the same bytes back.
"""

from __future__ import annotations

import math
import re
import struct
from typing import Any, Iterator, Optional

from ..code import LAYOUT_TO_ATTR, Code
from ..errors import BytescopeError
from ..marshal.span import Span
from ..pyc import Pyc
from ..value_json import scalar_to_json
from .info import file_magic_dict, file_magic_text, header_dict, version_dict
from .values import capped_indent, short_repr

_HEX_BYTES = 16
#: Nesting levels shown by indentation (see ``capped_indent``).
_MAX_INDENT = 64
#: Ints longer than this are written as ``{"hex": "0x..."}`` in JSON (well below
#: the 4300-digit limit Python 3.11+ puts on decimal conversion).
_BIG_INT_BITS = 8192
#: Strings holding surrogates are written as ``{"utf8_hex": ...}`` in JSON.
_SURROGATE = re.compile("[\ud800-\udfff]").search


def header_lines(pyc: Pyc, *, show_hex: bool = False) -> list[str]:
    """Return the annotated lines of the pyc header (empty for raw marshal data)."""
    h = pyc.header
    v = pyc.version
    if h is None:
        return []

    def row(offset: int, size: int, text: str) -> str:
        raw = pyc.data[offset : offset + size].hex(" ") if show_hex else None
        return _row(offset, size, text, "" if raw is None else f"{raw:<{_HEX_BYTES * 3}} ")

    word = h.magic_word.hex(" ")
    read_as = f"; read as {v.name}, forced" if pyc.version_forced else ""
    out = [row(0, 4, f"magic {h.magic}  ({file_magic_text(pyc)}; bytes {word}{read_as})")]
    at = 4
    if h.size == 16:
        out.append(row(4, 4, f"flags 0x{h.flags:x}  ({h.mode})"))
        at = 8
        if h.hash_based:
            out.append(row(8, 8, f"source hash {(h.source_hash or b'').hex()}"))
            return out
    out.append(row(at, 4, f"mtime {h.mtime}  ({h.mtime_iso})"))
    if h.source_size is not None:
        out.append(row(at + 4, 4, f"source size {h.source_size}"))
    return out


def _row(offset: int, size: int, text: str, hexcol: str = "") -> str:
    shown = f"{size:08x}" if size >= 0 else "?"
    return f"{offset:08x}  {shown:>8}  {hexcol}{text}"


def column_header(*, show_hex: bool = False) -> str:
    """Return the dump's column header line (offsets and sizes are hex, as in readelf)."""
    hexcol = f"{'bytes':<{_HEX_BYTES * 3 + 1}}" if show_hex else ""
    return f"{'offset':<8}  {'size':<8}  {hexcol}object  (offset and size in hex)"


def span_lines(
    spans: list[Span], data: bytes, *, show_hex: bool = False, py2: bool = False
) -> Iterator[str]:
    """Yield one annotated line per span (spans in stream order, as recorded)."""
    for i, span in enumerate(spans):
        end = span.end if span.end >= 0 else len(data)
        size = span.end - span.offset if span.end >= 0 else -1
        hexcol = ""
        if show_hex:
            # Containers: only their own header bytes, up to the first child.
            stop = end
            if i + 1 < len(spans) and spans[i + 1].depth > span.depth:
                stop = spans[i + 1].offset
            raw = data[span.offset : min(stop, span.offset + _HEX_BYTES)]
            more = "…" if stop - span.offset > _HEX_BYTES else " "
            hexcol = f"{raw.hex(' '):<{_HEX_BYTES * 3 - 1}}{more} "
        label = f"{span.label}: " if span.label else ""
        ref = ""
        if span.flag_ref:
            # No index: CPython gives none to None/True/False/..., and an object
            # cut short by damage never got its own.
            ref = " [FLAG_REF, no index]" if span.ref_index is None else f" [ref #{span.ref_index}]"
        summary = _summary(span, py2)
        incomplete = "" if span.end >= 0 else "  (incomplete)"
        yield _row(
            span.offset,
            size,
            f"{capped_indent(span.depth, '  ', _MAX_INDENT)}{label}{span.code!r} "
            f"{span.type_name}{ref}  {summary}{incomplete}",
            hexcol,
        )


def _summary(span: Span, py2: bool) -> str:
    value = span.value
    if span.code == "r":
        return f"-> #{span.target} {short_repr(value, 60, py2)}"
    if span.code == "R":
        return f"-> interned #{span.target} {short_repr(value, 60, py2)}"
    if span.end < 0:
        return ""
    if isinstance(value, Code):
        ints = " ".join(
            f"{name}={getattr(value, LAYOUT_TO_ATTR[name])}"
            for name, kind in value.version.code_layout
            if kind != "o"
        )
        name = value.co_qualname if value.co_qualname is not None else value.co_name
        return f"code {short_repr(name, 40, py2)}  {ints}"
    if isinstance(value, (tuple, list, set, frozenset, dict)):
        return f"{len(value)} item(s)"
    return short_repr(value, 70, py2)


def spans_until_damage(pyc: Pyc) -> tuple[list[Span], Optional[BytescopeError]]:
    """Return the recorded spans of ``pyc``'s stream and the error that stopped the read.

    On damaged data the spans are those read before the damage.
    """
    try:
        return pyc.spans(), None
    except BytescopeError as exc:
        return (exc.partial if isinstance(exc.partial, list) else []), exc


def dump_lines(pyc: Pyc, *, show_hex: bool = False) -> tuple[list[str], Optional[BytescopeError]]:
    """Return the annotated dump of ``pyc`` and the error that stopped it, if any.

    On damaged data the lines cover everything read before the damage.
    """
    lines = [column_header(show_hex=show_hex), *header_lines(pyc, show_hex=show_hex)]
    spans, error = spans_until_damage(pyc)
    lines.extend(span_lines(spans, pyc.data, show_hex=show_hex, py2=pyc.version.is_py2))
    return lines, error


def dump_json(pyc: Pyc) -> tuple[dict[str, Any], Optional[BytescopeError]]:
    """Return the annotated dump as a JSON-able dict, and the error that stopped it."""
    spans, error = spans_until_damage(pyc)
    doc: dict[str, Any] = {
        "format": "bytescope-dump/1",
        "file": pyc.path,
        "version": version_dict(pyc),
        "version_key": pyc.version.key,
        "file_magic": file_magic_dict(pyc),
        "header": header_dict(pyc.header),
        "header_bytes": pyc.data[: pyc.marshal_offset].hex(),
        "object": _span_tree(spans[0]) if spans else None,
    }
    if pyc.trailing > 0 and error is None:
        # Bytes after the marshalled object (CPython ignores them); kept so that
        # ``bytescope build`` rebuilds the whole file.
        doc["trailing_bytes"] = pyc.data[len(pyc.data) - pyc.trailing :].hex()
    if error is not None:
        doc["error"] = {"message": str(error), "offset": error.offset}
    return doc, error


def _span_tree(root: Span) -> dict[str, Any]:
    top = _span_node(root)
    stack = [(root, top)]
    while stack:
        span, node = stack.pop()
        if span.children:
            node["items"] = []
            for child in span.children:
                child_node = _span_node(child)
                node["items"].append(child_node)
                stack.append((child, child_node))
    return top


_PLAIN_NANS = (struct.pack("<d", math.nan), struct.pack("<d", -math.nan))


def _odd_nan(value: Any) -> bool:
    parts = [value.real, value.imag] if isinstance(value, complex) else [value]
    return any(
        isinstance(x, float) and x != x and struct.pack("<d", x) not in _PLAIN_NANS
        for x in parts
    )


def _span_node(span: Span) -> dict[str, Any]:
    node: dict[str, Any] = {
        "offset": span.offset,
        "length": (span.end - span.offset) if span.end >= 0 else None,
        "type": span.code,
        "type_name": span.type_name,
    }
    if span.label:
        node["label"] = span.label
    if span.flag_ref:
        node["ref_index"] = span.ref_index
    if span.target is not None:
        node["target"] = span.target
    value = span.value
    if isinstance(value, Code):
        node["fields"] = {
            name: getattr(value, LAYOUT_TO_ATTR[name])
            for name, kind in value.version.code_layout
            if kind != "o"
        }
    elif span.code in "iIl" and isinstance(value, int) and value.bit_length() > _BIG_INT_BITS:
        # Too long for decimal JSON (3.11+ caps int/str conversion): hex text instead.
        node["value"] = {"hex": hex(value)}
    elif span.code in "gy" and _odd_nan(value):
        # A NaN whose payload "nan" would not restore: its exact IEEE bytes instead.
        parts = [value.real, value.imag] if isinstance(value, complex) else [value]
        node["value"] = {"bits": [struct.pack("<d", x).hex() for x in parts]}
    elif span.code in "aAzZ" and isinstance(value, str) and not value.isascii():
        # Bytes past ASCII under an ASCII type code (CPython reads them as Latin-1
        # and never writes them): kept as the raw bytes, so that an unedited dump
        # rebuilds them, while text edited in place is written as CPython would.
        node["value"] = {"latin1_hex": value.encode("latin-1").hex()}
    elif isinstance(value, str) and _SURROGATE(value):
        # JSON readers join a surrogate pair into one character; keep the exact code units.
        node["value"] = {"utf8_hex": value.encode("utf-8", "surrogatepass").hex()}
    elif span.code not in "r R ( ) [ { } < > : c".split():
        encoded = scalar_to_json(value)
        if encoded is not None:
            node["value"] = encoded
    return node
