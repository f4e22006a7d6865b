"""The versions table against the facts: magics, header sizes, marshal versions, eras.

The expected values below are written down from the sources (CPython's
``Lib/importlib/_bootstrap_external.py`` / ``pycore_magic_number.h`` list,
each version's ``Python/marshal.c`` and ``Python/import.c``, PyPy's
``pycode.py``) independently of ``bytescope/versions``; real pycs and every
installed interpreter are checked too.
"""

from __future__ import annotations

import glob
import os
import struct
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import interpreters  # noqa: E402

from bytescope import versions  # noqa: E402
from bytescope.errors import BadMagic, UnsupportedVersion  # noqa: E402
from bytescope.versions.lines import LINES  # noqa: E402
from bytescope.versions.magics import MAGICS  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def word(magic: int, suffix: bytes = b"\r\n") -> bytes:
    return struct.pack("<H", magic) + suffix


# (magic, line, header size, marshal version): final releases and era edges.
FACTS = [
    (39170, "1.0", 8, 0),
    (39171, "1.1", 8, 0),
    (11913, "1.3", 8, 0),
    (5892, "1.4", 8, 0),
    (20121, "1.5", 8, 0),
    (50428, "1.6", 8, 0),
    (50823, "2.0", 8, 0),
    (60202, "2.1", 8, 0),
    (60717, "2.2", 8, 0),
    (62011, "2.3", 8, 0),
    (62021, "2.3", 8, 0),
    (62061, "2.4", 8, 1),
    (62131, "2.5", 8, 2),
    (62161, "2.6", 8, 2),
    (62211, "2.7", 8, 2),
    (3131, "3.0", 8, 2),
    (3151, "3.1", 8, 2),
    (3180, "3.2", 8, 2),
    (3190, "3.3", 8, 2),
    (3200, "3.3", 8, 2),
    (3210, "3.3", 12, 2),  # "added size modulo 2**32 to the pyc header"
    (3230, "3.3", 12, 2),
    (3310, "3.4", 12, 4),
    (3350, "3.5", 12, 4),
    (3351, "3.5", 12, 4),
    (3379, "3.6", 12, 4),
    (3390, "3.7", 12, 4),
    (3391, "3.7", 12, 4),
    (3392, "3.7", 16, 4),  # PEP 552
    (3394, "3.7", 16, 4),
    (3413, "3.8", 16, 4),
    (3425, "3.9", 16, 4),
    (3439, "3.10", 16, 4),
    (3495, "3.11", 16, 4),
    (3531, "3.12", 16, 4),
    (3571, "3.13", 16, 4),
    (3607, "3.14", 16, 4),
    (3608, "3.14", 16, 5),  # "Add support for slices"
    (3627, "3.14", 16, 5),
    (3666, "3.15", 16, 6),
    (62218, "pypy2.7", 8, 2),
    (3187, "pypy3.2", 8, 2),
    (48, "pypy3.2", 8, 2),  # PyPy3 2.4: 3.2's 8-byte header, as its real pycs have
    (3414, "pypy3.8", 16, 4),
    (64, "pypy3.3", 12, 2),
    (112, "pypy3.5", 12, 4),
    (192, "pypy3.6", 12, 4),
    (240, "pypy3.7", 16, 4),
    (256, "pypy3.8", 16, 4),
    (336, "pypy3.9", 16, 4),
    (384, "pypy3.10", 16, 4),
    (416, "pypy3.11", 16, 4),
]


@pytest.mark.parametrize("magic,line,header,marshal_version", FACTS,
                         ids=[f"{f[1]}-{f[0]}" for f in FACTS])
def test_known_facts(magic: int, line: str, header: int, marshal_version: int) -> None:
    suffix = b"\x99\x00" if line in ("1.0", "1.1") else b"\r\n"
    info = versions.by_magic(word(magic, suffix))
    assert (info.key, info.magic, info.header_size, info.marshal_version) == (
        line, magic, header, marshal_version)
    assert info.magic_bytes == word(magic, suffix)
    assert info.implementation == ("PyPy" if line.startswith("pypy") else "CPython")
    assert info.is_py2 == (line.replace("pypy", "") < "3")


def test_every_listed_magic_maps_to_its_line() -> None:
    seen: dict[int, str] = {}
    for magic, line, label in MAGICS:
        assert magic not in seen, f"magic {magic} listed for {seen[magic]} and {line}"
        seen[magic] = line
        assert line in LINES, line
        try:
            info = versions.by_magic(versions.magic_bytes(magic, line))
        except UnsupportedVersion as exc:  # listed, but a layout we refuse to guess
            assert line == "3.11" and 3450 <= magic < 3494, magic
            assert str(magic) in str(exc)
            continue
        assert (info.key, info.magic, info.magic_label) == (line, magic, label)
    assert len(seen) > 250


def test_magics_of_a_cpython_line_are_contiguous_in_order() -> None:
    # From 1.5 on, CPython's magic numbers rise with every release line; each
    # line's magics lie between the previous line's and the next line's.
    order = [k for k in LINES if not k.startswith("pypy") and k >= "1.5" and k != "1.6"]
    order = sorted(order, key=lambda k: tuple(int(p) for p in k.split(".")))
    ranges = {}
    for magic, line, _ in MAGICS:
        lo, hi = ranges.get(line, (magic, magic))
        ranges[line] = (min(lo, magic), max(hi, magic))
    py3 = [k for k in order if k.startswith("3.")]
    for a, b in zip(py3, py3[1:]):
        assert ranges[a][1] < ranges[b][0], (a, b)
    py2 = [k for k in order if k.startswith("2.")]
    for a, b in zip(py2, py2[1:]):
        assert ranges[a][1] < ranges[b][0], (a, b)


@pytest.mark.parametrize("magic,wordcode,line_table", [
    (3351, False, "lnotab"), (3360, False, "lnotab"), (3361, False, "lnotab_signed"),
    (3370, True, "lnotab_signed"), (3379, True, "lnotab_signed"),
    (3425, True, "lnotab_signed"), (3430, True, "lnotab_signed"),
    (3431, True, "linetable"), (3439, True, "linetable"), (3495, True, "locations"),
])
def test_bytecode_and_line_table_eras(magic: int, wordcode: bool, line_table: str) -> None:
    info = versions.by_magic(word(magic))
    assert (info.wordcode, info.line_table) == (wordcode, line_table)


@pytest.mark.parametrize("magic,layout", [
    (3400, "3.0"), (3401, "3.0"), (3410, "3.8"), (3413, "3.8"), (3439, "3.10"),
    (3495, "3.11"), (3666, "3.11"), (20121, "1.5"), (50823, "1.5"), (60202, "2.1"),
    (60717, "2.1"), (62011, "2.3"), (11913, "1.3"), (5892, "1.3"), (416, "pypy3.11"),
])
def test_code_layout_eras(magic: int, layout: str) -> None:
    assert versions.by_magic(word(magic)).code_layout_name == layout


def test_py2_and_py3_traits() -> None:
    assert versions.by_name("2.7").uses_refs is False
    assert versions.by_name("3.4").uses_refs is True
    assert versions.by_name("3.11").has_exception_table
    assert not versions.by_name("3.10").has_exception_table
    assert versions.by_name("3.7").has_hash_based_pycs
    assert not versions.by_name("3.6").has_hash_based_pycs


@pytest.mark.parametrize("magic", [3451, 3470, 3493])
def test_unreadable_311_alphas_are_refused(magic: int) -> None:
    with pytest.raises(UnsupportedVersion) as err:
        versions.by_magic(word(magic))
    assert str(magic) in str(err.value)


@pytest.mark.parametrize("magic,nearest", [
    (3441, ("3439", "3450")), (1234, ("416", "3000")), (62300, ("62218",)),
    (3349, ("3340", "3350")), (3380, ("3379", "3390")),
])
def test_unknown_magic_names_number_bytes_and_nearest(magic: int,
                                                      nearest: tuple[str, ...]) -> None:
    data = word(magic)
    with pytest.raises(UnsupportedVersion) as err:
        versions.by_magic(data)
    text = str(err.value)
    assert str(magic) in text
    assert data.hex(" ") in text
    for known in nearest:
        assert known in text
    assert err.value.offset == 0


def test_unlisted_magic_in_a_reserved_block_is_a_prerelease() -> None:
    info = versions.by_magic(word(3690))
    assert info.key == "3.15" and info.magic == 3690


@pytest.mark.parametrize("data", [b"\x03\xf3\r\x0b", b"PK\x03\x04", b"\x0d\x0a", b""])
def test_bad_magic(data: bytes) -> None:
    with pytest.raises(BadMagic):
        versions.by_magic(data)


def test_by_name() -> None:
    assert versions.by_name("3.11.4").key == "3.11"
    assert versions.by_name("CPython 3.8").key == "3.8"
    assert versions.by_name("pypy3.9").implementation == "PyPy"
    for key in versions.known_lines():
        assert versions.by_name(key).key == key
    with pytest.raises(UnsupportedVersion):
        versions.by_name("4.0")


def test_host_version_is_the_running_interpreter() -> None:
    import importlib.util

    info = versions.host()
    assert info.magic_bytes == importlib.util.MAGIC_NUMBER
    assert info.version == sys.version_info[:2]


_MAGIC_SCRIPT = (
    "import sys\n"
    "try:\n    import importlib.util as u; m = u.MAGIC_NUMBER\n"
    "except (ImportError, AttributeError):\n    import imp; m = imp.get_magic()\n"
    "sys.stdout.write(''.join('%02x' % c for c in bytearray(m)))\n"
)


@pytest.mark.parametrize("version", interpreters.VERSIONS)
def test_installed_interpreter_magic_maps_to_its_line(version: str) -> None:
    python = interpreters.require(version)
    out = subprocess.run([python, "-c", _MAGIC_SCRIPT], capture_output=True, text=True,
                         timeout=60, check=True)
    magic = bytes.fromhex(out.stdout)
    info = versions.by_magic(magic)
    assert info.key == version
    assert info.magic_bytes == magic


def _pyc_dirs() -> list[tuple[str, str]]:
    out = [(d, os.path.basename(d)) for d in sorted(glob.glob(os.path.join(FIXTURES, "*")))
           if os.path.basename(d) in versions.known_lines()]  # not packed/ (unpack's samples)
    corpora = interpreters.shared_dir("corpora", "uncompyle6")
    if corpora:
        for d in sorted(glob.glob(os.path.join(corpora, "*"))):
            out.append((d, os.path.basename(d).rsplit("_", 1)[-1].replace("lib", "")
                        .replace("bytecode", "")))
    return out


@pytest.mark.parametrize("directory,line", _pyc_dirs(), ids=[d[0].split(os.sep)[-1]
                                                             for d in _pyc_dirs()])
def test_real_pycs_map_to_their_line(directory: str, line: str) -> None:
    paths = glob.glob(os.path.join(directory, "*.py[co]"))
    if not paths:
        pytest.skip(f"no pycs in {directory}")
    for path in paths:
        with open(path, "rb") as fh:
            assert versions.by_magic(fh.read(4)).key == line, path


#: Every magic number of CPython's own list (pycore_magic_number.h /
#: _bootstrap_external.py), transcribed per release line.
CPYTHON_LIST: dict[str, list[int]] = {
    "1.5": [20121], "1.6": [50428], "2.0": [50823], "2.1": [60202], "2.2": [60717],
    "2.3": [62011, 62021], "2.4": [62041, 62051, 62061],
    "2.5": [62071, 62081, 62091, 62092, 62101, 62111, 62121, 62131],
    "2.6": [62151, 62161], "2.7": [62171, 62181, 62191, 62201, 62211],
    "3.0": [3000, 3010, 3020, 3030, 3040, 3050, 3060, 3061, 3071, 3081, 3091, 3101, 3103,
            3111, 3131],
    "3.1": [3141, 3151], "3.2": [3160, 3170, 3180], "3.3": [3190, 3200, 3210, 3220, 3230],
    "3.4": [3250, 3260, 3270, 3280, 3290, 3300, 3310],
    "3.5": [3320, 3330, 3340, 3350, 3351],
    "3.6": [3360, 3361, 3370, 3371, 3372, 3373, 3375, 3376, 3377, 3378, 3379],
    "3.7": [3390, 3391, 3392, 3393, 3394],
    "3.8": [3400, 3401, 3410, 3411, 3412, 3413],
    "3.9": [3420, 3421, 3422, 3423, 3424, 3425],
    "3.10": list(range(3430, 3440)),
    "3.11": list(range(3450, 3496)),
    "3.12": list(range(3500, 3532)),
    "3.13": list(range(3550, 3572)),
    "3.14": list(range(3600, 3628)),
}


@pytest.mark.parametrize("line", sorted(CPYTHON_LIST))
def test_table_lists_exactly_cpythons_magics(line: str) -> None:
    listed = sorted(m for m, key, _ in MAGICS if key == line)
    assert listed == CPYTHON_LIST[line]


def test_315_magics() -> None:
    listed = {m for m, key, _ in MAGICS if key == "3.15"}
    assert set(range(3650, 3657)) <= listed  # CPython's list up to 3.15a1
    assert 3666 in listed  # what the 3.15.2 interpreter reports
