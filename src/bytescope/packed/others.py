"""What bytescope cannot unpack, named, with what to do instead.

* Nuitka compiles Python to C: there is no bytecode in the executable.
* PyArmor encrypts each code object; its native runtime decrypts them while
  the program runs.  Inside a PyInstaller or zip package the wrappers are
  extracted as usual and the manifest warns.
* Any other executable, or a file of no known kind.

Markers are searched in bounded chunks, so a large file costs no memory.
"""

from __future__ import annotations

import re
from typing import Optional

from .source import CHUNK, Source

__all__ = ["EXECUTABLE_KINDS", "executable_kind", "find_marker", "NUITKA", "PYARMOR",
           "PYARMOR_MODULES"]

NUITKA = re.compile(rb"NUITKA_ONEFILE_PARENT|__nuitka_binary_dir|nuitka_types|Nuitka-Python"
                    rb"|__compiled__\x00.{0,64}nuitka|NUITKA_PACKAGE_", re.S)
PYARMOR = re.compile(rb"__pyarmor__|__armor_enter__|__armor_exit__|pyarmor_runtime|"
                     rb"pytransform|PYARMOR")
#: Module names that only PyArmor's runtime uses.
PYARMOR_MODULES = re.compile(r"^(pytransform\d*|pyarmor_runtime(_\d+)?)(\.|$)")

EXECUTABLE_KINDS = (
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows (PE) executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "a Mach-O universal executable"),
)

_SCAN_LIMIT = 512 << 20


def executable_kind(head: bytes) -> Optional[str]:
    """Return "an ELF executable"... for an executable's first bytes, or None."""
    for magic, name in EXECUTABLE_KINDS:
        if head.startswith(magic):
            return name
    return None


def find_marker(src: Source, pattern: re.Pattern[bytes]) -> Optional[bytes]:
    """Return the first match of ``pattern`` in the first 512 MB of ``src``, or None."""
    overlap = 128
    pos = 0
    limit = min(src.size, _SCAN_LIMIT)
    while pos < limit:
        n = min(CHUNK * 4, limit - pos)
        block = src.read(pos, n, "marker search")
        hit = pattern.search(block)
        if hit:
            return hit.group(0)
        if pos + n >= limit:
            break
        pos += n - overlap
    return None
