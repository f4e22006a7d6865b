"""Build pycs from ``bytescope dump --json`` output.

:func:`from_json` / :func:`build_json` turn the JSON span tree back into
objects plus the *tape* of type codes and FLAG_REF choices it records, and
write them (with :func:`bytescope.pyc.pyc_bytes`): an unedited dump rebuilds
the original file byte for byte, an edited one (say a changed string
``value``) is written with the recorded choices wherever they still fit and
canonical ones elsewhere.  (Headers of every layout are
:func:`bytescope.pyc.make_header`'s.)

In the document, ``header_bytes`` is the header as written; to change the
header, delete ``header_bytes`` and edit the ``header`` object (``flags``,
``mtime``, ``source_size`` or ``source_hash``).  Offsets and lengths are
ignored (they are recomputed); ``value``, ``fields``, ``items``, ``type``,
``ref_index`` and ``target`` are what is read.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Optional, Union

from . import versions
from .code import Code
from .errors import BytescopeError
from .marshal.codeplan import code_plan
from .marshal.containers import NULL as _NULL
from .marshal.containers import make_container
from .marshal.span import Span
from .pyc import FLAG_CHECK_SOURCE, FLAG_HASH_BASED, make_header, parse_header, pyc_bytes
from .value_json import float_from_json
from .values import Py2Long, TextComplex, TextFloat
from .versions import VersionInfo

__all__ = ["BuildError", "Built", "from_json", "build_json"]


class BuildError(BytescopeError):
    """The JSON cannot be turned into a pyc; the message names where."""


# ---------------------------------------------------------------------------
# JSON span tree -> objects + tape
# ---------------------------------------------------------------------------


@dataclass
class Built:
    """What :func:`from_json` returns.

    ``header_bytes`` is empty for raw marshal data; ``tape`` is the span list
    the writer replays.
    """

    version: VersionInfo
    header_bytes: bytes
    value: Any
    tape: list[Span]


_SIMPLE = {"N": None, "T": True, "F": False, ".": Ellipsis, "S": StopIteration}
_CONTAINERS = frozenset("()[<>{}:cC")  # 'C': code objects of Python 1.0 - 1.2


def _version_of(doc: dict[str, Any]) -> tuple[VersionInfo, bytes]:
    header_hex = doc.get("header_bytes") or ""
    try:
        header = bytes.fromhex(header_hex)
    except (TypeError, ValueError):
        raise BuildError("header_bytes is not hex", expected="a hex string") from None
    info = doc.get("version") or {}
    key = doc.get("version_key")
    if header:
        # The version the dump was read as (``--python-version`` may have forced
        # one: a private magic number, or PyPy's pycs with CPython's magic) wins
        # over what the magic number alone would say.
        forced = _line(key) if isinstance(key, str) else None
        try:
            version = versions.by_magic(header)
        except BytescopeError:
            if forced is None:
                raise
            version = forced
        if forced is not None and forced.key != version.key:
            version = forced
        parse_header(header, version)
        if len(header) != version.header_size:
            raise BuildError(
                f"header_bytes has {len(header)} bytes; {version.name} headers have "
                f"{version.header_size}"
            )
        return version, header
    file_magic = doc.get("file_magic")
    if isinstance(file_magic, dict):
        magic_hex = file_magic.get("bytes")
    else:  # older documents kept the magic in version.magic_bytes
        magic_hex = info.get("magic_bytes") if isinstance(info, dict) else None
    if magic_hex:
        try:
            word = bytes.fromhex(magic_hex)
        except (TypeError, ValueError):
            raise BuildError("file_magic.bytes is not hex", expected="8 hex digits") from None
        if len(word) != 4:
            raise BuildError("file_magic.bytes is not 4 bytes", expected="8 hex digits")
        known = versions.identify(word)
        # A private magic (the dump was read with --python-version): the named line.
        version = _line(key) if isinstance(key, str) and (
            known is None or known.key != key) else versions.by_magic(word)
        fields = doc.get("header")
        if isinstance(fields, dict):
            return version, _header_from_fields(fields, version, word)
        return version, b""
    if not isinstance(key, str):
        raise BuildError("the JSON names no version", expected="version_key or header_bytes")
    return _line(key), b""


def _line(key: str) -> VersionInfo:
    try:
        return versions.by_name(key)
    except BytescopeError as exc:
        raise BuildError(f"version_key {key!r}: {exc}", expected="a known release line") from None


def _header_from_fields(fields: dict[str, Any], version: VersionInfo, word: bytes) -> bytes:
    """Header bytes from the ``header`` object (used when ``header_bytes`` was removed)."""
    try:
        flags = int(fields.get("flags") or 0)
        if flags & FLAG_HASH_BASED:
            mode = "checked-hash" if flags & FLAG_CHECK_SOURCE else "unchecked-hash"
            head = make_header(version, mode=mode, magic_word=word,
                               source_hash=bytes.fromhex(fields["source_hash"]))
        else:
            head = make_header(version, mtime=int(fields.get("mtime") or 0),
                               source_size=int(fields.get("source_size") or 0), magic_word=word)
    except (KeyError, TypeError, ValueError) as exc:
        raise BuildError(f"header: bad field ({exc})",
                         expected="the fields 'bytescope dump --json' writes") from None
    except BytescopeError as exc:  # a header the version cannot have
        raise BuildError(f"header: {exc.message}", expected=exc.expected) from None
    return head.to_bytes()


def _float(value: Any, path: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float_from_json(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                pass
    raise BuildError(f"{path}: {value!r} is not a float", expected="float.hex text or a number")


def _scalar(node: dict[str, Any], code: str, version: VersionInfo, path: str) -> Any:
    if code in _SIMPLE:
        return _SIMPLE[code]
    if "value" not in node:
        raise BuildError(f"{path}: type {code!r} needs a value", offset=_off(node))
    value = node["value"]
    try:
        if code in "iIl":
            if isinstance(value, dict):
                value = int(value["hex"], 16)  # very long ints are written as hex
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError
            if code == "l" and version.is_py2:
                return Py2Long(value)
            return value
        if code in "gy" and isinstance(value, dict):  # NaNs with a payload: IEEE bytes
            parts = [struct.unpack("<d", bytes.fromhex(h))[0] for h in value["bits"]]
            return parts[0] if code == "g" else complex(parts[0], parts[1])
        if code == "g":
            return _float(value, path)
        if code == "f":
            if isinstance(value, dict):
                return TextFloat(str(value["text"]).encode("latin-1"))
            return _float(value, path)
        if code == "y":
            return complex(_float(value[0], path), _float(value[1], path))
        if code == "x":
            if isinstance(value, dict):
                real, imag = value["text"]
                return TextComplex(str(real).encode("latin-1"), str(imag).encode("latin-1"))
            return complex(_float(value[0], path), _float(value[1], path))
        if code == "s" or (code == "t" and version.is_py2):
            return bytes.fromhex(value)
        if code in "tuaAzZ":
            if isinstance(value, dict) and code in "aAzZ" and "latin1_hex" in value:
                # the raw bytes of an ASCII-typed string that holds non-ASCII bytes
                return bytes.fromhex(value["latin1_hex"]).decode("latin-1")
            if isinstance(value, dict):  # text with surrogates: its exact UTF-8 code units
                return bytes.fromhex(value["utf8_hex"]).decode("utf-8", "surrogatepass")
            if not isinstance(value, str):
                raise TypeError
            return value
    except (TypeError, ValueError, KeyError, IndexError, UnicodeDecodeError, struct.error):
        raise BuildError(
            f"{path}: bad value {value!r} for type {code!r}", offset=_off(node),
            expected=_EXPECT.get(code, "a value of that type"),
        ) from None
    raise BuildError(f"{path}: unknown type code {code!r}", offset=_off(node))


_EXPECT = {
    "i": "an int", "I": "an int", "l": "an int or {'hex': '0x...'}", "s": "hex bytes",
    "y": "[real, imag] as float.hex", "x": "[real, imag] or {'text': [...]}",
}


def _off(node: Any) -> Optional[int]:
    """The node's original offset, if it is a plausible one (for error messages)."""
    offset = node.get("offset") if isinstance(node, dict) else None
    return offset if isinstance(offset, int) and not isinstance(offset, bool) and offset >= 0 \
        else None


class _Frame:
    __slots__ = ("node", "code", "path", "children", "index", "items", "slot")

    def __init__(self, node: dict[str, Any], code: str, path: str, slot: Optional[int]) -> None:
        self.node = node
        self.code = code
        self.path = path
        self.children = node.get("items") or []
        if not isinstance(self.children, list):
            raise BuildError(f"{path}: items is not a list", offset=_off(node))
        self.index = 0
        self.items: list[Any] = []
        self.slot = slot


def from_json(doc: dict[str, Any]) -> Built:
    """Return the objects and the replay tape that a ``dump --json`` document describes.

    Raises :class:`BuildError` naming the JSON path (and the original offset)
    of the first node that cannot be rebuilt: an unknown type code, a bad
    value, a reference to an index never set.  Iterative.
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("object"), dict):
        raise BuildError("not a bytescope dump: no 'object'",
                         expected="bytescope dump --json output")
    version, header = _version_of(doc)
    refs: dict[int, Any] = {}
    interned: list[Any] = []
    tape: list[Span] = []
    stack: list[_Frame] = []
    node: Any = doc["object"]
    path = "object"
    while True:
        # ---- visit one node (pre-order) ---------------------------------------
        if not isinstance(node, dict) or not isinstance(node.get("type"), str):
            raise BuildError(f"{path}: not a span node", expected="an object with a 'type'")
        code = node["type"]
        if len(code) != 1:
            raise BuildError(f"{path}: type {code!r} is not one type code character",
                             offset=_off(node))
        ref_index = node.get("ref_index")
        target = node.get("target")
        if ref_index is not None and (not isinstance(ref_index, int) or ref_index < 0):
            raise BuildError(f"{path}: ref_index {ref_index!r} is not an index",
                             offset=_off(node), expected="a non-negative int")
        # FLAG_REF is set when "ref_index" is present, even as null: CPython ignores
        # the flag on None/True/False/... and gives them no index.
        tape.append(Span(0, code, "ref_index" in node, len(stack), ref_index=ref_index,
                         target=target))
        value: Any
        done = True
        if code == "0":
            value = _NULL
        elif code in "rR":
            known = False
            if isinstance(target, int) and not isinstance(target, bool):
                known = target in refs if code == "r" else 0 <= target < len(interned)
            if not known or not isinstance(target, int):
                raise BuildError(
                    f"{path}: reference to index {target!r}, which no earlier object has",
                    offset=_off(node), expected="the index of an earlier flagged object",
                )
            value = refs[target] if code == "r" else interned[target]
        elif code in _CONTAINERS:
            frame = _Frame(node, code, path, ref_index)
            if frame.children:
                stack.append(frame)
                done = False
            else:
                value = _finish(frame, version)
        else:
            value = _scalar(node, code, version, path)
            if code == "t" and version.uses_string_refs:
                interned.append(value)
            if code in "aAzZ" and isinstance(node.get("value"), dict):
                # Raw non-ASCII bytes recorded under an ASCII type: the writer keeps
                # that type code only for the recorded value.
                tape[-1].value = value
        if done and ref_index is not None and code not in "rR0":
            refs[ref_index] = value
        # ---- climb: hand finished values to their containers --------------------
        while done:
            if not stack:
                return Built(version, header, value, tape)
            top = stack[-1]
            if value is not _NULL:
                top.items.append(value)
            elif top.code not in "{}":
                raise BuildError(f"{path}: NULL inside a {top.code!r}", offset=_off(node))
            top.index += 1
            if top.index < len(top.children):
                break
            stack.pop()
            value = _finish(top, version)
            if top.slot is not None:
                refs[top.slot] = value
            path = top.path
        else:
            top = stack[-1]
        node = top.children[top.index]
        path = f"{top.path}.items[{top.index}]"


def _finish(frame: _Frame, version: VersionInfo) -> Any:
    """The value of a completed container or code node, as the readers make it."""
    code = frame.code
    items = frame.items
    if code in "cC":
        return _make_code(frame, version)
    if code == ":" and len(items) != 3:
        raise BuildError(f"{frame.path}: a slice has 3 items, not {len(items)}")
    if code in "{}" and len(items) % 2:
        raise BuildError(f"{frame.path}: a dict key without a value")
    try:
        return make_container(ord(code), items, _off(frame.node) or 0)
    except BytescopeError as exc:  # an unhashable set item or dict key
        raise BuildError(f"{frame.path}: {exc.message}", offset=_off(frame.node),
                         expected=exc.expected) from None


def _make_code(frame: _Frame, version: VersionInfo) -> Code:
    """The code object of a code node: its ``fields`` (ints), items (objects), in layout order."""
    ints = frame.node.get("fields") or {}
    if not isinstance(ints, dict):
        raise BuildError(f"{frame.path}: fields is not an object")
    plan = code_plan(version)
    objects = iter(frame.items)
    values: list[Any] = []
    for (name, kind), attr in zip(plan.layout, plan.attrs):
        if kind == "o":
            try:
                values.append(next(objects))
            except StopIteration:
                raise BuildError(
                    f"{frame.path}: code object lacks its {attr} item",
                    offset=_off(frame.node),
                    expected=f"one item per object field of the {version.name} layout",
                ) from None
        else:
            value = ints.get(name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise BuildError(f"{frame.path}: fields.{name} is missing or not an int",
                                 offset=_off(frame.node))
            values.append(value)
    if next(objects, _NULL) is not _NULL:
        raise BuildError(f"{frame.path}: code object has more items than its layout")
    problem = plan.problem(values)
    if problem is not None:
        message, expected = problem
        raise BuildError(f"{frame.path}: {message}", offset=_off(frame.node), expected=expected)
    try:
        return plan.make(version, values)
    except BytescopeError as exc:
        raise BuildError(f"{frame.path}: {exc}", offset=_off(frame.node)) from None


def build_json(doc: Union[dict[str, Any], str, bytes], *, validate: bool = True) -> bytes:
    """Return the pyc (or raw marshal) bytes a ``dump --json`` document describes.

    ``trailing_bytes`` (bytes after the marshalled object, which CPython
    ignores) are written back too.

    ``doc`` is the parsed document or its JSON text.  With ``validate`` code
    objects are checked before writing.  Raises :class:`BuildError` on a
    malformed document and :class:`~bytescope.edit.EditError` on invalid code.
    """
    import json

    if isinstance(doc, (str, bytes)):
        try:
            doc = json.loads(doc)
        except ValueError as exc:
            raise BuildError(f"not valid JSON: {exc}") from None
        except RecursionError:
            raise BuildError("JSON nested too deeply for the host's json parser") from None
    built = from_json(doc)  # type: ignore[arg-type]
    if validate and isinstance(built.value, Code):
        from .edit import validate as check

        check(built.value)
    trailing = doc.get("trailing_bytes") or ""  # type: ignore[union-attr]
    try:
        tail = bytes.fromhex(trailing)
    except (TypeError, ValueError):
        raise BuildError("trailing_bytes is not hex", expected="a hex string") from None
    return pyc_bytes(built.value, built.version, built.header_bytes, spans=built.tape,
                     trailing=tail)
