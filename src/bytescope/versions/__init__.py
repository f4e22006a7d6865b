"""The versions table: what a magic number says about a pyc.

Every other layer asks this module how to read a file, so that no other code
needs ``if version >= (3, 11)``: it asks for a named trait instead
(``v.header_size``, ``v.code_layout``, ``v.has_exception_table``).

Public entry points:

* :func:`by_magic` -- the :class:`VersionInfo` for the first bytes of a pyc;
* :func:`by_name` -- the record for ``"3.11"``, ``"2.7"``, ``"pypy2.7"``
  (used by ``--python-version`` and for headerless marshal data);
* :func:`host` -- the record of the running interpreter's own version.
"""

from __future__ import annotations

import bisect
import struct
import sys
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Optional

from ..errors import BadMagic, UnsupportedVersion
from .lines import CODE_LAYOUTS, CODE_TYPE_CODES, LINES, MARSHAL_CODES, Field
from .magics import MAGICS, OLD_MAGIC_SUFFIXES, RESERVED_BLOCKS
from .releases import ALSO_WRITTEN_BY, LAST_RELEASES, LINE_ALIASES, release_before, release_key

__all__ = ["VersionInfo", "by_magic", "by_name", "host", "identify", "known_lines", "known_names",
           "magic_bytes"]


@dataclass(frozen=True)
class VersionInfo:
    """Everything bytescope needs to know about one pyc format.

    One record exists per (release line, era): the final release of a line and
    the pre-releases that share its layout share one record.
    """

    key: str
    """Release line key: ``"3.8"``, ``"2.7"``, ``"pypy2.7"``."""
    implementation: str
    """``"CPython"`` or ``"PyPy"``."""
    version: tuple[int, int]
    magic: int
    """The magic number this record was looked up by (or the line's newest)."""
    magic_label: str
    """The release that introduced :attr:`magic`, e.g. ``"3.8b4"`` (its first release)."""
    header_size: int
    marshal_version: int
    code_layout: tuple[Field, ...]
    code_layout_name: str
    strings: str
    """``"py2"`` (``str`` is bytes, interned string table) or ``"py3"``."""
    wordcode: bool
    """True for 2-byte instructions (3.6a2 on)."""
    line_table: str
    """``lnotab`` | ``lnotab_signed`` | ``linetable`` (3.10) | ``locations`` (3.11+)."""
    flag_names: dict[int, str] = field(repr=False, compare=False)
    unsupported: Optional[str] = None
    localsplus_arg_kinds: bool = False
    """True where ``co_localspluskinds`` marks arguments (CO_FAST_ARG_*, 3.14+)."""
    code_lists: bool = False
    """True where ``co_consts`` and ``co_names`` are lists, not tuples (Python 1.0)."""
    float_repr: str = "short"
    """``"short"``: the shortest repr that round-trips (2.7, 3.1 on); ``"17g"``: ``%.17g``."""
    byte_names: bool = False
    """True where a Python 3 line writes identifiers (names, filename, code name) as
    byte strings ``'s'`` (PyPy3 for Python 3.2)."""
    source_hash_rounds: Optional[tuple[int, int]] = None
    """The SipHash (compression, finalization) rounds of the line's PEP 552 source
    hashes: (2, 4) for 3.7 - 3.10, (1, 3) from 3.11; None where the line has no
    hash-based pycs or its algorithm is not known (PyPy)."""
    releases: str = field(default="", compare=False)
    """The releases that wrote :attr:`magic`: ``"2.7a0 … 2.7.18"``, ``"3.14rc3 …
    3.14.x"`` (the line is still maintained), ``"3.8b2, replaced by 3413 in 3.8b4"``."""
    last_release: Optional[str] = field(default=None, compare=False)
    """The last release that wrote :attr:`magic` (``"2.7.18"``, ``"3.12.x"`` for a line
    still maintained), or None where the table does not know it (superseded
    pre-release magics, PyPy)."""

    @property
    def name(self) -> str:
        """Human name, e.g. ``"CPython 3.8"``, ``"CPython 1.1 or 1.2"`` (a shared format)."""
        line = _LINE_NAMES.get(self.key, f"{self.version[0]}.{self.version[1]}")
        return f"{self.implementation} {line}"

    @property
    def magic_text(self) -> str:
        """``"magic 62211: 2.7a0 … 2.7.18"``: the number and the releases that wrote it."""
        return f"magic {self.magic}: {self.releases or self.magic_label}"

    def has_code_field(self, name: str) -> bool:
        """True where this version's code objects store field ``name`` (``"posonlyargcount"``)."""
        return any(field_name == name for field_name, _ in self.code_layout)

    # Traits derived from the fields above, computed once (hot paths ask often).
    marshal_codes: frozenset[int] = field(init=False, repr=False, compare=False)
    """The marshal type codes (without FLAG_REF) this format may contain, the
    version's code-object type code (:attr:`code_type_code`) included."""
    code_type_code: int = field(init=False, repr=False, compare=False)
    """The marshal type code of a code object: ``c`` (``C`` in Python 1.0 - 1.2)."""
    uses_string_refs: bool = field(init=False, repr=False, compare=False)
    """True where marshal writes an interned string once (``t``) and refers back
    to it by index (``R``): marshal versions 1 and 2, Python 2.4 - 3.3."""
    has_exception_table: bool = field(init=False, repr=False, compare=False)
    """True where code objects carry ``co_exceptiontable`` (3.11+)."""
    has_qualname: bool = field(init=False, repr=False, compare=False)
    """True where code objects carry ``co_qualname`` (3.11+)."""
    has_localsplus: bool = field(init=False, repr=False, compare=False)
    """True where locals are ``co_localsplusnames`` + kinds (3.11+)."""

    def __post_init__(self) -> None:
        names = {name for name, _ in self.code_layout}
        code_char = ord(CODE_TYPE_CODES.get(self.code_layout_name, "c"))
        codes = _codes_for(self.marshal_version)
        if code_char not in codes:
            codes = (codes - {ord("c")}) | {code_char}
        object.__setattr__(self, "marshal_codes", codes)
        object.__setattr__(self, "code_type_code", code_char)
        object.__setattr__(self, "uses_string_refs", ord("R") in codes)
        object.__setattr__(self, "has_exception_table", "exceptiontable" in names)
        object.__setattr__(self, "has_qualname", "qualname" in names)
        object.__setattr__(self, "has_localsplus", "localsplusnames" in names)

    @property
    def has_hash_based_pycs(self) -> bool:
        """True where the header has the PEP 552 flags word (3.7a4+)."""
        return self.header_size == 16

    @property
    def has_source_size(self) -> bool:
        """True where the header records the source size (3.3a1+)."""
        return self.header_size >= 12

    @property
    def uses_refs(self) -> bool:
        """True where marshal has FLAG_REF and ``TYPE_REF`` (3.4+)."""
        return ord("r") in self.marshal_codes

    @property
    def is_py2(self) -> bool:
        """True where ``str`` constants are byte strings (Python 1.x and 2.x)."""
        return self.strings == "py2"

    @property
    def name_types(self) -> tuple[type, ...]:
        """The types an identifier (a name, ``co_filename``, ``co_name``) may have.

        ``(bytes, str)`` for Python 1.x/2.x (byte strings, or unicode) and the
        ``byte_names`` lines; ``(str,)`` otherwise.
        """
        return (bytes, str) if self.is_py2 or self.byte_names else (str,)

    @property
    def magic_bytes(self) -> bytes:
        """The four bytes a pyc of this version starts with."""
        return magic_bytes(self.magic, self.key)

    def flags_text(self, flags: int) -> list[str]:
        """Return the names of the bits set in ``flags`` (unknown bits as hex)."""
        names = []
        rest = flags
        for bit in sorted(self.flag_names):
            if flags & bit:
                names.append(self.flag_names[bit])
                rest &= ~bit
        if rest:
            names.append(hex(rest))
        return names


@cache
def _codes_for(marshal_version: int) -> frozenset[int]:
    return frozenset(ord(c) for c in MARSHAL_CODES[marshal_version])


def magic_bytes(magic: int, key: str = "") -> bytes:
    """Return the 4-byte magic word for ``magic`` of line ``key``."""
    return struct.pack("<H", magic) + OLD_MAGIC_SUFFIXES.get(key, b"\r\n")


# --- lookup tables built once from the data modules ------------------------

_BY_MAGIC: dict[int, tuple[str, str]] = {m: (line, label) for m, line, label in MAGICS}


#: Each line's magics with their labels, in the order CPython introduced them.
_LINE_MAGICS: dict[str, list[tuple[int, str]]] = {}
for _m, _line, _label in MAGICS:
    _LINE_MAGICS.setdefault(_line, []).append((_m, _label))


def _release_spans() -> dict[int, tuple[str, Optional[str]]]:
    """``magic -> (releases text, last release)`` for every listed magic."""
    spans: dict[int, tuple[str, Optional[str]]] = {}
    for line, entries in _LINE_MAGICS.items():
        last = LAST_RELEASES[line]
        for i, (m, label) in enumerate(entries):
            end: Optional[str] = None
            if last is None:  # dated only by its first release
                text = label
            elif i + 1 < len(entries):  # a later magic of the line replaced it
                later, later_label = entries[i + 1]
                end = release_before(later_label)
                if end:
                    text = f"{label} … {end}"
                elif later_label == label:
                    text = f"{label}, replaced by {later}"
                else:
                    text = f"{label}, replaced by {later} in {later_label}"
            else:
                end = last
                text = label if last == label else f"{label} … {last}"
            if m in ALSO_WRITTEN_BY:
                text += f"; also {ALSO_WRITTEN_BY[m]}"
            spans[m] = (text, end)
    return spans


_SPANS = _release_spans()
_LINE_NAMES: dict[str, str] = {}
for _alias, _target in LINE_ALIASES.items():
    _LINE_NAMES[_target] = f"{_LINE_NAMES.get(_target, _target)} or {_alias}"
_SORTED_MAGICS = sorted(_BY_MAGIC)
_NEWEST_MAGIC: dict[str, tuple[int, str]] = {}
for _m, _line, _label in MAGICS:
    if _line not in _NEWEST_MAGIC or _m > _NEWEST_MAGIC[_line][0]:
        _NEWEST_MAGIC[_line] = (_m, _label)


@cache
def _record(key: str, magic: int, label: str) -> VersionInfo:
    base = dict(LINES[key])
    eras = base.pop("eras", ())
    traits: dict[str, Any] = dict(base)
    for first, overrides in eras:
        if magic >= first:
            traits.update(overrides)
    layout_name = traits.pop("code_layout")
    releases, last = _SPANS.get(magic, (label, None))
    return VersionInfo(
        key=key,
        implementation=traits["implementation"],
        version=traits["version"],
        magic=magic,
        magic_label=label,
        header_size=traits["header_size"],
        marshal_version=traits["marshal_version"],
        code_layout=CODE_LAYOUTS[layout_name],
        code_layout_name=layout_name,
        strings=traits["strings"],
        wordcode=traits["wordcode"],
        line_table=traits["line_table"],
        flag_names=traits["flag_names"],
        unsupported=traits.get("unsupported"),
        localsplus_arg_kinds=traits.get("localsplus_arg_kinds", False),
        code_lists=traits.get("code_lists", False),
        byte_names=traits.get("byte_names", False),
        float_repr=traits.get("float_repr", "short"),
        source_hash_rounds=traits["source_hash_rounds"],  # every line states it
        releases=releases,
        last_release=last,
    )


def _nearest(magic: int) -> str:
    i = bisect.bisect_left(_SORTED_MAGICS, magic)
    around = []
    for j in (i - 1, i):
        if 0 <= j < len(_SORTED_MAGICS):
            m = _SORTED_MAGICS[j]
            around.append(f"{m} ({_BY_MAGIC[m][1]})")
    return " and ".join(around)


def identify(word: bytes) -> Optional[VersionInfo]:
    """Return the record a 4-byte magic word names, or None when it names none.

    Unlike :func:`by_magic` this never raises: it is for saying what a file's
    own magic means (a record whose format bytescope refuses to read, an
    early 3.11 alpha, is returned too, with ``unsupported`` set).
    """
    word = bytes(word[:4])
    if len(word) < 4:
        return None
    magic = word[0] | (word[1] << 8)
    suffix = word[2:]
    hit = _BY_MAGIC.get(magic)
    if hit is not None and suffix == OLD_MAGIC_SUFFIXES.get(hit[0], b"\r\n"):
        return _record(hit[0], magic, hit[1])
    if suffix == b"\r\n":
        for lo, hi, key in RESERVED_BLOCKS:
            if lo <= magic <= hi:
                return _record(key, magic, f"{key} (unlisted pre-release)")
    return None


def by_magic(data: bytes, offset: int = 0) -> VersionInfo:
    """Return the :class:`VersionInfo` for the magic word at ``data[offset:offset+4]``.

    Raises :class:`~bytescope.errors.BadMagic` when the bytes cannot be a pyc
    magic word at all (too short, or bytes 2-3 are neither ``\\r\\n`` nor an
    old-style suffix), and :class:`~bytescope.errors.UnsupportedVersion` when
    the number is well formed but unknown, or known but of a pre-release whose
    layout bytescope cannot read faithfully.
    """
    word = bytes(data[offset : offset + 4])
    if len(word) < 4:
        raise BadMagic(
            f"file too short for a pyc magic number ({len(word)} bytes)",
            offset=offset,
            expected="4 magic bytes",
        )
    info = identify(word)
    magic = word[0] | (word[1] << 8)
    if info is None and word[2:] == b"\r\n":
        raise UnsupportedVersion(
            f"unknown magic number {magic} (bytes {word.hex(' ')}); nearest known: "
            f"{_nearest(magic)}",
            offset=offset,
            expected="a known CPython or PyPy magic number "
            "(use --python-version to force one)",
        )
    if info is None:
        raise BadMagic(
            f"not a pyc file: magic bytes {word.hex(' ')} do not end in 0d 0a",
            offset=offset,
            expected="a pyc magic number (2 bytes, then \\r\\n)",
        )
    if info.unsupported:
        raise UnsupportedVersion(
            f"magic {magic} ({info.releases}): {info.unsupported}", offset=offset
        )
    return info


def by_name(name: str) -> VersionInfo:
    """Return the record of the pyc format that release or release line ``name`` wrote.

    ``name`` is a line (``"3.11"``, ``"2.7"``, ``"pypy2.7"``: its newest
    format), a release the table knows (``"1.2"``, which wrote 1.1's format;
    ``"3.5.1"``; ``"3.8b2"``: the magic that release wrote), optionally
    prefixed ``"CPython"``.  Raises :class:`UnsupportedVersion` for an unknown
    name and for a pre-release whose format bytescope cannot read.
    """
    text = name.strip().lower()
    if text.startswith("cpython"):
        text = text[len("cpython") :].strip()
    key = LINE_ALIASES.get(text, text)
    if key in _NEWEST_MAGIC:
        return _record(key, *_NEWEST_MAGIC[key])
    wanted = release_key(text)
    if wanted is not None:
        line = f"{wanted[0]}.{wanted[1]}"
        key = LINE_ALIASES.get(line, line)
        if key in _LINE_MAGICS:
            magic, label = _magic_of_release(key, wanted)
            info = _record(key, magic, label)
            if info.unsupported:
                raise UnsupportedVersion(
                    f"{name}: magic {magic} ({info.releases}): {info.unsupported}"
                )
            return info
    else:  # "pypy3.9.1": the patch level of a PyPy line says nothing more
        key = ".".join(text.split(".")[:2])
        if key in _NEWEST_MAGIC:
            return _record(key, *_NEWEST_MAGIC[key])
    raise UnsupportedVersion(
        f"unknown Python version {name!r}",
        expected="one of " + ", ".join(known_names()) + ", or a release such as 3.8.10 or 3.8b2",
    )


def _magic_of_release(key: str, wanted: tuple[int, ...]) -> tuple[int, str]:
    """The magic (and its label) of line ``key`` that the release ``wanted`` wrote.

    That is the line's last magic first written at or before ``wanted``
    (magics are listed in the order CPython introduced them); labels that are
    no release name (``"3000"``, Python 3000's development) count as earliest.
    """
    entries = _LINE_MAGICS[key]
    chosen = entries[0]
    for magic, label in entries:
        first = release_key(label) or (wanted[0], wanted[1], 0, -1, 0)
        if first <= wanted:
            chosen = (magic, label)
    return chosen


def host() -> VersionInfo:
    """Return the record of the running interpreter's own pyc format."""
    import importlib.util

    impl = "pypy" if sys.implementation.name == "pypy" else ""
    try:
        return by_magic(importlib.util.MAGIC_NUMBER)
    except UnsupportedVersion:
        return by_name(f"{impl}{sys.version_info[0]}.{sys.version_info[1]}")


def known_lines() -> list[str]:
    """Return every release line key the table knows, oldest first."""
    return list(LINES)


def known_names() -> list[str]:
    """Return every line key and every release alias (``"1.2"``) :func:`by_name` takes."""
    names = list(LINES)
    for alias, target in LINE_ALIASES.items():
        names.insert(names.index(target) + 1, alias)
    return names
