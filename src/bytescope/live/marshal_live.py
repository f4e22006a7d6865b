"""Marshal a code object straight out of target memory, as the target would.

CPython's marshal decides ``FLAG_REF`` from object identity and reference
counts, and string type codes from whether a string is interned: facts the
``Code`` model (values only) does not keep.  :func:`dumps_live` walks the
target's objects and writes the bytes the target's own ``marshal.dumps`` would
write, so ``bytescope attach -o`` gives the same stream as the process itself.

Version differences are the per-line data in :data:`REF_RULES` and the versions
table (the type codes of the line's marshal format, its code layout), not
conditions on version numbers.
"""

from __future__ import annotations

import struct
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from ..versions import VersionInfo
from .errors import BadPointer, UnsupportedTarget
from .objects import MAX_OBJECTS, ObjectReader

FLAG_REF = 0x80


class RefRule(NamedTuple):
    """When the target's marshal sets FLAG_REF on an object, and how to read a refcount.

    ``flag``: ``none`` -- the format has no references (marshal before 3);
    ``shared`` -- objects whose reference count is not 1 (3.4+);
    ``shared_or_interned`` -- as ``shared``, and interned strings always (3.11+;
    measured: an interned name held once is written with FLAG_REF by 3.11,
    without by 3.10).  ``refcnt_bits``: the low bits of ``ob_refcnt`` that
    hold the count (3.14 keeps other state in the upper half); 0 where unused.
    """

    flag: str
    refcnt_bits: int


_NO_REFS = RefRule("none", 0)
_SHARED = RefRule("shared", 64)
_SHARED_OR_INTERNED = RefRule("shared_or_interned", 64)
_SHARED_OR_INTERNED_32 = RefRule("shared_or_interned", 32)

#: The rule of every release line of the versions table (a test checks that
#: none is missing).  None: not known -- bytescope reads live CPython only.
REF_RULES: Dict[str, Optional[RefRule]] = {
    "1.0": _NO_REFS, "1.1": _NO_REFS, "1.3": _NO_REFS, "1.4": _NO_REFS, "1.5": _NO_REFS,
    "1.6": _NO_REFS, "2.0": _NO_REFS, "2.1": _NO_REFS, "2.2": _NO_REFS, "2.3": _NO_REFS,
    "2.4": _NO_REFS, "2.5": _NO_REFS, "2.6": _NO_REFS, "2.7": _NO_REFS,
    "3.0": _NO_REFS, "3.1": _NO_REFS, "3.2": _NO_REFS, "3.3": _NO_REFS,
    "3.4": _SHARED, "3.5": _SHARED, "3.6": _SHARED, "3.7": _SHARED, "3.8": _SHARED,
    "3.9": _SHARED, "3.10": _SHARED,
    "3.11": _SHARED_OR_INTERNED, "3.12": _SHARED_OR_INTERNED, "3.13": _SHARED_OR_INTERNED,
    "3.14": _SHARED_OR_INTERNED_32, "3.15": _SHARED_OR_INTERNED_32,
    "pypy2.7": None, "pypy3.2": None, "pypy3.3": None, "pypy3.5": None, "pypy3.6": None,
    "pypy3.7": None, "pypy3.8": None, "pypy3.9": None, "pypy3.10": None, "pypy3.11": None,
}


def ref_rule(version: VersionInfo) -> RefRule:
    """Return the FLAG_REF rule of ``version``'s marshal.

    Raises :class:`~bytescope.live.errors.UnsupportedTarget` for a line
    :data:`REF_RULES` does not know (never a silent default).
    """
    rule = REF_RULES.get(version.key)
    if rule is None:
        raise UnsupportedTarget(
            f"{version.name}: which objects its marshal flags for reference is not known "
            "(REF_RULES)"
        )
    return rule

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
        rule = ref_rule(self.v)
        self.rule = rule.flag
        self.refcnt_mask = (1 << rule.refcnt_bits) - 1
        codes = self.v.marshal_codes
        self.has_ascii = 0x7A in codes  # a A z Z
        self.has_small_tuples = 0x29 in codes  # )
        self.lay = reader.layout

    def _refcnt(self, addr: int) -> int:
        word: int = _q.unpack(self.r.mem.read(addr, 8))[0]
        return word & self.refcnt_mask

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
            elif self.has_small_tuples and n < 256:
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
        if self.has_ascii and kind == "str" and all(ord(ch) < 128 for ch in text):
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
        # Python 2's unicode is always 'u'; 3.4+ writes an interned str as 't'.
        code = "t" if (self.v.uses_refs and interned) else "u"
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
