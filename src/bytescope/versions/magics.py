"""Every known pyc magic number, as data.

Each entry is ``(magic, line, label)``: ``magic`` is the 16-bit number stored
little-endian in the first two bytes of the file, ``line`` the release line
it belongs to (a key of :data:`bytescope.versions.lines.LINES`), and
``label`` the first release that wrote it (``"3.8b4"``), as CPython's own
list of magic numbers records it.

From Python 1.5 on, bytes 2-3 of the file are ``b"\\r\\n"``; Python 1.0-1.2
wrote a 32-bit word whose upper half is ``0x0099`` (see
:data:`OLD_MAGIC_SUFFIXES`).

Sources: CPython's ``Lib/importlib/_bootstrap_external.py`` (<= 3.12) and
``Include/internal/pycore_magic_number.h`` (3.13+) for 1.5-3.15; the 1.x and
PyPy numbers were cross-checked against real pycs (``shared/corpora``) and
other projects' tables.  The 3.14/3.15 finals were read from the
interpreters themselves (``importlib.util.MAGIC_NUMBER``).
"""

from __future__ import annotations

MAGICS: tuple[tuple[int, str, str], ...] = (
    # --- Python 1.x ---------------------------------------------------------
    # 1.0/1.1 (Python/import.c): "#define MAGIC 0x999902L" / 0x999903L, a
    # 32-bit word whose high half is 0x0099 (bytes 02 99 99 00); 1.2 kept
    # 1.1's.  From 1.3 on: (N | '\r' << 16 | '\n' << 24).
    (39170, "1.0", "1.0"),
    (39171, "1.1", "1.1"),  # also 1.2
    (11913, "1.3", "1.3b1"),
    (5892, "1.4", "1.4b1"),
    (20121, "1.5", "1.5a1"),  # also 1.5.1, 1.5.2
    (50428, "1.6", "1.6a2"),
    # --- Python 2.x ---------------------------------------------------------
    (50823, "2.0", "2.0b1"),
    (60202, "2.1", "2.1a1"),
    (60717, "2.2", "2.2a0"),
    (62011, "2.3", "2.3a0"),
    (62021, "2.3", "2.3a0"),
    (62041, "2.4", "2.4a0"),
    (62051, "2.4", "2.4a3"),
    (62061, "2.4", "2.4b1"),
    (62071, "2.5", "2.5a0"),
    (62081, "2.5", "2.5a0"),
    (62091, "2.5", "2.5a0"),
    (62092, "2.5", "2.5a0"),
    (62101, "2.5", "2.5b3"),
    (62111, "2.5", "2.5b3"),
    (62121, "2.5", "2.5c1"),
    (62131, "2.5", "2.5c2"),
    (62151, "2.6", "2.6a0"),
    (62161, "2.6", "2.6a1"),
    (62171, "2.7", "2.7a0"),
    (62181, "2.7", "2.7a0"),
    (62191, "2.7", "2.7a0"),
    (62201, "2.7", "2.7a0"),
    (62211, "2.7", "2.7a0"),
    # --- Python 3.0 - 3.10 ---------------------------------------------------
    (3000, "3.0", "3000"),
    (3010, "3.0", "3000"),
    (3020, "3.0", "3000"),
    (3030, "3.0", "3000"),
    (3040, "3.0", "3000"),
    (3050, "3.0", "3000"),
    (3060, "3.0", "3000"),
    (3061, "3.0", "3000"),
    (3071, "3.0", "3000"),
    (3081, "3.0", "3000"),
    (3091, "3.0", "3000"),
    (3101, "3.0", "3000"),
    (3103, "3.0", "3000"),
    (3111, "3.0", "3.0a4"),
    (3131, "3.0", "3.0b1"),
    (3141, "3.1", "3.1a1"),
    (3151, "3.1", "3.1a1"),
    (3160, "3.2", "3.2a1"),
    (3170, "3.2", "3.2a2"),
    (3180, "3.2", "3.2a3"),
    (3190, "3.3", "3.3a1"),
    (3200, "3.3", "3.3a1"),
    (3210, "3.3", "3.3a1"),
    (3220, "3.3", "3.3a2"),
    (3230, "3.3", "3.3a4"),
    (3250, "3.4", "3.4a1"),
    (3260, "3.4", "3.4a1"),
    (3270, "3.4", "3.4a1"),
    (3280, "3.4", "3.4a1"),
    (3290, "3.4", "3.4a4"),
    (3300, "3.4", "3.4a4"),
    (3310, "3.4", "3.4rc2"),
    (3320, "3.5", "3.5a1"),
    (3330, "3.5", "3.5b1"),
    (3340, "3.5", "3.5b2"),
    (3350, "3.5", "3.5b3"),
    (3351, "3.5", "3.5.2"),
    (3360, "3.6", "3.6a0"),
    (3361, "3.6", "3.6a1"),
    (3370, "3.6", "3.6a2"),
    (3371, "3.6", "3.6a2"),
    (3372, "3.6", "3.6a2"),
    (3373, "3.6", "3.6b1"),
    (3375, "3.6", "3.6b1"),
    (3376, "3.6", "3.6b1"),
    (3377, "3.6", "3.6b1"),
    (3378, "3.6", "3.6b2"),
    (3379, "3.6", "3.6rc1"),
    (3390, "3.7", "3.7a1"),
    (3391, "3.7", "3.7a2"),
    (3392, "3.7", "3.7a4"),
    (3393, "3.7", "3.7b1"),
    (3394, "3.7", "3.7b5"),
    (3400, "3.8", "3.8a1"),
    (3401, "3.8", "3.8a1"),
    (3410, "3.8", "3.8a1"),
    (3411, "3.8", "3.8b2"),
    (3412, "3.8", "3.8b2"),
    (3413, "3.8", "3.8b4"),
    (3420, "3.9", "3.9a0"),
    (3421, "3.9", "3.9a0"),
    (3422, "3.9", "3.9a0"),
    (3423, "3.9", "3.9a2"),
    (3424, "3.9", "3.9a2"),
    (3425, "3.9", "3.9a2"),
    (3430, "3.10", "3.10a1"),
    (3431, "3.10", "3.10a1"),
    (3432, "3.10", "3.10a2"),
    (3433, "3.10", "3.10a2"),
    (3434, "3.10", "3.10a6"),
    (3435, "3.10", "3.10a7"),
    (3436, "3.10", "3.10b1"),
    (3437, "3.10", "3.10b1"),
    (3438, "3.10", "3.10b1"),
    (3439, "3.10", "3.10b1"),
    # --- Python 3.11+: 3.n uses 2900 + 50n upward --------------------------
    *((m, "3.11", "3.11a1") for m in range(3450, 3462)),
    (3462, "3.11", "3.11a2"),
    (3463, "3.11", "3.11a3"),
    (3464, "3.11", "3.11a3"),
    (3465, "3.11", "3.11a3"),
    *((m, "3.11", "3.11a4") for m in range(3466, 3475)),
    *((m, "3.11", "3.11a5") for m in range(3475, 3486)),
    *((m, "3.11", "3.11a6") for m in range(3486, 3492)),
    *((m, "3.11", "3.11a7") for m in range(3492, 3495)),
    (3495, "3.11", "3.11b4"),
    *((m, "3.12", "3.12a1") for m in range(3500, 3510)),
    (3510, "3.12", "3.12a2"),
    (3511, "3.12", "3.12a2"),
    (3512, "3.12", "3.12a2"),
    (3513, "3.12", "3.12a4"),
    (3514, "3.12", "3.12a4"),
    (3515, "3.12", "3.12a5"),
    (3516, "3.12", "3.12a5"),
    (3517, "3.12", "3.12a5"),
    (3518, "3.12", "3.12a6"),
    (3519, "3.12", "3.12a6"),
    (3520, "3.12", "3.12a6"),
    *((m, "3.12", "3.12a7") for m in range(3521, 3525)),
    *((m, "3.12", "3.12b1") for m in range(3525, 3532)),
    *((m, "3.13", "3.13a1") for m in range(3550, 3569)),
    (3569, "3.13", "3.13a5"),
    (3570, "3.13", "3.13a6"),
    (3571, "3.13", "3.13b1"),
    *((m, "3.14", "3.14a1") for m in range(3600, 3609)),
    (3609, "3.14", "3.14a2"),
    *((m, "3.14", "3.14a4") for m in range(3610, 3614)),
    (3614, "3.14", "3.14a5"),
    (3615, "3.14", "3.14a5"),
    (3616, "3.14", "3.14a5"),
    *((m, "3.14", "3.14a6") for m in range(3617, 3621)),
    *((m, "3.14", "3.14a7") for m in range(3621, 3624)),
    (3624, "3.14", "3.14b1"),
    (3625, "3.14", "3.14b3"),
    (3626, "3.14", "3.14rc2"),
    (3627, "3.14", "3.14rc3"),
    (3650, "3.15", "3.15a0"),
    *((m, "3.15", "3.15a1") for m in range(3651, 3657)),
    # 3657-3666: later 3.15 pre-releases; 3666 is what the 3.15.2 interpreter
    # here reports (importlib.util.MAGIC_NUMBER).  CPython's list past 3656 was
    # not available to check the individual labels.
    *((m, "3.15", "3.15a2+") for m in range(3657, 3667)),
    # --- PyPy ------------------------------------------------------------------
    # PyPy 2.7 and PyPy3 for 3.2 use CPython's magic + 7 (pypy/module/imp/
    # importing.py: "CPython + 7 = default_magic").  Later PyPy3 releases use
    # pypy_incremental_magic, a multiple of 16 below 3000, bumped by 16 on each
    # incompatible change (pypy/interpreter/pycode.py); values per release line
    # as xdis' magics.py records them.
    (62218, "pypy2.7", "PyPy 2.7"),
    (3187, "pypy3.2", "PyPy3 2.3 (Python 3.2.5)"),
    # 48 is b"0\x00\r\n": PyPy3 2.4 (Python 3.2.5) "stores a magic of '0'"
    # (xdis load.py), with a 12-byte header.
    (48, "pypy3.2", "PyPy3 2.4 (Python 3.2.5)"),
    (64, "pypy3.3", "PyPy3.3 5.x"),
    (112, "pypy3.5", "PyPy3.5 5.x"),
    (160, "pypy3.6", "PyPy3.6 7.1.0b0"),
    (192, "pypy3.6", "PyPy3.6 7.x"),
    (224, "pypy3.7", "PyPy3.7 7.3.x beta"),
    (240, "pypy3.7", "PyPy3.7 7.3.x"),
    (256, "pypy3.8", "PyPy3.8 7.3.x"),
    # Some PyPy3.8 builds write CPython-style numbers: 3413 (same as CPython 3.8,
    # read as CPython 3.8: identical layout) and 3414 (xdis load.py is_pypy()).
    (3414, "pypy3.8", "PyPy3.8 (CPython 3.8 magic + 1)"),
    (320, "pypy3.9", "PyPy3.9 7.3.8"),
    (336, "pypy3.9", "PyPy3.9 7.3.11+"),
    (384, "pypy3.10", "PyPy3.10 7.3.12+"),
    (416, "pypy3.11", "PyPy3.11 7.3.19+"),
)

#: Bytes 2-3 of the magic word for the lines that predate ``b"\r\n"``.
OLD_MAGIC_SUFFIXES: dict[str, bytes] = {
    "1.0": b"\x99\x00",
    "1.1": b"\x99\x00",
}

#: Blocks of magic numbers reserved for a release line (3.11 on: 2900 + 50n
#: to 2900 + 50n + 49).  A number inside a block that the table above does
#: not list yet is taken as a newer pre-release of that line.
RESERVED_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (3450, 3499, "3.11"),
    (3500, 3549, "3.12"),
    (3550, 3599, "3.13"),
    (3600, 3649, "3.14"),
    (3650, 3699, "3.15"),
)
