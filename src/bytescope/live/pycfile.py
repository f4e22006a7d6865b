"""Show a code object read from a target through the pyc views."""

from __future__ import annotations

from typing import Optional

from ..code import Code
from ..pyc import Pyc, loads, pyc_bytes

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
    pyc = data if data is not None else pyc_bytes(code, v)
    result = loads(pyc[v.header_size:], python_version=v, raw=True, path=label)
    result.version_forced = False  # the version is the process's own, not a guess
    result.origin = LIVE_ORIGIN
    return result
