"""The same-version fast path: the host's C ``marshal`` reads, :class:`HostCode` wraps.

When a pyc's format is exactly the running interpreter's (same release line
and code layout, CPython), a caller who *trusts* the file can have the host's
C ``marshal.loads`` parse it instead of bytescope's pure-Python reader
(``bytescope.loads(data, trusted=True)``).  It is opt-in: CPython's own
unmarshaller is not hardened against hostile data (it may crash the process
or exhaust memory), and it skips bytescope's checks and limits.

The host's code objects are not converted up front (that costs several times
the parse itself).  :class:`HostCode` is a :class:`~bytescope.code.Code` that
wraps one host ``types.CodeType`` and fills its fields into its instance
``__dict__`` on first use, through non-data descriptors defined on the class
for every model field, so that after the first access plain instance lookup
applies:

* the plain fields (ints, ``co_code``, names, the derived locals, line and
  exception tables) all at once, from the host object's attributes;
* ``co_consts`` on its own access: nested host code objects become
  :class:`HostCode` too (lazily again), frozensets become
  :class:`~bytescope.values.OrderedFrozenset`;
* ``co_localsplusnames`` (3.11+) from ``co._varname_from_oparg`` (exact);
* ``co_localspluskinds`` (3.11+): the host does not expose it and rebuilding
  it from the three name tuples would lose kind bits CPython keeps (hidden
  locals, argument kinds, any extra bit a file holds), so it is taken from the
  checked reader's own reading of the same bytes (the *shadow*, read once per
  file on first need and shared by every code object of that file).

Constants whose value the host object cannot give exactly -- frozensets and
sets of two items or more (their stream order is gone: a host set iterates in
hash order), lists, dicts, slices -- are likewise taken from the shadow.  The
annotated dump, ``dis``, the writer and equality never see a difference:
``loads(data, trusted=True).code == loads(data).code`` for every pyc.

The end of the marshalled object (``Pyc.trailing``) is not reported by
``marshal.loads``; the fast path checks that the data ends with the encoding
of the top code object's last fields (first line number, line table,
exception table) and otherwise falls back to the checked reader.  Whatever
the host rejects also falls back, so errors keep bytescope's offsets.

This module also converts between :class:`~bytescope.code.Code` and the host's
code objects (:func:`code_from_host`, :func:`code_to_host`, through marshal
bytes), and installs them as the model's ``Code.from_host``/``Code.to_host``.
"""

from __future__ import annotations

import marshal
import operator
import struct
import sys
import types
from typing import Any, Callable, Optional, cast

from ..code import FIELDS, Code, HostBridge, host_supports, install_host_bridge
from ..values import EMPTY_FROZENSET, OrderedFrozenset
from ..versions import VersionInfo
from ..versions import host as host_version
from .codeplan import code_plan
from .reader import read as _read
from .span import ReadResult

__all__ = ["HostCode", "code_from_host", "code_to_host", "read_host", "usable"]

_CodeType = types.CodeType
_I32 = struct.Struct("<i")
_H16 = struct.Struct("<h")
_loads = marshal.loads

#: Constant types the host gives exactly as the checked reader does.
_PLAIN = frozenset((str, bytes, int, float, complex, bool, type(None)))
#: Layout fields holding bytes: the end-of-object check matches them literally.
_BYTES_FIELDS = frozenset(("code", "lnotab", "linetable", "exceptiontable"))


# --------------------------------------------------------------------------
# which versions


_USABLE: dict[tuple[str, str, str], bool] = {}


def usable(version: VersionInfo) -> bool:
    """Return True when the host's C marshal can read ``version``'s pycs exactly.

    That is: the host is CPython and its pyc format (release line and code
    layout) is ``version``'s.
    """
    key = (version.key, version.code_layout_name, version.implementation)
    ok = _USABLE.get(key)
    if ok is None:
        ok = _USABLE[key] = sys.implementation.name == "cpython" and host_supports(version)
    return ok


# --------------------------------------------------------------------------
# reading


def read_host(
    data: bytes, version: VersionInfo, offset: int = 0, base_offset: int = 0
) -> Optional[ReadResult]:
    """Read a code object with the host's C marshal; None when the fast path does not apply.

    None means: ``version`` is not the host's, the host's marshal refused the
    data, the top-level object is not a code object, or the data does not end
    with that code object (bytes after it); the caller then uses the checked
    reader, which explains errors with offsets and finds where an object ends.
    """
    if not usable(version) or offset >= len(data):
        return None
    if data[offset] & 0x7F != 0x63:  # 'c': only code objects take this path
        return None
    try:
        co = _loads(memoryview(data)[offset:])
    except Exception:  # noqa: BLE001 - the checked reader decides and explains
        return None
    if type(co) is not _CodeType:
        return None
    kinds, getter = _tail_plan(version)
    if not _ends_here(data, offset, len(data), getter(co), kinds, 0):
        return None
    source = _Source(data, offset, version, base_offset)
    return ReadResult(HostCode._wrap(co, source, ()), len(data), [])


_TAILS: dict[str, tuple[str, Callable[[Any], Any]]] = {}


def _tail_plan(version: VersionInfo) -> tuple[str, Callable[[Any], Any]]:
    """The layout's trailing int and bytes fields, last first.

    Returns their kinds (``i``/``h`` ints, ``s`` bytes) as one string and a
    getter of their values from a host code object (always a tuple).
    """
    plan = _TAILS.get(version.code_layout_name)
    if plan is None:
        kinds = []
        attrs = []
        fields = code_plan(version)
        for (name, kind), attr in zip(reversed(fields.layout), reversed(fields.attrs)):
            if kind in ("i", "h"):
                kinds.append(kind)
            elif name in _BYTES_FIELDS:
                kinds.append("s")
            else:
                break
            attrs.append("co_lnotab" if name == "lnotab" else attr)
        getter = operator.attrgetter(*attrs) if len(attrs) > 1 else _as_tuple(attrs)
        plan = _TAILS[version.code_layout_name] = ("".join(kinds), getter)
    return plan


def _as_tuple(attrs: list[str]) -> Callable[[Any], Any]:
    if not attrs:
        return lambda co: ()
    get = operator.attrgetter(attrs[0])
    return lambda co: (get(co),)


def _ends_here(data: bytes, start: int, pos: int, values: Any, kinds: str, i: int) -> bool:
    """Return True when the bytes just before ``pos`` encode the trailing field values.

    ``values``/``kinds`` are the code object's last fields, last first.  A
    bytes field is either written out (``s`` + length + bytes) or a
    reference (``r`` + index); both are tried.  A match of the first line
    number and the line (and exception) table means the object ends at ``pos``.
    """
    if i == len(kinds):
        return i > 0
    kind = kinds[i]
    value = values[i]
    if kind == "s":
        at = pos - len(value) - 5
        if (
            at >= start
            and data[at] & 0x7F == 0x73  # 's'
            and data[at + 1 : at + 5] == _I32.pack(len(value))
            and data[at + 5 : pos] == value
            and _ends_here(data, start, at, values, kinds, i + 1)
        ):
            return True
        at = pos - 5
        return (
            at >= start
            and data[at] & 0x7F == 0x72  # 'r'
            and 0 <= _I32.unpack_from(data, at + 1)[0] < at - start
            and _ends_here(data, start, at, values, kinds, i + 1)
        )
    packed = (_I32 if kind == "i" else _H16).pack(value)
    at = pos - len(packed)
    return at >= start and data[at:pos] == packed and _ends_here(
        data, start, at, values, kinds, i + 1
    )


class _Source:
    """What the code objects of one fast-path read share: the bytes, and the shadow read."""

    __slots__ = ("data", "offset", "version", "base", "shadow_root", "codes")

    def __init__(self, data: bytes, offset: int, version: VersionInfo, base: int) -> None:
        self.data = data
        self.offset = offset
        self.version = version
        self.base = base
        self.shadow_root: Any = None
        #: id(host code object) -> its HostCode: a code object the stream holds
        #: twice (a reference) is one object, as the checked reader makes it.
        #: The root host object keeps every key alive.
        self.codes: dict[int, HostCode] = {}

    def shadow(self) -> Any:
        """Return the checked reader's object for the same bytes (read once, on first need).

        Raises the checked reader's :class:`~bytescope.errors.BytescopeError`
        when it refuses data that the host's marshal accepted.
        """
        root = self.shadow_root
        if root is None:
            root = self.shadow_root = _read(
                self.data, self.version, self.offset, base_offset=self.base
            ).value
        return root


def seed_shadow(code: Any, value: Any, data: bytes, offset: int) -> None:
    """Give ``code``'s fast-path read the checked reading ``value`` of the same bytes.

    ``Pyc.spans()`` reads the bytes again anyway (record mode); handing its
    value over spares a second read when the writer then asks for the fields
    only the shadow has.  Does nothing unless ``code`` is a :class:`HostCode`
    read from exactly ``data`` at ``offset``.
    """
    if isinstance(code, HostCode):
        source = code.__dict__["_src"]
        if (
            source.shadow_root is None
            and source.data is data
            and source.offset == offset
            and isinstance(value, Code)
        ):
            source.shadow_root = value


# --------------------------------------------------------------------------
# the lazy code object


class _NeedShadow(Exception):
    """A constant the host object cannot give exactly."""


def _counterpart(code: HostCode) -> Any:
    """Return the shadow's object at ``code``'s place in the tree."""
    d = code.__dict__
    node: Any = d["_src"].shadow()
    for index in d["_path"]:
        node = cast(Any, node).co_consts[index] if isinstance(node, Code) else node[index]
    return node


def _convert(value: Any, source: _Source, path: tuple[int, ...]) -> Any:
    """Return the model's value for one host constant; raise _NeedShadow if it has none."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is _CodeType:
        code = source.codes.get(id(value))
        if code is None:
            code = source.codes[id(value)] = HostCode._wrap(value, source, path)
        return code
    if kind is tuple:
        items = None
        for i, item in enumerate(value):
            if type(item) in _PLAIN:
                continue
            new = _convert(item, source, path + (i,))
            if new is not item:
                if items is None:
                    items = list(value)
                items[i] = new
        return value if items is None else tuple(items)
    if kind is frozenset and len(value) < 2:
        return OrderedFrozenset(value) if value else EMPTY_FROZENSET
    if value is Ellipsis or value is StopIteration:
        return value
    raise _NeedShadow


class _Plan:
    """Per version: which host attributes fill which fields."""

    def __init__(self, version: VersionInfo) -> None:
        self.localsplus = version.has_localsplus
        lazy = {"co_consts"}
        if self.localsplus:
            lazy |= {"co_localsplusnames", "co_localspluskinds"}
        attrs: list[str] = []
        host_attrs: list[str] = []
        plan = code_plan(version)
        for (name, _kind), attr in zip(plan.layout, plan.attrs):
            if attr in lazy:
                continue
            attrs.append(attr)
            host_attrs.append("co_lnotab" if name == "lnotab" else attr)
        if self.localsplus:
            # CPython derives these from localsplus exactly as the model does.
            for attr in ("co_varnames", "co_cellvars", "co_freevars", "co_nlocals"):
                attrs.append(attr)
                host_attrs.append(attr)
        self.attrs = tuple(attrs)
        self.getter: Callable[[Any], Any] = operator.attrgetter(*host_attrs)
        neutral = Code(version).fields()
        #: Fields the version does not store: their neutral values.
        self.neutral = {
            name: neutral[name] for name in FIELDS if name not in lazy and name not in attrs
        }


_PLANS: dict[tuple[str, str], _Plan] = {}


def _plan(version: VersionInfo) -> _Plan:
    key = (version.key, version.code_layout_name)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _Plan(version)
    return plan


def _fill_plain(code: HostCode) -> None:
    d = code.__dict__
    plan = _plan(d["version"])
    values = plan.getter(d["_co"])
    if len(plan.attrs) == 1:
        values = (values,)
    d.update(plan.neutral)
    d.update(zip(plan.attrs, values))


def _fill_consts(code: HostCode) -> None:
    d = code.__dict__
    consts = d["_co"].co_consts
    source = d["_src"]
    path = d["_path"]
    out = None
    shadow = None
    for i, value in enumerate(consts):
        if type(value) in _PLAIN:
            continue
        try:
            new = _convert(value, source, path + (i,))
        except (_NeedShadow, RecursionError):
            if shadow is None:
                shadow = _counterpart(code).co_consts
            new = shadow[i]
        if new is not value:
            if out is None:
                out = list(consts)
            out[i] = new
    d["co_consts"] = consts if out is None else tuple(out)


def _fill_names(code: HostCode) -> None:
    d = code.__dict__
    if not _plan(d["version"]).localsplus:
        _fill_plain(code)
        return
    name_of = getattr(d["_co"], "_varname_from_oparg", None)
    if name_of is None:  # an interpreter without it: the shadow has them
        d["co_localsplusnames"] = _counterpart(code).co_localsplusnames
        return
    names = []
    i = 0
    try:
        while True:
            names.append(name_of(i))
            i += 1
    except IndexError:
        pass
    d["co_localsplusnames"] = tuple(names)


def _fill_kinds(code: HostCode) -> None:
    d = code.__dict__
    if not _plan(d["version"]).localsplus:
        _fill_plain(code)
        return
    d["co_localspluskinds"] = _counterpart(code).co_localspluskinds


class _Lazy:
    """A non-data descriptor: fills the field (and its group) into the instance dict."""

    __slots__ = ("name", "fill")

    def __init__(self, name: str, fill: Callable[[HostCode], None]) -> None:
        self.name = name
        self.fill = fill

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return getattr(Code, self.name)
        self.fill(obj)
        return obj.__dict__[self.name]


class HostCode(Code):
    """A :class:`~bytescope.code.Code` over a host ``types.CodeType``, filled on first use.

    Made by the trusted fast path (``bytescope.loads(data, trusted=True)``),
    never by hand.  It is a ``Code`` in every respect -- immutable, equal to
    (and hashing like) the checked reader's ``Code`` for the same bytes,
    accepted by ``dis``, the writer and ``replace`` (which returns a plain
    ``Code``) -- but reads its fields from the host object only when they are
    first asked for.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("HostCode objects come from a trusted load; build a Code instead")

    @classmethod
    def _wrap(cls, co: types.CodeType, source: _Source, path: tuple[int, ...]) -> HostCode:
        self = object.__new__(cls)
        d = self.__dict__
        d["version"] = source.version
        d["_co"] = co
        d["_src"] = source
        d["_path"] = path
        return self

    def to_host(self) -> types.CodeType:
        """Return the host's own code object this one wraps."""
        co: types.CodeType = self.__dict__["_co"]
        return co

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickles and copies as the plain Code it equals (the host object does not pickle).
        return (_plain_code, (self.version, self.fields()))


def _plain_code(version: VersionInfo, fields: dict[str, Any]) -> Code:
    return Code(version, **fields)


_FILLERS: dict[str, Callable[[HostCode], None]] = {
    "co_consts": _fill_consts,
    "co_localsplusnames": _fill_names,
    "co_localspluskinds": _fill_kinds,
}
for _name in FIELDS:
    setattr(HostCode, _name, _Lazy(_name, _FILLERS.get(_name, _fill_plain)))
del _name


# --------------------------------------------------------------------------
# conversions between the model and the host's code objects


def code_from_host(co: types.CodeType) -> Code:
    """Return the :class:`~bytescope.code.Code` equal to the host's code object ``co``.

    What the host's ``marshal`` writes for ``co``, read back by the checked
    reader: one linear pass, exact about what Python does not expose (the
    3.11+ localsplus kinds).  A hand-built code object whose constants marshal
    refuses is converted through its attributes instead.  Nested code objects
    are converted too; the version is the host's.
    """
    try:
        data = marshal.dumps(co)
    except ValueError:  # a hand-built code object with unmarshallable constants
        return _from_host_objects(co)
    code = _read(data, host_version()).value
    if not isinstance(code, Code):
        return _from_host_objects(co)
    return code


def code_to_host(code: Code) -> types.CodeType:
    """Return the host's code object for ``code`` (its version must be the host's).

    Raises :class:`~bytescope.marshal.writer.WriteError` when ``code`` cannot
    be written, ``ValueError`` when the host's ``marshal`` refuses the bytes.
    """
    from .writer import dumps  # the writer is only needed here

    co = marshal.loads(dumps(code, code.version))
    if type(co) is not _CodeType:  # pragma: no cover - the writer wrote a code object
        raise ValueError("the host's marshal did not return a code object")
    return co


def _from_host_objects(co: types.CodeType) -> Code:
    """:func:`code_from_host` through the host object's attributes (any constants)."""
    version = host_version()
    done: dict[int, Code] = {}
    # Convert bottom-up without recursion: post-order over nested code.
    order: list[types.CodeType] = []
    stack = [co]
    while stack:
        c = stack.pop()
        order.append(c)
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    for c in reversed(order):
        done[id(c)] = _one_from_host(version, c, done)
    return done[id(co)]


def _one_from_host(version: VersionInfo, c: types.CodeType, done: dict[int, Code]) -> Code:
    consts = tuple(done[id(k)] if isinstance(k, types.CodeType) else k for k in c.co_consts)
    values: dict[str, Any] = {}
    for attr in code_plan(version).attrs:
        if attr in ("co_localsplusnames", "co_localspluskinds"):
            continue
        if attr == "co_linetable":
            values[attr] = c.co_linetable if hasattr(c, "co_linetable") else c.co_lnotab
        else:
            values[attr] = getattr(c, attr)
    values["co_consts"] = consts
    if version.has_localsplus:
        values["co_localsplusnames"], values["co_localspluskinds"] = _host_localsplus(c)
    else:
        values.setdefault("co_nlocals", c.co_nlocals)
    return Code(version, **values)


def _host_localsplus(c: types.CodeType) -> tuple[tuple[str, ...], bytes]:
    # The host (3.11+) exposes the three tuples; the localsplus pair, hidden
    # and argument kinds included, comes from its own marshal of the object.
    try:
        data = marshal.dumps(c)
    except ValueError:  # its own constants are unmarshallable: the kinds are not
        # (replace() recomputes kinds from the three tuples, as CPython does)
        data = marshal.dumps(c.replace(co_consts=()))
    rebuilt = _read(data, host_version()).value
    return rebuilt.co_localsplusnames, rebuilt.co_localspluskinds


install_host_bridge(HostBridge(code_from_host, code_to_host))
