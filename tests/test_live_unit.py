"""Unit tests of the live reader that need no other interpreter.

Reading our *own* process needs no ptrace permission, so the object reader,
de-specialisation, the live marshal writer and name lookup are checked against
the host's own code objects, ``marshal`` and ``dis`` here.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import types

import pytest

from bytescope.code import Code
from bytescope.errors import BytescopeError, LiveAccessError
from bytescope.live import attach
from bytescope.live.elf import ElfFile, parse_nt_file
from bytescope.live.errors import BadPointer, NotFound
from bytescope.live.maps import find_mapping, parse_maps
from bytescope.live.memory import MemorySource
from bytescope.live.objects import ObjectReader
from bytescope.versions import host

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="attach reads /proc: Linux only")

MAPS = """\
00400000-00401000 r--p 00000000 08:01 123  /usr/bin/python3.12
00401000-00402000 r-xp 00001000 08:01 123  /usr/bin/python3.12
7f0000000000-7f0000021000 rw-p 00000000 00:00 0
7ffd1000-7ffd2000 rw-p 00000000 00:00 0    [stack]
"""


def test_parse_maps():
    maps = parse_maps(MAPS)
    assert [m.path for m in maps] == ["/usr/bin/python3.12", "/usr/bin/python3.12", "",
                                      "[stack]"]
    assert maps[1].offset == 0x1000 and maps[1].perms == "r-xp"
    assert maps[2].writable and maps[2].size == 0x21000
    assert find_mapping(maps, 0x7F0000000010) is maps[2]
    assert find_mapping(maps, 0x10) is None


def test_parse_maps_rejects_garbage():
    with pytest.raises(LiveAccessError, match="line 2"):
        parse_maps("00400000-00401000 r--p 0 0 0\nnonsense\n")


def test_elf_rejects_non_elf_and_truncation():
    with pytest.raises(LiveAccessError, match="not an ELF"):
        ElfFile(b"hello world, not an ELF file at all........................")
    with open(sys.executable, "rb") as fh:
        head = fh.read(64)
    # A header whose program headers point past the end of the data.
    with pytest.raises(LiveAccessError, match="past the end"):
        ElfFile(head)


def test_nt_file_note():
    entries = [(0x400000, 0x401000, 0, b"/usr/bin/python3"),
               (0x7F0000000000, 0x7F0000002000, 3, b"/lib/libc.so.6")]
    desc = struct.pack("<QQ", len(entries), 4096)
    desc += b"".join(struct.pack("<QQQ", s, e, o) for s, e, o, _ in entries)
    desc += b"".join(name + b"\0" for *_, name in entries)
    got = parse_nt_file(desc)
    assert got == [(0x400000, 0x401000, 0, "/usr/bin/python3"),
                   (0x7F0000000000, 0x7F0000002000, 3 * 4096, "/lib/libc.so.6")]
    with pytest.raises(LiveAccessError):
        parse_nt_file(desc[:40])


# --- reading our own process ----------------------------------------------------------


def sample_consts(a, b=2, *args, key=None, **kw):
    big = -98765432109876543210987654321
    text = ("h\xe9llo", "\u20ac", "\U0001f600", "plain", b"raw\x00bytes")
    nums = (1.5, -0.0, 2j, 0, -1, 2**31, -(2**31) - 1)
    flag = a in {1, 2, 3}
    return big, text, nums, flag, None, True, False, ..., (1, (2, (3,)))


def sample_closure(n):
    box = [n]

    def inner(k):
        nonlocal n
        n += k
        return n + box[0]
    return inner


class Sample:
    def method(self, x):
        return self.value + x

    value = 1


def _warm():
    s = Sample()
    inner = sample_closure(1)
    for i in range(2000):
        sample_consts(i)
        s.method(i)
        inner(i)
    return inner


def _diff(got, want):
    from bytescope.code import FIELDS

    return [(f, getattr(got, f), getattr(want, f)) for f in FIELDS
            if getattr(got, f) != getattr(want, f)]


@pytest.fixture(scope="module")
def me():
    target = attach(os.getpid())
    yield target
    target.close()


def test_gather_takes_garbage_pointers(me):
    # A racing heap can hand gather() a pointer past 2**64 (garbage + an offset):
    # it reads as zeros, as any other unreadable address does.
    value = b"gather me"
    data = me.mem.gather([id(value), (1 << 64) + 8, 0], 8)
    assert data[:8] == me.mem.read(id(value), 8)
    assert data[8:] == bytes(16)


def test_gather_takes_any_address(me):
    """A scan gathers words at pointers read from a moving heap: one past 2**64 or
    negative reads as zeros, as an unmapped one does (was: OverflowError from array,
    seen once in test_find_by_name)."""
    value = struct.pack("<Q", 0x1122334455667788)
    buf = bytes(value)
    addr = id(buf) + bytes.__basicsize__ - 1  # the bytes object's data
    got = me.mem.gather([2**64 + 8, addr, -8, 2**64 - 4], 8)
    assert got == bytes(8) + value + bytes(16)


def test_self_version_and_image(me):
    assert me.key == host().key
    assert me.image.address("PyCode_Type") == id(types.CodeType)
    assert me.image.address("PyFunction_Type") == id(types.FunctionType)


@pytest.mark.parametrize("fn", [sample_consts, sample_closure, Sample.method, _warm],
                         ids=lambda f: f.__name__)
def test_self_code_equals_host_code(me, fn):
    _warm()
    want = Code.from_host(fn.__code__)
    got = me.code_at(id(fn))
    assert got == want, _diff(got, want)
    assert me.code_at(id(fn.__code__)) == want


def test_self_marshal_equals_host_marshal(me):
    inner = _warm()
    for fn in (sample_consts, sample_closure, Sample.method, inner):
        assert me.marshal_at(id(fn)) == marshal.dumps(fn.__code__)


def test_adaptive_form_differs_and_deopt_restores(me):
    _warm()
    live = me.code_at(id(Sample.method), adaptive=True)
    plain = me.code_at(id(Sample.method))
    assert plain.co_code == Sample.method.__code__.co_code
    if host().version >= (3, 11):
        assert live.co_code != plain.co_code  # specialised in place by the interpreter
    else:
        assert live.co_code == plain.co_code


def test_find_by_name(me):
    inner = _warm()
    assert me.find("Sample.method") == Code.from_host(Sample.method.__code__)
    got, want = me.find(f"{__name__}:sample_consts"), Code.from_host(sample_consts.__code__)
    assert got == want, _diff(got, want)
    assert me.find("sample_closure.<locals>.inner") == Code.from_host(inner.__code__)
    with pytest.raises(NotFound):
        me.find("no_such_function_anywhere_xyz")
    with pytest.raises(NotFound):
        me.find("some.other.module:sample_consts")


def test_functions_lists_ours(me):
    names = {(f.module, f.qualname) for f in me.functions()}
    assert (__name__, "Sample.method") in names
    assert (__name__, "sample_consts") in names


def test_not_a_code_object(me):
    thing = [1, 2, 3]
    with pytest.raises(BadPointer, match="'list'"):
        me.code_at(id(thing))
    with pytest.raises(BadPointer):
        me.code_at(0x10)
    with pytest.raises(BadPointer, match="misaligned"):
        me.code_at(id(sample_consts) + 3)


# --- a corrupted heap: errors, never hangs ----------------------------------------------


class FakeMemory(MemorySource):
    """A few hand-made objects at fixed addresses."""

    def __init__(self, blobs):
        self.blobs = blobs

    def read(self, addr, n):
        for base, data in self.blobs.items():
            if base <= addr and addr + n <= base + len(data):
                return data[addr - base:addr - base + n]
        raise BadPointer(f"unmapped 0x{addr:x}", offset=addr)

    def mappings(self):
        return []


TUPLE_T, INT_T = 0x1000, 0x2000


def _reader(blobs):
    from bytescope.live.layouts_data import LAYOUTS

    return ObjectReader(FakeMemory(blobs), LAYOUTS["3.12"], host(),
                        {TUPLE_T: "tuple", INT_T: "int"}, {})


def _tuple(size, items):
    return struct.pack("<QQq", 1, TUPLE_T, size) + b"".join(struct.pack("<Q", i) for i in items)


def test_cycle_is_an_error():
    blobs = {0x10000: _tuple(1, [0x10000])}
    with pytest.raises(BadPointer, match="cycle"):
        _reader(blobs).value(0x10000)


def test_huge_size_is_refused_before_allocating():
    blobs = {0x10000: _tuple(1 << 40, [])}
    with pytest.raises(BadPointer, match="implausible size"):
        _reader(blobs).value(0x10000)


def test_dangling_item_is_an_error():
    blobs = {0x10000: _tuple(2, [0x10000 + 64, 0xDEAD000])}
    blobs[0x10000 + 64] = struct.pack("<QQqI", 1, INT_T, 1 << 3, 7)
    with pytest.raises(BytescopeError):
        _reader(blobs).value(0x10000)


def test_good_fake_objects_read():
    blobs = {0x10000: _tuple(2, [0x20000, 0x20000]),
             0x20000: struct.pack("<QQqI", 1, INT_T, (1 << 3) | 2, 42)}
    assert _reader(blobs).value(0x10000) == (-42, -42)


def test_free_threaded_build_is_recognised_by_name(me):
    from bytescope.live.image import Image, detect_version

    fake = Image("/opt/py/lib/libpython3.13t.so.1.0", me.image.elf, me.image.bias)
    key, free = detect_version(me.mem, fake)
    assert free is True
    key, free = detect_version(me.mem, me.image)
    assert (key, free) == (host().key, False)


def test_debug_offsets_checked_on_313_plus(me):
    # The host may predate _Py_DebugOffsets; where it has them they must agree.
    assert me.debug_offsets in ("ok", "absent")
    if host().version >= (3, 13):
        assert me.debug_offsets == "ok"

