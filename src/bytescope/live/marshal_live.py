"""Marshal a code object straight out of target memory, as the target would.

CPython's marshal decides ``FLAG_REF`` from object identity and reference
counts, and string type codes from whether a string is interned: facts the
``Code`` model (values only) does not keep.  :func:`dumps_live` walks the
target's objects and writes the bytes the target's own ``marshal.dumps`` would
write, so ``bytescope attach -o`` gives the same stream as the process itself.

Version differences are the traits in :data:`REF_RULES` and the versions table
(``marshal_version``, code layout), not conditions on version numbers.
"""

from __future__ import annotations

import struct
from typing import Any, Dict, List, Tuple

from .errors import BadPointer
from .objects import MAX_OBJECTS, ObjectReader

FLAG_REF = 0x80

#: When an object gets FLAG_REF (marshal format 3+), per release line:
#: ``all`` -- every non-singleton object;
#: ``shared`` -- only objects whose reference count is not 1 (3.4+);
#: ``shared_or_interned`` -- as ``shared``, but interned strings always (3.11+; measured:
#: an interned name held once is written with FLAG_REF by 3.11, without by 3.10).
REF_RULES: Dict[str, str] = {
    "3.4": "shared", "3.5": "shared", "3.6": "shared", "3.7": "shared",
    "3.8": "shared", "3.9": "shared", "3.10": "shared", "3.11": "shared_or_interned",
    "3.12": "shared_or_interned", "3.13": "shared_or_interned", "3.14": "shared_or_interned",
    "3.15": "shared_or_interned",
}

#: The code object fields marshal computes afresh (3.11+: co_code is rebuilt from the
#: adaptive instructions and cached on the code object, so it is shared).
SYNTHETIC_CODE_SHARED = True

_i32 = struct.Struct("<i")
_I32 = struct.Struct("<I")
_q = struct.Struct("<q")
_d = struct.Struct("<d")
_dd = struct.Struct("<dd")


class _Synthetic:
    """A value marshal writes that is not an object in memory (3.11+ co_code)."""

    def __init__(self, data: bytes, addr: int) -> None:
        self.data = data
        self.addr = addr


def _long_digits(value: int) -> bytes:
    n = abs(value)
    digits = []
    while n:
        digits.append(n & 0x7FFF)
        n >>= 15
    count = len(digits) if value >= 0 else -len(digits)
    return _i32.pack(count) + struct.pack(f"<{len(digits)}H", *digits)


class LiveMarshal:
    """Writes marshal data for objects of one target (see :func:`dumps_live`)."""

    def __init__(self, reader: ObjectReader) -> None:
        self.r = reader
        self.v = reader.version
        self.mv = self.v.marshal_version
        self.rule = REF_RULES.get(self.v.key, "none") if self.mv >= 3 else "none"
        self.lay = reader.layout
        self.refcnt32 = self.v.version >= (3, 14)

    def _refcnt(self, addr: int) -> int:
        word = _q.unpack(self.r.mem.read(addr, 8))[0]
        return word & 0xFFFFFFFF if self.refcnt32 else word

    def _interned(self, addr: int, kind: str) -> bool:
        if kind == "bytes" and self.v.is_py2:  # a Python 2 str: ob_sstate
            return bool(_i32.unpack(self.r.mem.read(addr + self.lay["bytes_data"] - 4, 4))[0])
        if kind == "str":
            state = _I32.unpack(self.r.mem.read(addr + self.lay["str_state"], 4))[0]
            return bool(state & 3)
        return False

    def dumps(self, root: int) -> bytes:
        """Return the marshal bytes of the object at ``root`` (usually a code object)."""
        out = bytearray()
        memo: Dict[int, int] = {}
        strings: Dict[bytes, int] = {}  # Python 2 interned-string table
        stack: List[Tuple[str, Any]] = [("obj", (root, True))]
        count = 0
        while stack:
            what, item = stack.pop()
            if what == "raw":
                out += item
                continue
            count += 1
            if count > MAX_OBJECTS:
                raise BadPointer(f"more than {MAX_OBJECTS} objects under 0x{root:x}",
                                 offset=root)
            if isinstance(item, _Synthetic):
                self._synthetic(item, out, memo)
                continue
            addr, is_root = item
            if addr == 0:
                out += b"0"
                continue
            if addr in self.r.singletons:
                out += {None: b"N", True: b"T", False: b"F",
                        Ellipsis: b"."}[self.r.singletons[addr]]
                continue
            kind = self.r.kind(addr)
            if kind == "ellipsis":
                out += b"."
                continue
            flag = 0
            if self.rule != "none":
                if addr in memo:
                    out += b"r" + _i32.pack(memo[addr])
                    continue
                share = self.rule == "all" or is_root or self._refcnt(addr) != 1 or (
                    self.rule == "shared_or_interned" and self._interned(addr, kind))
                if share:
                    memo[addr] = len(memo)
                    flag = FLAG_REF
            self._complex(addr, kind, flag, out, stack, strings)
        return bytes(out)

    def _synthetic(self, item: _Synthetic, out: bytearray, memo: Dict[int, int]) -> None:
        flag = 0
        if self.rule != "none" and SYNTHETIC_CODE_SHARED:
            memo[-item.addr] = len(memo)
            flag = FLAG_REF
        out.append(ord("s") | flag)
        out += _i32.pack(len(item.data)) + item.data

    def _complex(self, addr: int, kind: str, flag: int, out: bytearray,
                 stack: List[Tuple[str, Any]], strings: Dict[bytes, int]) -> None:
        r = self.r
        if kind in ("int", "int2", "long2", "bool", "bool2"):
            value = r._leaf[kind](addr)
            if kind != "long2" and -(1 << 31) <= value < (1 << 31):
                out.append(ord("i") | flag)
                out += _i32.pack(value)
            elif kind == "int2":
                out.append(ord("I") | flag)
                out += _q.pack(value)
            else:
                out.append(ord("l") | flag)
                out += _long_digits(value)
        elif kind == "float":
            out.append(ord("g") | flag)
            out += _d.pack(r._leaf["float"](addr))
        elif kind == "complex":
            out.append(ord("y") | flag)
            c = r._complex(addr)
            out += _dd.pack(c.real, c.imag)
        elif kind == "bytes":
            data = r._bytes(addr)
            if self.v.is_py2 and self._interned(addr, kind):
                if data in strings:
                    out += b"R" + _i32.pack(strings[data])
                    return
                strings[data] = len(strings)
                out.append(ord("t"))
            else:
                out.append(ord("s") | flag)
            out += _i32.pack(len(data)) + data
        elif kind in ("str", "str2"):
            self._str(addr, kind, flag, out)
        elif kind in ("tuple", "frozenset"):
            children, _ = r._children(kind, addr)
            n = len(children)
            if kind == "frozenset":
                out.append(ord(">") | flag)
                out += _i32.pack(n)
            elif self.mv >= 4 and n < 256:
                out.append(ord(")") | flag)
                out.append(n)
            else:
                out.append(ord("(") | flag)
                out += _i32.pack(n)
            stack.extend(("obj", (c, False)) for c in reversed(children))
        elif kind == "slice":
            children, _ = r._children(kind, addr)
            out.append(ord(":") | flag)
            stack.extend(("obj", (c, False)) for c in reversed(children))
        elif kind == "code":
            out.append(ord("c") | flag)
            self._code(addr, stack)
        else:
            raise BadPointer(f"cannot marshal a {kind} at 0x{addr:x}", offset=addr)

    def _str(self, addr: int, kind: str, flag: int, out: bytearray) -> None:
        text = self.r._leaf[kind](addr)
        interned = self._interned(addr, kind)
        if self.mv >= 4 and kind == "str" and all(ord(ch) < 128 for ch in text):
            data = text.encode("ascii")
            if len(text) < 256:
                out.append(ord("Z" if interned else "z") | flag)
                out.append(len(data))
            else:
                out.append(ord("A" if interned else "a") | flag)
                out += _i32.pack(len(data))
            out += data
            return
        data = text.encode("utf-8", "surrogatepass")
        code = "t" if (self.mv >= 3 and interned) else "u"
        out.append(ord(code) | flag)
        out += _i32.pack(len(data)) + data

    def _code(self, addr: int, stack: List[Tuple[str, Any]]) -> None:
        f = self.lay["code"]
        head = self.r.mem.read(addr, max(f.values()) + 8)
        items: List[Tuple[str, Any]] = []
        for name, fkind in self.v.code_layout:
            key = "linetable" if name == "lnotab" else name
            if fkind != "o":
                items.append(("raw", _i32.pack(_i32.unpack_from(head, f[key])[0])))
            elif key == "code" and "code_adaptive" in f:
                items.append(("obj", _Synthetic(self.r.live_code(addr), addr)))
            else:
                ptr = struct.unpack_from("<Q", head, f[key])[0]
                items.append(("obj", (ptr, False)))
        stack.extend(reversed(items))


def dumps_live(reader: ObjectReader, addr: int) -> bytes:
    """Return the marshal bytes the target itself would write for the object at ``addr``.

    Raises :class:`~bytescope.live.errors.BadPointer` on unreadable or unexpected
    objects.
    """
    return LiveMarshal(reader).dumps(addr)
