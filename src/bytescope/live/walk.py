"""The walk from the interpreter to functions: ``sys.modules`` -> module dicts ->
class dicts, using the dict layouts measured per version (``layout["dict"]``).

Key strings are read many at a time (one system call per few hundred keys), so
looking a name up in a module of 20 000 functions costs milliseconds.
"""

from __future__ import annotations

import array
import struct
from typing import TYPE_CHECKING, List, Optional, Tuple

from .errors import BadPointer

if TYPE_CHECKING:  # pragma: no cover
    from .target import Target

MAX_DICT_ENTRIES = 10_000_000

_Q = struct.Struct("<Q")
_q = struct.Struct("<q")
_I = struct.Struct("<I")


def dict_items(t: Target, addr: int) -> List[Tuple[int, int]]:
    """Return ``(key address, value address)`` for each live entry of the dict at ``addr``.

    Raises :class:`BadPointer` on an implausible table.
    """
    d = t.layout["dict"]
    mem = t.mem
    if d["layout"] == "2.7":
        mask = _q.unpack(mem.read(addr + d["mask"], 8))[0]
        if not 0 <= mask < MAX_DICT_ENTRIES:
            raise BadPointer(f"dict at 0x{addr:x} has implausible mask {mask}", offset=addr)
        table = _Q.unpack(mem.read(addr + d["table"], 8))[0]
        raw = mem.read(table, (mask + 1) * 24)
        pairs = [struct.unpack_from("<QQ", raw, i * 24 + 8) for i in range(mask + 1)]
        return [(k, v) for k, v in pairs if k and v]
    keys = _Q.unpack(mem.read(addr + d["keys"], 8))[0]
    head = mem.read(keys, 40)
    count = _q.unpack_from(head, d["nentries"])[0]
    if not 0 <= count < MAX_DICT_ENTRIES:
        raise BadPointer(f"dict at 0x{addr:x} has implausible size {count}", offset=addr)
    if d["layout"] == "3.11":
        start = 32 + (1 << head[9])
        general = head[10] == 0
        size = 24 if general else d["entry_size"]
        koff = 8 if general else d["entry_key"]
    else:
        dk_size = _q.unpack_from(head, 8)[0]
        if not 0 < dk_size < 4 * MAX_DICT_ENTRIES:
            raise BadPointer(f"dict at 0x{addr:x} has implausible table size", offset=addr)
        width = 1 if dk_size <= 0xFF else 2 if dk_size <= 0xFFFF else 4 \
            if dk_size <= 0xFFFFFFFF else 8
        start = 40 + dk_size * width
        size, koff = d["entry_size"], d["entry_key"]
    words = array.array("Q")
    words.frombytes(mem.read(keys + start, count * size))
    step = size // 8
    ks = words[koff // 8::step]
    vs = words[koff // 8 + 1::step]
    return [(k, v) for k, v in zip(ks, vs) if k and v]


def lookup(t: Target, addr: int, name: str) -> Optional[int]:
    """Return the value address stored under the str key ``name`` in the dict at ``addr``."""
    items = dict_items(t, addr)
    if not items:
        return None
    lay = t.layout
    py2 = t.version.is_py2
    ascii_name = all(ord(c) < 128 for c in name)
    if py2:
        want, data_off = name.encode("latin-1", "replace"), lay["bytes_data"]
    elif ascii_name:
        want, data_off = name.encode("ascii"), lay["str_ascii_data"]
    else:
        return _lookup_slow(t, items, name)
    # Gather each key's head (object header + start of its text) in a few system
    # calls, then find the NUL-terminated text at the data offset of some key.
    size = data_off + len(want) + 1
    blob = t.mem.gather([k for k, _ in items], size)
    pattern = want + b"\0"
    i = blob.find(pattern)
    while i >= 0:
        index, rest = divmod(i, size)
        if rest == data_off:
            key, value = items[index]
            try:
                if _text(t.reader.read_str(key)) == name:
                    return value
            except BadPointer:
                pass
        i = blob.find(pattern, i + 1)
    return None


def _text(value: object) -> object:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _lookup_slow(t: Target, items: List[Tuple[int, int]], name: str) -> Optional[int]:
    for key, value in items:
        try:
            if t.reader.read_str(key) == name:
                return value
        except BadPointer:
            continue
    return None


def modules_dict(t: Target) -> int:
    """Return the address of the target's ``sys.modules`` dict."""
    s = t.layout["stack"]
    word = t._word
    if "runtime_interp_head" in s:
        interp = word(t.image.require("_PyRuntime") + s["runtime_interp_head"])
    else:
        interp = word(t.image.require(s["interp_head_symbol"]))
    return word(interp + s["interp_modules"])


def find_function(t: Target, module: str, qualname: str) -> Optional[int]:
    """Return the address of function ``module:qualname`` found by walking dicts, or None.

    Follows classes (``tp_dict``) and unwraps staticmethod/classmethod.  Returns
    None when a step is missing (the caller falls back to a heap scan).
    """
    if "<" in qualname:
        return None  # <locals>/<lambda>: not reachable from module dicts
    mod = lookup(t, modules_dict(t), module)
    if mod is None or t.reader.type_name(t.reader.type_addr(mod)) != "module":
        return None
    current = t._word(mod + t.layout["module_dict"])
    parts = qualname.split(".")
    for i, part in enumerate(parts):
        obj = lookup(t, current, part)
        if obj is None:
            return None
        tname = t.reader.type_name(t.reader.type_addr(obj))
        if tname in ("staticmethod", "classmethod"):
            obj = t._word(obj + 16)
            tname = t.reader.type_name(t.reader.type_addr(obj))
        if i == len(parts) - 1:
            return obj if tname == "function" else None
        if t.reader.type_name(t.reader.type_addr(t.reader.type_addr(obj))) != "type":
            return None  # not a class (its metaclass is not type)
        current = t._word(obj + t.layout["type_dict"])
    return None
