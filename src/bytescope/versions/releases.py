"""Which releases wrote each magic number, as data.

A magic number is not a release: CPython bumps it during a line's
development, and the final magic of a line is written by every release from
the pre-release that introduced it to the line's last maintenance release
(magic 62211: 2.7a0 ... 2.7.18).  :data:`~bytescope.versions.magics.MAGICS`
records the first release of each magic; this module adds what a reader of
``info`` needs to say the rest:

* :data:`LAST_RELEASES` -- the last release of each line;
* :data:`LINE_ALIASES` -- releases that wrote another line's magic (1.2
  wrote 1.1's), so that ``--python-version 1.2`` works and the line is named
  "1.1 or 1.2";
* :data:`ALSO_WRITTEN_BY` -- magics another implementation writes too;
* :func:`release_key` -- the order of release names (``3.8b2`` < ``3.8.0``).

Sources: CPython's ``Misc/HISTORY`` (1.0.3 closed 1.0; 1.1, 1.1.1 and 1.2
are one format), python.org's release lists and the end-of-life notes of
each line (PEP 373, 398, 429, 478, 494, 537, 569, 596).
"""

from __future__ import annotations

import re
from typing import Optional

#: The last release of each release line: a release name for lines whose
#: series has ended, ``"X.Y.x"`` (every release of the line so far) for lines
#: still maintained when this table was written, and None for PyPy lines,
#: which this table dates only by the first release of each magic.
LAST_RELEASES: dict[str, Optional[str]] = {
    "1.0": "1.0.3",
    "1.1": "1.2",  # 1.1, 1.1.1 and 1.2 share magic 39171
    "1.3": "1.3",
    "1.4": "1.4",
    "1.5": "1.5.2",
    "1.6": "1.6.1",
    "2.0": "2.0.1",
    "2.1": "2.1.3",
    "2.2": "2.2.3",
    "2.3": "2.3.7",
    "2.4": "2.4.6",
    "2.5": "2.5.6",
    "2.6": "2.6.9",
    "2.7": "2.7.18",
    "3.0": "3.0.1",
    "3.1": "3.1.5",
    "3.2": "3.2.6",
    "3.3": "3.3.7",
    "3.4": "3.4.10",
    "3.5": "3.5.10",
    "3.6": "3.6.15",
    "3.7": "3.7.17",
    "3.8": "3.8.20",
    "3.9": "3.9.25",
    # 3.10 reached its end of life in October 2026; its final release number
    # was not available to check, so it stays open-ended here.
    "3.10": "3.10.x",
    "3.11": "3.11.x",
    "3.12": "3.12.x",
    "3.13": "3.13.x",
    "3.14": "3.14.x",
    "3.15": "3.15.x",
    "pypy2.7": None,
    "pypy3.2": None,
    "pypy3.3": None,
    "pypy3.5": None,
    "pypy3.6": None,
    "pypy3.7": None,
    "pypy3.8": None,
    "pypy3.9": None,
    "pypy3.10": None,
    "pypy3.11": None,
}

#: Releases (``X.Y``) that wrote the magic of another line, and that line.
LINE_ALIASES: dict[str, str] = {"1.2": "1.1"}

#: Magic numbers that another implementation also writes.
ALSO_WRITTEN_BY: dict[int, str] = {3413: "some PyPy3.8 builds"}

_LEVELS = {"a": 0, "b": 1, "c": 2, "rc": 2, "": 3}
_RELEASE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:(a|b|c|rc)(\d+))?\+?")


def release_key(name: str) -> Optional[tuple[int, int, int, int, int]]:
    """Return a sortable key for a CPython release name, or None if it is not one.

    ``"2.7a0"`` < ``"2.7b1"`` < ``"2.7c1"`` = ``"2.7rc1"`` < ``"2.7"`` =
    ``"2.7.0"`` < ``"2.7.18"``; a trailing ``+`` (``"3.15a2+"``) is ignored.
    """
    m = _RELEASE.fullmatch(name.strip().lower())
    if m is None:
        return None
    major, minor, micro, level, serial = m.groups()
    return (int(major), int(minor), int(micro or 0), _LEVELS[level or ""], int(serial or 0))


def release_before(name: str) -> Optional[str]:
    """Return the maintenance release just before ``name`` (``"3.5.2"`` -> ``"3.5.1"``).

    None when ``name`` is not a final ``X.Y.Z`` release with ``Z > 0``.
    """
    m = _RELEASE.fullmatch(name)
    if m is None or m.group(4) or not m.group(3) or int(m.group(3)) == 0:
        return None
    return f"{m.group(1)}.{m.group(2)}.{int(m.group(3)) - 1}"
