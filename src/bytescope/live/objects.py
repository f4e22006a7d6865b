"""Read Python objects out of another process's memory, by layout tables.

:class:`ObjectReader` turns the address of a constant-like object (str, bytes,
int, float, complex, tuple, frozenset, slice, code, None/True/False/Ellipsis)
into the value bytescope's marshal reader would produce for the same object:
``Code`` for code objects (nested ones included), ``bytes`` for Python 2 ``str``,
``Py2Long`` for Python 2 ``long`` and so on.  The walk is iterative, every
pointer's type is checked against the interpreter's own type objects before it
is followed, and sizes and object counts are bounded, so a corrupted or racing
heap gives a :class:`~bytescope.errors.LiveAccessError`, never a hang.
"""

from __future__ import annotations

import struct
from typing import Any, Callable, Dict, List, Tuple

from ..code import LAYOUT_TO_ATTR, Code
from ..values import OrderedFrozenset, Py2Long
from ..versions import VersionInfo
from .despec import deopt_code, side_table_resolver
from .errors import BadPointer
from .memory import MemorySource

#: Symbol of each type object -> the kind of object it makes (Python 3).
TYPES_PY3: Dict[str, str] = {
    "PyCode_Type": "code",
    "PyUnicode_Type": "str",
    "PyBytes_Type": "bytes",
    "PyTuple_Type": "tuple",
    "PyLong_Type": "int",
    "PyBool_Type": "bool",
    "PyFloat_Type": "float",
    "PyComplex_Type": "complex",
    "PyFrozenSet_Type": "frozenset",
    "PySlice_Type": "slice",
    "PyEllipsis_Type": "ellipsis",
    "PyFunction_Type": "function",
}
#: The same for Python 2.
TYPES_PY2: Dict[str, str] = {
    "PyCode_Type": "code",
    "PyString_Type": "bytes",
    "PyUnicode_Type": "str2",
    "PyInt_Type": "int2",
    "PyLong_Type": "long2",
    "PyBool_Type": "bool2",
    "PyTuple_Type": "tuple",
    "PyFloat_Type": "float",
    "PyComplex_Type": "complex",
    "PyFrozenSet_Type": "frozenset",
    "PySlice_Type": "slice",
    "PyEllipsis_Type": "ellipsis",
    "PyFunction_Type": "function",
}
#: Singleton objects by symbol.
SINGLETONS: Dict[str, Any] = {
    "_Py_NoneStruct": None,
    "_Py_TrueStruct": True,
    "_Py_FalseStruct": False,
    "_Py_EllipsisObject": Ellipsis,
}

#: Bounds: a corrupted length or a racing heap must not allocate gigabytes.
MAX_ITEMS = 10_000_000
MAX_STR_BYTES = 64 * 1024 * 1024
MAX_OBJECTS = 2_000_000
MAX_LONG_DIGITS = 1_000_000

_Q = struct.Struct("<Q")
_q = struct.Struct("<q")
_I = struct.Struct("<I")
_i = struct.Struct("<i")
_d = struct.Struct("<d")
_dd = struct.Struct("<dd")

_NULL = object()


class ObjectReader:
    """Read objects of one interpreter (one layout table) from a memory source.

    ``types`` maps type-object addresses to kinds (see :data:`TYPES_PY3`),
    ``singletons`` maps addresses of None/True/False/Ellipsis to their values.
    """

    def __init__(
        self,
        mem: MemorySource,
        layout: Dict[str, Any],
        version: VersionInfo,
        types: Dict[int, str],
        singletons: Dict[int, Any],
    ) -> None:
        self.mem = mem
        self.layout = layout
        self.version = version
        self.types = types
        self.singletons = singletons
        self.code_fields = layout["code"]
        self.ob_type = layout["ob_type"]
        self._type_names: Dict[int, str] = {}
        self._leaf: Dict[str, Callable[[int], Any]] = {
            "str": self._str,
            "str2": self._str2,
            "bytes": self._bytes,
            "int": self._int,
            "bool": lambda a: bool(self._int(a)),
            "int2": self._int2,
            "bool2": lambda a: bool(self._int2(a)),
            "long2": lambda a: Py2Long(self._int(a)),
            "float": lambda a: _d.unpack(self.mem.read(a + layout["float_value"], 8))[0],
            "complex": self._complex,
            "ellipsis": lambda a: Ellipsis,
        }

    # -- types -------------------------------------------------------------------

    def type_addr(self, addr: int) -> int:
        """Return the address of the type object of the object at ``addr``."""
        if addr <= 0 or addr % 8:
            raise BadPointer(f"misaligned or null object pointer 0x{addr:x}", offset=max(addr, 0),
                             expected="an 8-byte aligned object address")
        return _Q.unpack(self.mem.read(addr + self.ob_type, 8))[0]

    def type_name(self, type_addr: int) -> str:
        """Return ``tp_name`` of the type object at ``type_addr`` (``"?"`` if unreadable)."""
        name = self._type_names.get(type_addr)
        if name is None:
            name = "?"
            try:
                ptr = _Q.unpack(self.mem.read(type_addr + self.layout["tp_name"], 8))[0]
                raw = self.mem.try_read(ptr, 64) if ptr else None
                if raw:
                    name = raw.split(b"\0")[0].decode("latin-1")
            except BadPointer:
                pass
            self._type_names[type_addr] = name
        return name

    def kind(self, addr: int) -> str:
        """Return the kind of the object at ``addr`` (``"code"``, ``"str"``, ...).

        Raises :class:`BadPointer` naming the type when it is not one we read.
        """
        if addr in self.singletons:
            return "singleton"
        t = self.type_addr(addr)
        kind = self.types.get(t)
        if kind is None:
            raise BadPointer(f"object at 0x{addr:x} has unexpected type "
                             f"{self.type_name(t)!r}", offset=addr,
                             expected="a constant (code, str, bytes, int, tuple, ...)")
        return kind

    def expect(self, addr: int, kinds: Tuple[str, ...]) -> str:
        """Return the kind of the object at ``addr`` if it is one of ``kinds``, else raise."""
        kind = self.kind(addr)
        if kind not in kinds:
            raise BadPointer(f"object at 0x{addr:x} is a {kind}, not a {' or '.join(kinds)}",
                             offset=addr)
        return kind

    # -- leaves ------------------------------------------------------------------

    def _size(self, addr: int, off: int, limit: int, what: str) -> int:
        n = _q.unpack(self.mem.read(addr + off, 8))[0]
        if n < 0 or n > limit:
            raise BadPointer(f"{what} at 0x{addr:x} has implausible size {n}", offset=addr)
        return n

    def _bytes(self, addr: int) -> bytes:
        lay = self.layout
        n = self._size(addr, lay["bytes_size"], MAX_STR_BYTES, "bytes object")
        return self.mem.read(addr + lay["bytes_data"], n)

    def _str(self, addr: int) -> str:
        lay = self.layout
        head = self.mem.read(addr, lay["str_compact_data"] + 32)
        n = _q.unpack_from(head, lay["str_length"])[0]
        state = _I.unpack_from(head, lay["str_state"])[0]
        kind = (state >> lay["str_kind_shift"]) & 7
        if kind not in (1, 2, 4) or n < 0 or n * kind > MAX_STR_BYTES:
            raise BadPointer(f"str at 0x{addr:x} has bad kind {kind} or length {n}",
                             offset=addr)
        compact = (state >> lay["str_compact_bit"]) & 1
        ascii_ = (state >> lay["str_ascii_bit"]) & 1
        size = n * kind
        if compact:
            off = lay["str_ascii_data"] if ascii_ else lay["str_compact_data"]
            data = head[off:off + size]
            if len(data) < size:
                data = self.mem.read(addr + off, size)
        else:
            ptr = _Q.unpack_from(head, lay["str_compact_data"])[0]
            data = self.mem.read(ptr, size) if size else b""
        if kind == 1:
            return data.decode("latin-1")
        return data.decode("utf-16-le" if kind == 2 else "utf-32-le", "surrogatepass")

    def _str2(self, addr: int) -> str:
        lay = self.layout
        n = self._size(addr, lay["unicode_length"], MAX_STR_BYTES // 4, "unicode object")
        ptr = _Q.unpack(self.mem.read(addr + lay["unicode_str"], 8))[0]
        width = lay["unicode_size"]
        data = self.mem.read(ptr, n * width) if n else b""
        return data.decode("utf-32-le" if width == 4 else "utf-16-le", "surrogatepass")

    def _int(self, addr: int) -> int:
        lay = self.layout
        word = _q.unpack(self.mem.read(addr + lay["long_size"], 8))[0]
        if lay["long_tagged"]:
            ndigits, sign = word >> 3, word & 3
            negative = sign == 2
            if sign == 1:
                return 0
        else:
            ndigits, negative = abs(word), word < 0
        if ndigits > MAX_LONG_DIGITS:
            raise BadPointer(f"int at 0x{addr:x} has implausible size {ndigits}", offset=addr)
        bits = lay["digit_bits"]
        width = 4 if bits == 30 else 2
        raw = self.mem.read(addr + lay["long_digits"], ndigits * width)
        digits = struct.unpack(f"<{ndigits}{'I' if width == 4 else 'H'}", raw)
        value = 0
        for d in reversed(digits):
            value = (value << bits) | d
        return -value if negative else value

    def _int2(self, addr: int) -> int:
        return _q.unpack(self.mem.read(addr + self.layout["int_value"], 8))[0]

    def _complex(self, addr: int) -> complex:
        re_, im = _dd.unpack(self.mem.read(addr + self.layout["complex_value"], 16))
        return complex(re_, im)

    # -- containers ----------------------------------------------------------------

    def _children(self, kind: str, addr: int) -> Tuple[List[int], Any]:
        lay = self.layout
        if kind == "tuple":
            n = self._size(addr, lay["ob_size"], MAX_ITEMS, "tuple")
            raw = self.mem.read(addr + lay["tuple_items"], 8 * n)
            return list(struct.unpack(f"<{n}Q", raw)), None
        if kind == "frozenset":
            mask = self._size(addr, lay["set_mask"], MAX_ITEMS, "frozenset")
            table = _Q.unpack(self.mem.read(addr + lay["set_table"], 8))[0]
            esize, koff = lay["set_entry_size"], lay["set_entry_key"]
            raw = self.mem.read(table, (mask + 1) * esize)
            keys = [_Q.unpack_from(raw, i * esize + koff)[0] for i in range(mask + 1)]
            keys = [k for k in keys if k and k not in self._dummies]
            return keys, None
        if kind == "slice":
            raw = self.mem.read(addr, max(lay["slice"]) + 8)
            return [_Q.unpack_from(raw, o)[0] for o in lay["slice"]], None
        if kind == "code":
            return self._code_children(addr)
        raise BadPointer(f"object at 0x{addr:x} is a {kind}, which is not a constant",
                         offset=addr)

    _dummies: frozenset[int] = frozenset()

    def _code_children(self, addr: int) -> Tuple[List[int], Any]:
        f = self.code_fields
        span = max(f.values()) + 8
        head = self.mem.read(addr, span)
        names = [n for n, v in f.items() if n not in _INT_FIELDS and n != "code_adaptive"]
        ptrs = [_Q.unpack_from(head, f[n])[0] for n in names]
        ints = {n: _i.unpack_from(head, f[n])[0] for n in _INT_FIELDS if n in f}
        adaptive = None
        if "code_adaptive" in f:
            units = _q.unpack_from(head, self.layout["ob_size"])[0]
            if units < 0 or units > MAX_STR_BYTES // 2:
                raise BadPointer(f"code object at 0x{addr:x} has implausible size {units}",
                                 offset=addr)
            adaptive = self.mem.read(addr + f["code_adaptive"], 2 * units)
        return ptrs, (names, ints, adaptive)

    def live_code(self, addr: int) -> bytes:
        """Return the de-specialised ``co_code`` of the 3.11+ code object at ``addr``."""
        f = self.code_fields
        units = _q.unpack(self.mem.read(addr + self.layout["ob_size"], 8))[0]
        if units < 0 or units > MAX_STR_BYTES // 2:
            raise BadPointer(f"code object at 0x{addr:x} has implausible size {units}",
                             offset=addr)
        raw = self.mem.read(addr + f["code_adaptive"], 2 * units)
        resolve = side_table_resolver(self.mem, self.layout, self.version.key, addr, units)
        return deopt_code(raw, self.version.key, addr, resolve)

    def _build(self, kind: str, addr: int, values: List[Any], ctx: Any) -> Any:
        if kind == "tuple":
            return tuple(values)
        if kind == "frozenset":
            return OrderedFrozenset(values)
        if kind == "slice":
            return slice(*values)
        return self._make_code(addr, values, ctx)

    def _make_code(self, addr: int, values: List[Any], ctx: Any) -> Code:
        names, ints, adaptive = ctx
        got: Dict[str, Any] = dict(zip(names, values))
        got.update(ints)
        if adaptive is not None:
            got["code"] = adaptive if self.adaptive else self.live_code(addr)
        fields: Dict[str, Any] = {}
        for name, _kind in self.version.code_layout:
            attr = LAYOUT_TO_ATTR[name]
            key = "linetable" if name == "lnotab" else name
            if key not in got:
                continue
            value = got[key]
            if value is _NULL:
                raise BadPointer(f"code object at 0x{addr:x} has a NULL co_{key}", offset=addr)
            fields[attr] = value
        return Code(self.version, **fields)

    adaptive = False

    # -- the walk --------------------------------------------------------------------

    def value(self, root: int, adaptive: bool = False) -> Any:
        """Return the value of the object at ``root`` (a ``Code`` for a code object).

        ``adaptive=True`` keeps the live, specialised bytecode of 3.11+ code
        instead of de-specialising it.  Raises :class:`BadPointer` (or another
        ``LiveAccessError``) on unreadable memory, unexpected types or a cycle.
        """
        self.adaptive = adaptive
        memo: Dict[int, Any] = {}
        busy = set()
        stack: List[Tuple[int, Any]] = [(root, None)]
        count = 0
        while stack:
            addr, pending = stack[-1]
            if pending is None:
                if addr in memo:
                    stack.pop()
                    continue
                count += 1
                if count > MAX_OBJECTS:
                    raise BadPointer(f"more than {MAX_OBJECTS} objects under 0x{root:x}",
                                     offset=root)
                if addr in self.singletons:
                    memo[addr] = self.singletons[addr]
                    stack.pop()
                    continue
                kind = self.kind(addr)
                leaf = self._leaf.get(kind)
                if leaf is not None:
                    memo[addr] = leaf(addr)
                    stack.pop()
                    continue
                children, ctx = self._children(kind, addr)
                stack[-1] = (addr, (kind, children, ctx))
                busy.add(addr)
                for child in children:
                    if child in busy:
                        raise BadPointer(f"reference cycle through 0x{child:x}", offset=child)
                    if child and child not in memo:
                        stack.append((child, None))
            else:
                kind, children, ctx = pending
                values = [memo[c] if c else _NULL for c in children]
                if kind != "code" and _NULL in values:
                    raise BadPointer(f"{kind} at 0x{addr:x} holds a NULL item", offset=addr)
                memo[addr] = self._build(kind, addr, values, ctx)
                busy.discard(addr)
                stack.pop()
        return memo[root]

    def read_strs(self, addrs: List[int]) -> Dict[int, Any]:
        """Return ``{address: text}`` for many str objects at once (unreadable ones left out).

        Short compact strings are decoded from one bulk read; the rest one by one.
        """
        lay = self.layout
        py2 = self.version.is_py2
        out: Dict[int, Any] = {}
        if not addrs:
            return out
        data_off = lay["bytes_data"] if py2 else lay["str_ascii_data"]
        size = data_off + 48
        blob = self.mem.gather(addrs, size)
        want_type = self.type_addrs_for("bytes" if py2 else "str")
        for i, addr in enumerate(addrs):
            head = blob[i * size:(i + 1) * size]
            if _Q.unpack_from(head, self.ob_type)[0] != want_type:
                try:
                    out[addr] = self.read_str(addr)
                except BadPointer:
                    pass
                continue
            if py2:
                n = _q.unpack_from(head, lay["bytes_size"])[0]
                if 0 <= n <= 48 - 1:
                    out[addr] = head[data_off:data_off + n]
                    continue
            else:
                n = _q.unpack_from(head, lay["str_length"])[0]
                state = _I.unpack_from(head, lay["str_state"])[0]
                if (state >> lay["str_ascii_bit"]) & 1 and (state >> lay["str_compact_bit"]) & 1 \
                        and 0 <= n <= 47:
                    out[addr] = head[data_off:data_off + n].decode("latin-1")
                    continue
            try:
                out[addr] = self.read_str(addr)
            except BadPointer:
                pass
        return out

    def type_addrs_for(self, kind: str) -> int:
        """Return the address of the type object of ``kind`` objects (0 if unknown)."""
        for addr, k in self.types.items():
            if k == kind:
                return addr
        return 0

    def read_str(self, addr: int) -> Any:
        """Return the str (or Python 2 str/unicode) at ``addr``; raise if it is not one."""
        kind = self.expect(addr, ("str", "str2", "bytes"))
        return self._leaf[kind](addr)


_INT_FIELDS = ("argcount", "posonlyargcount", "kwonlyargcount", "nlocals", "stacksize",
               "flags", "firstlineno")
