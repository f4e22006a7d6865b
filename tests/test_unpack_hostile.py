"""Hostile packed applications: nothing is written outside DIR, every lie gets a clear error.

Each case crafts a CArchive, PYZ or zip (``packed_builder``) with lying names,
sizes or offsets next to good entries, unpacks it into ``root/out`` and checks
that (1) nothing appears anywhere under ``root`` but the input and ``out``,
(2) the bad entries are recorded as lost with the expected reason, and (3)
the good entries are still extracted.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import tracemalloc
import zipfile
import zlib

import pytest
from packed_builder import ELF_STUB, CEntry, carchive, code_bytes, cookie, pyz, toc_entry

import bytescope
from bytescope.packed import ArchiveError, Limits, Manifest, NotPacked

HOST_PYVERS = sys.version_info[0] * 100 + sys.version_info[1]
GOOD = CEntry("good.txt", b"good data\n", "x")


def _unpack(tmp_path: object, data: bytes, **kw: object) -> tuple[Manifest, str]:
    root = str(tmp_path)
    inp = os.path.join(root, "input.bin")
    with open(inp, "wb") as fh:
        fh.write(data)
    out = os.path.join(root, "out")
    manifest = bytescope.unpack(inp, out, **kw)
    _nothing_outside(root)
    return manifest, out


def _nothing_outside(root: str) -> None:
    for dirpath, dirs, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel == ".":
            assert set(files) <= {"input.bin"}, files
            assert set(dirs) <= {"out", "elsewhere"}, dirs
        elif rel.split(os.sep)[0] == "elsewhere":
            assert not files, f"written through a link: {files}"


def _lost(manifest: Manifest) -> dict[str, str]:
    return {e.name: e.error or "" for e in manifest.lost}


def _read(out: str, rel: str) -> bytes:
    with open(os.path.join(out, rel), "rb") as fh:
        return fh.read()


@pytest.mark.parametrize("name", [
    "../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "\\\\server\\share\\evil.txt",
    "C:\\Windows\\evil.txt", "c:evil.txt", "..\\..\\evil.txt", "./..", "",
])
def test_carchive_names_that_escape(tmp_path: object, name: str) -> None:
    data = carchive([GOOD, CEntry(name, b"EVIL", "x")])
    manifest, out = _unpack(tmp_path, data)
    lost = _lost(manifest)
    assert list(lost) == [name]
    assert "absolute" in lost[name] or ".." in lost[name] or "drive" in lost[name] \
        or "names no file" in lost[name]
    assert _read(out, "good.txt") == GOOD.data


def test_pyz_names_with_nul_and_absolute_paths(tmp_path: object) -> None:
    entries = [("good", 0, code_bytes()), ("bad\0name", 0, code_bytes()),
               ("/abs/olute", 2, b"data"), ("../../up", 2, b"data"), ("fine/data.txt", 2, b"d")]
    data = carchive([CEntry("PYZ-00.pyz", pyz(entries), "z")])
    manifest, out = _unpack(tmp_path, data)
    lost = _lost(manifest)
    assert set(lost) == {"bad\0name", "/abs/olute", "../../up"}
    assert "NUL" in lost["bad\0name"]
    assert _read(out, "good.pyc")[:4] == struct.pack("<H", bytescope.versions.host().magic) \
        + b"\r\n"
    assert _read(out, "fine/data.txt") == b"d"


def test_sizes_past_the_end(tmp_path: object) -> None:
    data = carchive([GOOD, CEntry("huge.bin", b"abc", "b", stored=1 << 30)])
    manifest, out = _unpack(tmp_path, data)
    assert "past the end" in _lost(manifest)["huge.bin"]
    assert _read(out, "good.txt") == GOOD.data


def test_overlapping_entries(tmp_path: object) -> None:
    data = carchive([GOOD, CEntry("again.txt", b"", "x", offset=0, stored=len(GOOD.data),
                                  size=len(GOOD.data))])
    manifest, out = _unpack(tmp_path, data)
    assert "overlaps entry 'good.txt'" in _lost(manifest)["again.txt"]
    assert os.listdir(out) == ["good.txt"]


def test_recursive_entry_covering_its_own_archive(tmp_path: object) -> None:
    # A PYZ entry whose bytes span the whole package, TOC and cookie included.
    first = carchive([GOOD, CEntry("PYZ-00.pyz", b"", "z", offset=0, stored=1)])
    package = len(first) - len(ELF_STUB)
    data = carchive([GOOD, CEntry("PYZ-00.pyz", b"", "z", offset=0, stored=package)])
    manifest, out = _unpack(tmp_path, data)
    assert "recursive" in _lost(manifest)["PYZ-00.pyz"]
    assert _read(out, "good.txt") == GOOD.data


def test_decompression_bomb_declared_small(tmp_path: object) -> None:
    bomb = CEntry("bomb.bin", bytes(8 << 20), "b", flag=1, size=1000)
    manifest, out = _unpack(tmp_path, carchive([GOOD, bomb]))
    assert "decompression bomb refused" in _lost(manifest)["bomb.bin"]
    assert "declared size of 1000" in _lost(manifest)["bomb.bin"]
    assert sorted(os.listdir(out)) == ["good.txt"]


def test_decompression_bomb_by_ratio_with_bounded_memory(tmp_path: object) -> None:
    bomb = CEntry("bomb.bin", bytes(64 << 20), "b", flag=1)  # declares its true size
    data = carchive([GOOD, bomb])
    tracemalloc.start()
    try:
        manifest, out = _unpack(tmp_path, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "decompression bomb refused" in _lost(manifest)["bomb.bin"]
    assert peak < 12 << 20, f"peak {peak} bytes while refusing a 64 MB bomb"
    assert not os.path.exists(os.path.join(out, "bomb.bin"))
    # With a higher ratio allowed it comes out.
    manifest, out = _unpack(tmp_path, data, limits=Limits(max_ratio=2000))
    assert manifest.ok and os.path.getsize(os.path.join(out, "bomb.bin")) == 64 << 20


def test_pyz_module_bomb_and_damaged_code(tmp_path: object) -> None:
    entries = [("ok", 0, code_bytes()), ("bomb", 0, bytes(32 << 20)),
               ("damaged", 0, code_bytes("y = 'a long enough string'\n")[:-9]),
               ("notcode", 0, b"i\x01\x00\x00\x00")]
    manifest, out = _unpack(tmp_path, carchive([CEntry("PYZ-00.pyz", pyz(entries), "z")]))
    lost = _lost(manifest)
    assert set(lost) == {"bomb", "damaged", "notcode"}
    assert "decompression bomb" in lost["bomb"]
    assert "damaged" in lost["damaged"] and "offset" in lost["damaged"]
    assert "not a code object" in lost["notcode"]
    assert os.path.exists(os.path.join(out, "ok.pyc"))


def test_pyz_entries_overlapping_and_covering_the_toc(tmp_path: object) -> None:
    blob = pyz([("a", 0, code_bytes()), ("b", 0, code_bytes()), ("c", 0, code_bytes())])
    toc_pos = struct.unpack("!i", blob[8:12])[0]
    a_len = len(zlib.compress(code_bytes()))
    blob = pyz([("a", 0, code_bytes()), ("b", 0, code_bytes()), ("c", 0, code_bytes())],
               overrides={"b": (17, a_len), "c": (17 + 2 * a_len, toc_pos)})
    manifest, out = _unpack(tmp_path, carchive([CEntry("PYZ-00.pyz", blob, "z")]))
    lost = _lost(manifest)
    assert "overlaps entry 'a'" in lost["b"]
    assert "outside" in lost["c"] or "recursive" in lost["c"]
    assert os.path.exists(os.path.join(out, "a.pyc"))


def test_truncated_toc_keeps_earlier_entries(tmp_path: object) -> None:
    data = bytearray(carchive([GOOD, CEntry("second.txt", b"2")]))
    # Make the second TOC entry's length field lie (point past the TOC).
    second = data.rfind(b"second.txt") - 18
    data[second:second + 4] = struct.pack("!I", 0xFFFF)
    manifest, out = _unpack(tmp_path, bytes(data))
    assert "<rest of the TOC>" in _lost(manifest)
    assert _read(out, "good.txt") == GOOD.data


def test_inconsistent_cookie_is_an_error(tmp_path: object) -> None:
    data = bytearray(carchive([GOOD]))
    cookie = data.rfind(b"MEI\014\013\012\013\016")
    data[cookie + 8:cookie + 12] = struct.pack("!I", len(data) * 4)  # package longer than file
    with pytest.raises(ArchiveError, match="do not fit"):
        _unpack(tmp_path, bytes(data))


def test_links_in_the_output_folder_are_not_followed(tmp_path: object) -> None:
    root = str(tmp_path)
    os.makedirs(os.path.join(root, "out"))
    os.makedirs(os.path.join(root, "elsewhere"))
    os.symlink(os.path.join(root, "elsewhere"), os.path.join(root, "out", "pkg"))
    os.symlink(os.path.join(root, "elsewhere", "f.txt"), os.path.join(root, "out", "f.txt"))
    data = carchive([GOOD, CEntry("pkg/inside.txt", b"x"), CEntry("f.txt", b"y")])
    manifest, out = _unpack(tmp_path, data)
    lost = _lost(manifest)
    assert "not a folder" in lost["pkg/inside.txt"] and "link" in lost["f.txt"]
    assert os.listdir(os.path.join(root, "elsewhere")) == []


def test_duplicate_names_are_kept_apart(tmp_path: object) -> None:
    data = carchive([CEntry("same.txt", b"1"), CEntry("same.txt", b"2"), CEntry("SAME.txt", b"3")])
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok
    written = [e.written for e in manifest.entries]
    assert written == ["same.txt", "same~2.txt", "SAME~3.txt"]
    assert "already written" in (manifest.entries[1].note or "")


def test_output_budget(tmp_path: object) -> None:
    data = carchive([CEntry(f"f{i}.bin", bytes(1000), "b") for i in range(5)])
    manifest, out = _unpack(tmp_path, data, limits=Limits(max_output=2500))
    assert [bool(e.written) for e in manifest.entries] == [True, True, False, False, False]
    assert "budget" in manifest.lost[0].error


# -- zips ------------------------------------------------------------------------------


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_names_that_escape(tmp_path: object) -> None:
    data = _zip([("ok.txt", b"ok"), ("../up.txt", b"x"), ("/abs.txt", b"x"),
                 ("C:/drive.txt", b"x"), ("a\\..\\..\\back.txt", b"x")])
    manifest, out = _unpack(tmp_path, data)
    assert set(_lost(manifest)) == {"../up.txt", "/abs.txt", "C:/drive.txt", "a\\..\\..\\back.txt"}
    assert os.listdir(out) == ["ok.txt"]


def test_zip_name_with_nul(tmp_path: object) -> None:
    data = bytearray(_zip([("ok.txt", b"ok"), ("nulXname.txt", b"x")]))
    for at in [i for i in range(len(data)) if data[i:i + 12] == b"nulXname.txt"]:
        data[at + 3] = 0
    manifest, out = _unpack(tmp_path, bytes(data))
    assert any("NUL" in err for err in _lost(manifest).values())
    assert os.listdir(out) == ["ok.txt"]


def test_zip_overlapping_members(tmp_path: object) -> None:
    data = bytearray(_zip([("a.txt", b"A" * 100), ("b.txt", b"B" * 100)]))
    # Point b's central directory entry at a's local header.
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 42, 0)
    manifest, out = _unpack(tmp_path, bytes(data))
    assert "overlaps member 'a.txt'" in _lost(manifest)["b.txt"]
    assert _read(out, "a.txt") == b"A" * 100


def test_zip_bomb_and_past_the_end(tmp_path: object) -> None:
    data = bytearray(_zip([("ok.txt", b"ok"), ("bomb.bin", bytes(16 << 20)), ("long.bin", b"z")]))
    cds = [i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02"]
    struct.pack_into("<I", data, cds[2] + 20, 1 << 30)  # long.bin: compressed size past EOF
    manifest, out = _unpack(tmp_path, bytes(data))
    lost = _lost(manifest)
    assert "decompression bomb refused" in lost["bomb.bin"]
    assert "past the end" in lost["long.bin"]
    assert os.listdir(out) == ["ok.txt"]


def test_not_a_packed_application(tmp_path: object) -> None:
    with pytest.raises(NotPacked, match="not a packed Python application"):
        _unpack(tmp_path, b"\x7fELF" + bytes(5000))
    with pytest.raises(NotPacked, match="not a packed Python application"):
        _unpack(tmp_path, b"just some text\n")


def test_archive_past_2_gib(tmp_path: object) -> None:
    """Entries at package offsets past 2**31 (a sparse file: no disk space used)."""
    path = os.path.join(str(tmp_path), "input.bin")
    big = (1 << 31) + (64 << 20)
    small = code_bytes("z = 3\n")
    huge, late = CEntry("huge.bin", b"", "b", stored=big, size=big), CEntry("late", small, "s")
    toc = toc_entry(huge, 0, b"") + toc_entry(late, big, small)
    with open(path, "wb") as fh:
        fh.write(ELF_STUB)
        fh.seek(len(ELF_STUB) + big)  # a hole: the big entry's zeros
        fh.write(small + toc + cookie(big + len(small), len(toc), pyvers=HOST_PYVERS))
    manifest = bytescope.unpack(path)  # a listing: the big entry is not read
    assert manifest.ok, manifest.lost
    entry = next(e for e in manifest.entries if e.name == "late")
    assert entry.offset == len(ELF_STUB) + big > 1 << 31
    data = bytescope.packed.read_member(path, "late.pyc")
    assert bytescope.loads(data).code.co_names == ("z",)
