"""``Code``: one immutable code-object model for every Python version.

Attribute names follow CPython's own (``co_code``, ``co_consts``, ...), so
code written against ``types.CodeType`` reads a :class:`Code` the same way.
Values are kept exactly as the pyc held them: in Python 1.x/2.x pycs names and
``str`` constants are ``bytes`` (marshal ``s``/``t``), ``unicode`` constants
are ``str``; in Python 3 pycs names are ``str``.

Fields a version does not have hold their neutral value (0, ``()``, ``b""``,
or ``None`` for ``co_qualname`` and the 3.11+ localsplus pair).  The two ways
locals are recorded are both available on every version: 3.11+ stores
``co_localsplusnames``/``co_localspluskinds`` and :class:`Code` derives
``co_varnames``/``co_cellvars``/``co_freevars`` from them exactly as CPython
does; older versions store the three tuples.

Every field is declared with its type, the union over all versions (see
:class:`Code`), so that a type checker follows ``pyc.code.co_consts``.

This module is the model layer: it imports the versions table and the value
types, nothing above them.  :meth:`Code.from_host` and :meth:`Code.to_host`
go through the host's ``marshal`` and bytescope's marshal reader and writer,
which sit above the model; the marshal layer installs that bridge
(:func:`install_host_bridge`) when ``bytescope`` is imported.
"""

from __future__ import annotations

import struct
import sys
import types
from itertools import compress as _compress
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Generic,
    Iterator,
    Optional,
    Sequence,
    TypedDict,
    TypeVar,
    Union,
)

from .errors import BadCode
from .values import OrderedFrozenset, OrderedSet, Py2Long, TextComplex, TextFloat
from .versions import VersionInfo
from .versions import host as host_version

if TYPE_CHECKING:  # typing only (Unpack is typing's from 3.11 on)
    from typing_extensions import Unpack

# co_localspluskinds bits (3.11+), from CPython's Include/internal/pycore_code.h.
CO_FAST_HIDDEN = 0x10
CO_FAST_ARG_POS = 0x02
CO_FAST_ARG_KW = 0x04
CO_FAST_ARG_VAR = 0x08
CO_FAST_LOCAL = 0x20
CO_FAST_CELL = 0x40
CO_FAST_FREE = 0x80

#: Every field of the model, in a fixed order (used for equality and repr).
FIELDS: tuple[str, ...] = (
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_stacksize",
    "co_flags",
    "co_code",
    "co_consts",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_localsplusnames",
    "co_localspluskinds",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_firstlineno",
    "co_linetable",
    "co_exceptiontable",
)

#: An identifier (a name, ``co_filename``, ``co_name``): ``str`` on Python 3; on
#: Python 1.x/2.x a byte string (``str``) or, rarely, ``unicode``; PyPy3 2.4 writes
#: byte strings too (``VersionInfo.name_types`` says which a version may hold).
Name = Union[str, bytes]
#: A tuple of identifiers as Python 1.x/2.x may store it: a tuple, or None (the
#: marshal format accepted None for an absent tuple, and real files hold it).
NameTuple = Optional[tuple[Name, ...]]


class CodeFields(TypedDict, total=False):
    """The keyword arguments of :class:`Code` and :meth:`Code.replace`: its fields, typed."""

    co_argcount: int
    co_posonlyargcount: int
    co_kwonlyargcount: int
    co_nlocals: int
    co_stacksize: int
    co_flags: int
    co_code: bytes
    co_consts: Sequence[Any]
    co_names: Optional[Sequence[Name]]
    co_varnames: NameTuple
    co_freevars: NameTuple
    co_cellvars: NameTuple
    co_localsplusnames: Optional[tuple[str, ...]]
    co_localspluskinds: Optional[bytes]
    co_filename: Name
    co_name: Name
    co_qualname: Optional[str]
    co_firstlineno: int
    co_linetable: bytes
    co_exceptiontable: bytes


class _Replacement(CodeFields, total=False):
    """:meth:`Code.replace`'s keywords: the fields, and ``version``."""

    version: VersionInfo


#: The fields that are lists, not tuples, where ``version.code_lists`` (Python 1.0).
LIST_FIELDS: tuple[str, ...] = ("co_consts", "co_names")
#: The tuples of identifiers: CPython interns their items, each must be a string
#: (Python 1.x/2.x files may hold None for one).
NAME_TUPLE_FIELDS: tuple[str, ...] = (
    "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_localsplusnames",
)
#: Every field that holds a tuple: the constants and the tuples of identifiers.
TUPLE_FIELDS: tuple[str, ...] = ("co_consts", *NAME_TUPLE_FIELDS)
#: The fields that hold bytes.
BYTES_FIELDS: tuple[str, ...] = (
    "co_code", "co_linetable", "co_exceptiontable", "co_localspluskinds",
)
#: The fields that hold one identifier.
NAME_FIELDS: tuple[str, ...] = ("co_filename", "co_name", "co_qualname")

# marshal layout field name -> model attribute
LAYOUT_TO_ATTR: dict[str, str] = {
    "argcount": "co_argcount",
    "posonlyargcount": "co_posonlyargcount",
    "kwonlyargcount": "co_kwonlyargcount",
    "nlocals": "co_nlocals",
    "stacksize": "co_stacksize",
    "flags": "co_flags",
    "code": "co_code",
    "consts": "co_consts",
    "names": "co_names",
    "varnames": "co_varnames",
    "freevars": "co_freevars",
    "cellvars": "co_cellvars",
    "localsplusnames": "co_localsplusnames",
    "localspluskinds": "co_localspluskinds",
    "filename": "co_filename",
    "name": "co_name",
    "qualname": "co_qualname",
    "firstlineno": "co_firstlineno",
    "lnotab": "co_linetable",
    "linetable": "co_linetable",
    "exceptiontable": "co_exceptiontable",
}


_T = TypeVar("_T")


class _DerivedLocal(Generic[_T]):
    """A 3.11+ derived field (``co_varnames``, ...), computed on its first read.

    Before 3.11 the field is stored in the instance ``__dict__``, which wins
    over this non-data descriptor; so does the derived value once stored.  The
    reader builds thousands of code objects that are never asked for their
    locals, so deriving them in every load would be wasted work.
    """

    __slots__ = ("name", "default")

    def __init__(self, name: str, default: _T) -> None:
        self.name = name
        self.default = default

    def __get__(self, obj: Optional[Code], owner: Any = None) -> _T:
        if obj is None or not obj.version.has_localsplus:
            return self.default
        d = obj.__dict__
        d.update(_split_localsplus(obj))
        return d[self.name]


class Code:
    """An immutable code object of any Python version.

    Build one with keyword arguments named like CPython's attributes; fields
    not given take their neutral value.  Use :meth:`replace` to derive an
    edited copy.  Equality compares the version key and every field.

    On 3.11+ ``co_localsplusnames``/``co_localspluskinds`` are the stored
    truth and ``co_varnames``/``co_cellvars``/``co_freevars``/``co_nlocals``
    are derived from them; given only the three tuples, the pair is built.

    The field types are the union over every version: identifiers are
    :data:`Name` (``bytes`` or ``str`` before Python 3), ``co_consts`` and
    ``co_names`` are lists in Python 1.0 (``Sequence``), the name tuples of
    Python 1.x/2.x files may be None, and fields a version lacks hold the
    neutral value shown here.  ``version`` says what a value can be.
    """

    # Fields live in the instance __dict__ (one update() builds a code object:
    # the reader makes thousands); fields a version lacks fall back to these
    # neutral class-level values.
    version: VersionInfo
    co_argcount: int = 0
    co_posonlyargcount: int = 0
    co_kwonlyargcount: int = 0
    co_stacksize: int = 0
    co_flags: int = 0
    co_code: bytes = b""
    co_consts: Sequence[Any] = ()
    """The constants: a tuple (a list in Python 1.0)."""
    co_names: Optional[Sequence[Name]] = ()
    """Global and attribute names: a tuple (a list in Python 1.0; None in a few 1.x/2.x files)."""
    co_localsplusnames: Optional[tuple[str, ...]] = None
    """3.11+: the names of every local, cell and free variable (None before 3.11)."""
    co_localspluskinds: Optional[bytes] = None
    """3.11+: one ``CO_FAST_*`` kind byte per name of ``co_localsplusnames`` (None before)."""
    co_filename: Name = ""
    co_name: Name = ""
    co_qualname: Optional[str] = None
    """3.11+ (and PyPy 3.11): the qualified name (None before)."""
    co_firstlineno: int = 0
    co_linetable: bytes = b""
    """The line table: ``co_lnotab`` up to 3.9, then ``co_linetable`` (3.10 and 3.11+ formats)."""
    co_exceptiontable: bytes = b""
    # Stored before 3.11, derived from the localsplus pair on first read from 3.11 on.
    co_nlocals = _DerivedLocal[int]("co_nlocals", 0)
    co_varnames = _DerivedLocal[NameTuple]("co_varnames", ())
    co_freevars = _DerivedLocal[NameTuple]("co_freevars", ())
    co_cellvars = _DerivedLocal[NameTuple]("co_cellvars", ())
    _hash: Optional[int] = None

    def __init__(self, version: VersionInfo, **fields: Unpack[CodeFields]) -> None:
        unknown = fields.keys() - _FIELD_SET
        if unknown:
            raise TypeError(f"Code() got unknown fields: {', '.join(sorted(unknown))}")
        d = self.__dict__
        d.update(fields)
        d["version"] = version
        if version.has_localsplus:
            if fields.get("co_localsplusnames") is None and (_LOCAL_TUPLES & fields.keys()):
                names, kinds = build_localsplus(
                    fields.get("co_varnames") or (),
                    fields.get("co_cellvars") or (),
                    fields.get("co_freevars") or (),
                    **_arg_shape(self, version),
                )
                d["co_localsplusnames"] = names
                d["co_localspluskinds"] = kinds
            _derive_locals(self)

    @classmethod
    def from_layout(
        cls, version: VersionInfo, attrs: tuple[str, ...], values: Sequence[Any]
    ) -> Code:
        """Return the code object whose fields ``attrs`` hold ``values``, types unchecked.

        The readers' constructor (see :mod:`bytescope.marshal.codeplan`, which
        checks the types first): fields not named take their neutral value,
        and 3.11+ locals are derived from localsplus when first read.  Raises
        :class:`BadCode` when the localsplus names and kinds disagree.
        """
        self = object.__new__(cls)
        d = self.__dict__
        d.update(zip(attrs, values))
        d["version"] = version
        if version.has_localsplus:
            _check_localsplus(self)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Code objects are immutable; use .replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Code objects are immutable")

    def fields(self) -> dict[str, Any]:
        """Return every model field as a dict (derived locals included)."""
        return {name: getattr(self, name) for name in FIELDS}

    def replace(self, **changes: Unpack[_Replacement]) -> Code:
        """Return a copy with the given fields replaced (``co_consts=...``).

        ``version=`` may also be given.  On 3.11+, changing any of
        ``co_varnames``/``co_cellvars``/``co_freevars`` (without giving
        ``co_localsplusnames``) rebuilds the localsplus pair, keeping the
        kind bits of names that stay.  Raises ``TypeError`` on unknown names.
        """
        version = changes.pop("version", self.version)
        values = self.fields()
        if version.has_localsplus and "co_localsplusnames" not in changes:
            if _LOCAL_TUPLES & changes.keys():
                merged = {**values, **changes}
                names, kinds = build_localsplus(
                    merged["co_varnames"],
                    merged["co_cellvars"],
                    merged["co_freevars"],
                    **_arg_shape(merged, version),
                    old_kinds=self.co_localspluskinds,
                    old_names=self.co_localsplusnames,
                )
                changes["co_localsplusnames"] = names
                changes["co_localspluskinds"] = kinds
        values.update(changes)
        return Code(version, **values)

    # --- protocol ----------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        """Field-by-field equality, nested code included, without recursion.

        Constants compare strictly, as CPython's code equality does: ``1``,
        ``1.0`` and ``True`` differ, ``0.0`` and ``-0.0`` differ, a NaN equals
        a NaN with the same bits.
        """
        if not isinstance(other, Code):
            return NotImplemented
        pairs: list[tuple[Any, Any]] = [(self, other)]
        while pairs:
            a, b = pairs.pop()
            if a is b:
                continue
            if isinstance(a, Code):
                if not isinstance(b, Code) or a.version.key != b.version.key:
                    return False
                for name in FIELDS:
                    x, y = getattr(a, name), getattr(b, name)
                    if name == "co_consts":
                        pairs.append((x, y))
                    elif x != y or _kind(x) is not _kind(y):
                        return False
            elif _kind(a) is not _kind(b):
                return False
            elif isinstance(a, (tuple, list)):  # lists: Python 1.0's co_consts
                if len(a) != len(b):
                    return False
                pairs.extend(zip(a, b))
            elif isinstance(a, float):
                if _float_bits(a) != _float_bits(b):
                    return False
            elif isinstance(a, complex):
                if (_float_bits(a.real), _float_bits(a.imag)) != (
                    _float_bits(b.real),
                    _float_bits(b.imag),
                ):
                    return False
            elif a != b:
                return False
        return True

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        # Only shallow fields: equal objects agree on them, and hashing stays
        # flat however deeply code objects nest.
        cached = self._hash
        if cached is None:
            cached = hash(
                (
                    self.version.key,
                    self.co_name,
                    self.co_qualname,
                    self.co_firstlineno,
                    self.co_code,
                    len(self.co_consts),
                )
            )
            self.__dict__["_hash"] = cached
        return cached

    def __repr__(self) -> str:
        return (
            f"<Code {self.qualname or self.name} ({self.version.name}), file {self.filename!r}, "
            f"line {self.co_firstlineno}>"
        )

    # --- convenience -------------------------------------------------------

    @property
    def flag_names(self) -> list[str]:
        """Names of the ``co_flags`` bits set, per this code's version."""
        return self.version.flags_text(self.co_flags)

    @property
    def name(self) -> str:
        """``co_name`` as text (Python 1.x/2.x store identifiers as bytes; see :func:`as_text`)."""
        return as_text(self.co_name)

    @property
    def qualname(self) -> str:
        """``co_qualname`` as text where the version stores one (3.11+), else :attr:`name`."""
        qualname = self.co_qualname
        return self.name if qualname is None else as_text(qualname)

    @property
    def filename(self) -> str:
        """``co_filename`` as text (see :func:`as_text`)."""
        return as_text(self.co_filename)

    @property
    def co_lnotab(self) -> Optional[bytes]:
        """The raw ``co_lnotab`` for versions that store one (<= 3.9), else None."""
        if self.version.line_table.startswith("lnotab"):
            return self.co_linetable
        return None

    def iter_code(self) -> Iterator[Code]:
        """Yield this code object and every nested one, depth first, in const order.

        Iterative, so deeply nested input cannot exhaust the Python stack.
        """
        stack: list[Code] = [self]
        while stack:
            code = stack.pop()
            yield code
            nested = [c for c in code.co_consts if isinstance(c, Code)]
            stack.extend(reversed(nested))

    # --- host interop ------------------------------------------------------

    @classmethod
    def from_host(cls, co: types.CodeType) -> Code:
        """Return the :class:`Code` equal to the host's own code object ``co``.

        Nested code objects in ``co_consts`` are converted too.  The version
        is the host's.  (What the host's ``marshal`` writes for ``co``, read
        back by bytescope's reader: exact about what Python does not expose,
        such as the 3.11+ localsplus kinds.)
        """
        return _bridge().from_host(co)

    def to_host(self) -> types.CodeType:
        """Return the host's ``types.CodeType`` equal to this code object.

        Raises :class:`~bytescope.errors.BadCode` when this code's version is
        not the host's (the host cannot represent another version's code).
        """
        hv = host_version()
        if (self.version.key, self.version.code_layout_name) != (hv.key, hv.code_layout_name):
            raise BadCode(
                f"cannot build a host code object from {self.version.name} code "
                f"on {hv.name}"
            )
        return _bridge().to_host(self)


class HostBridge:
    """The conversions between :class:`Code` and the host's code objects.

    Both go through marshal bytes (the host's ``marshal`` on one side,
    bytescope's reader or writer on the other), which live above the model:
    :mod:`bytescope.marshal.host` installs its bridge with
    :func:`install_host_bridge`.
    """

    __slots__ = ("from_host", "to_host")

    def __init__(
        self,
        from_host: Callable[[types.CodeType], Code],
        to_host: Callable[[Code], types.CodeType],
    ) -> None:
        self.from_host = from_host
        self.to_host = to_host


_BRIDGE: list[HostBridge] = []


def install_host_bridge(bridge: HostBridge) -> None:
    """Make :meth:`Code.from_host` and :meth:`Code.to_host` use ``bridge``."""
    _BRIDGE[:] = [bridge]


def _bridge() -> HostBridge:
    if not _BRIDGE:  # pragma: no cover - ``import bytescope`` installs it
        raise RuntimeError("no host bridge: import bytescope (bytescope.marshal.host) first")
    return _BRIDGE[0]


def as_text(value: Any) -> str:
    """Return an identifier (a name, a file name) as text.

    Python 1.x/2.x pycs store them as byte strings: those are decoded as
    Latin-1, one character per byte, so ``as_text(b).encode("latin-1") == b``
    and no byte is lost or refused.  Text is returned as is.
    """
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


_FIELD_SET = frozenset(FIELDS)
_DOUBLE = struct.Struct("<d")


def _float_bits(value: float) -> bytes:
    return _DOUBLE.pack(value)


def _kind(value: Any) -> type:
    """The type a value compares as: marshal's order-keeping subclasses count as their base."""
    t = type(value)
    return _BASE_KIND.get(t, t)


_BASE_KIND: dict[type, type] = {
    OrderedFrozenset: frozenset,
    OrderedSet: set,
    TextFloat: float,
    TextComplex: complex,
    Py2Long: int,
}


_DERIVED = ("co_varnames", "co_cellvars", "co_freevars", "co_nlocals")
_LOCAL_TUPLES = frozenset(("co_varnames", "co_cellvars", "co_freevars"))


def _derive_locals(code: Code) -> None:
    """Store the 3.11+ derived locals (varnames/cellvars/freevars/nlocals) on ``code``."""
    d = code.__dict__
    if d.get("co_localsplusnames") is None:
        d["co_localsplusnames"] = ()
        d["co_localspluskinds"] = b""
    d.update(_split_localsplus(code))


def _check_localsplus(code: Code) -> None:
    """Check the 3.11+ localsplus pair of a new code object; derived fields wait.

    Raises :class:`BadCode` as :func:`_split_localsplus` would, so a bad pair
    is refused when it is read, not when its locals are first asked for.
    """
    d = code.__dict__
    names = d.get("co_localsplusnames")
    kinds = d.get("co_localspluskinds")
    if names is None:
        d["co_localsplusnames"] = ()
        d["co_localspluskinds"] = b""
        if kinds:
            _split_localsplus(code)  # raises: kinds without names
    elif type(names) is not tuple or type(kinds) is not bytes or len(names) != len(kinds):
        _split_localsplus(code)  # raises the precise error, or accepts a bytearray


def _arg_shape(source: Any, version: VersionInfo) -> dict[str, Any]:
    """The argument-count keywords of :func:`build_localsplus`, from a Code or a dict."""
    get = source.get if isinstance(source, dict) else lambda k: getattr(source, k)
    return {
        "argcount": get("co_argcount"),
        "posonlyargcount": get("co_posonlyargcount"),
        "kwonlyargcount": get("co_kwonlyargcount"),
        "flags": get("co_flags"),
        "arg_kinds": version.localsplus_arg_kinds,
    }


def _split_localsplus(code: Code) -> dict[str, Any]:
    """Derive varnames/cellvars/freevars/nlocals from localsplus, as CPython 3.11+ does.

    Returns the four derived fields as a dict; raises :class:`BadCode` when
    the names are not a tuple, the kinds not bytes, or their lengths differ.
    """
    names = code.co_localsplusnames or ()
    kinds = code.co_localspluskinds or b""
    if not isinstance(names, tuple):
        raise BadCode("co_localsplusnames is not a tuple", expected="a tuple of names")
    if not isinstance(kinds, (bytes, bytearray)):
        raise BadCode("co_localspluskinds is not bytes", expected="a bytes object")
    if len(kinds) != len(names):
        raise BadCode(
            f"co_localspluskinds has {len(kinds)} entries for {len(names)} names",
            expected="one kind byte per name",
        )
    # Selector bytes per kind bit, then C-level filtering (no per-name Python step).
    varnames = tuple(_compress(names, kinds.translate(_SEL_LOCAL)))
    if 1 in kinds.translate(_SEL_CELL_OR_FREE):
        cellvars = tuple(_compress(names, kinds.translate(_SEL_CELL)))
        freevars = tuple(_compress(names, kinds.translate(_SEL_FREE)))
    else:
        cellvars = freevars = ()
    return {
        "co_varnames": varnames,
        "co_cellvars": cellvars,
        "co_freevars": freevars,
        "co_nlocals": len(varnames),
    }


def _selector(bit: int) -> bytes:
    return bytes(1 if k & bit else 0 for k in range(256))


_SEL_LOCAL = _selector(CO_FAST_LOCAL)
_SEL_CELL = _selector(CO_FAST_CELL)
_SEL_FREE = _selector(CO_FAST_FREE)
_SEL_CELL_OR_FREE = _selector(CO_FAST_CELL | CO_FAST_FREE)


def build_localsplus(
    varnames: tuple[Any, ...],
    cellvars: tuple[Any, ...],
    freevars: tuple[Any, ...],
    *,
    argcount: int = 0,
    posonlyargcount: int = 0,
    kwonlyargcount: int = 0,
    flags: int = 0,
    arg_kinds: bool = False,
    old_kinds: Optional[bytes] = None,
    old_names: Optional[tuple[Any, ...]] = None,
) -> tuple[tuple[Any, ...], bytes]:
    """Return ``(co_localsplusnames, co_localspluskinds)`` for three tuples (3.11+).

    Argument cells stay merged with their argument, as CPython lays them out.
    With ``arg_kinds`` (3.14+) argument slots get their CO_FAST_ARG_* bits.
    Hidden bits of names that existed before (``old_names``/``old_kinds``)
    are kept, so hidden comprehension locals survive an edit.
    """
    previous = dict(zip(old_names or (), old_kinds or b""))
    varargs = bool(flags & 0x4)
    kwonly_end = argcount + kwonlyargcount
    names: list[Any] = []
    kinds: list[int] = []
    cells = list(cellvars)
    for i, name in enumerate(varnames):
        kind = CO_FAST_LOCAL | (previous.get(name, 0) & CO_FAST_HIDDEN)
        if arg_kinds:
            if i < posonlyargcount:
                kind |= CO_FAST_ARG_POS
            elif i < argcount:
                kind |= CO_FAST_ARG_POS | CO_FAST_ARG_KW
            elif i < kwonly_end:
                kind |= CO_FAST_ARG_KW
            elif i == kwonly_end and varargs:
                kind |= CO_FAST_ARG_VAR | CO_FAST_ARG_POS
            elif i == kwonly_end + varargs and flags & 0x8:
                kind |= CO_FAST_ARG_VAR | CO_FAST_ARG_KW
        if name in cells:
            kind |= CO_FAST_CELL
            cells.remove(name)
        names.append(name)
        kinds.append(kind)
    for name in cells:
        names.append(name)
        kinds.append(CO_FAST_CELL | (previous.get(name, 0) & CO_FAST_HIDDEN))
    for name in freevars:
        names.append(name)
        kinds.append(CO_FAST_FREE)
    return tuple(names), bytes(kinds)


def host_supports(version: VersionInfo) -> bool:
    """Return True when the host interpreter can build code of ``version``."""
    hv = host_version()
    return (hv.key, hv.code_layout_name) == (version.key, version.code_layout_name) and (
        sys.implementation.name == "cpython" or version.implementation == "PyPy"
    )
