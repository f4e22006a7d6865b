"""A small program written against bytescope's public API, as a user would: mypy checks it.

It is never run (the tests exercise the same calls); ``python -m mypy`` checks
it with the package in CI (``[tool.mypy] files``).  ``assert_type`` fails the
check when a declared type changes, and each ``type: ignore`` must stay needed
(``warn_unused_ignores``): a misspelt field or a wrong value type must keep
being caught.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import bytescope
from bytescope.code import Name

if TYPE_CHECKING:
    from typing_extensions import assert_type


def summarise(path: str) -> list[str]:
    """Return one line per code object of the pyc at ``path``."""
    pyc = bytescope.load(path)
    assert_type(pyc.version, bytescope.VersionInfo)
    assert_type(pyc.header, Optional[bytescope.Header])
    # ``pyc.code`` is a Code for every pyc ("Code | Any": usable without a check) ...
    assert_type(pyc.code.co_consts, Union[Sequence[Any], Any])
    # ... and precise once narrowed (headerless marshal data may hold any object).
    top = pyc.code
    if not isinstance(top, bytescope.Code):
        return []
    lines = []
    for code in top.iter_code():
        assert_type(code, bytescope.Code)
        assert_type(code.co_consts, Sequence[Any])
        assert_type(code.co_code, bytes)
        assert_type(code.co_name, Name)
        assert_type(code.co_qualname, Optional[str])
        assert_type(code.co_varnames, Optional[tuple[Name, ...]])
        assert_type(code.co_localspluskinds, Optional[bytes])
        assert_type(code.co_nlocals, int)
        assert_type(code.co_lnotab, Optional[bytes])
        name = code.co_qualname or code.co_name
        text = name.decode("latin-1") if isinstance(name, bytes) else name
        lines.append(f"{text}: {len(code.co_code)} bytes, {len(code.co_consts)} constants")
    return lines


def edit(code: bytescope.Code) -> bytescope.Code:
    """Return ``code`` with its first line moved, as an editing tool would."""
    moved = code.replace(co_firstlineno=code.co_firstlineno + 1)
    assert_type(moved, bytescope.Code)
    code.replace(co_firstline=1)  # type: ignore[call-arg]
    code.replace(co_code="not bytes")  # type: ignore[arg-type]
    code.co_nonesuch  # type: ignore[attr-defined]  # noqa: B018
    return bytescope.Code(code.version, co_name="f", co_consts=(None,))
