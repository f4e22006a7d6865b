"""Turn a code object read from a target into pyc bytes its version imports."""

from __future__ import annotations

from typing import Optional

from ..code import Code
from ..pyc import Header, Pyc, loads
from ..versions import VersionInfo


def header_bytes(v: VersionInfo, mtime: int = 0, source_size: int = 0) -> bytes:
    """Return the pyc header ``v``'s import system writes (timestamp form, 8-16 bytes)."""
    header = Header(magic=v.magic, size=v.header_size, flags=0, mtime=mtime,
                    source_size=source_size if v.has_source_size else None,
                    magic_word=v.magic_bytes)
    return header.to_bytes()


def pyc_bytes(code: Code, mtime: int = 0, source_size: int = 0) -> bytes:
    """Return a timestamp pyc (header + marshal stream) holding ``code``.

    The header is the one ``code.version``'s import system writes (8, 12 or 16
    bytes).  Raises :class:`~bytescope.errors.BytescopeError` if the code cannot
    be written in that version's marshal format.
    """
    from ..marshal.writer import dumps

    v = code.version
    return header_bytes(v, mtime, source_size) + dumps(code, v)


#: What the views say in place of a header for code read from a process or core.
LIVE_ORIGIN = "live code object: no pyc header"


def as_pyc(code: Code, label: str, data: Optional[bytes] = None) -> Pyc:
    """Return an in-memory :class:`~bytescope.Pyc` for ``code`` (for the pyc views).

    ``data`` is the pyc to use when one was already made (e.g. by the target's
    own marshal rules); otherwise the code is written with bytescope's writer.
    A live code object has no header: the result holds only the marshal data
    (``header`` None, ``origin`` :data:`LIVE_ORIGIN`), so that no view shows
    an mtime or a source size that no file ever had.
    """
    v = code.version
    pyc = data if data is not None else pyc_bytes(code)
    result = loads(pyc[v.header_size:], python_version=v, raw=True, path=label)
    result.version_forced = False  # the version is the process's own, not a guess
    result.origin = LIVE_ORIGIN
    return result
