"""Small runtime objects shared by every part of the engine."""

from __future__ import annotations

import types
from typing import Any, Optional


class _Null:
    """The empty slot: an unbound local, the ``NULL`` that 3.11+ pushes before a callable."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<NULL>"

    def __reduce__(self) -> str:
        return "NULL"


NULL: Any = _Null()
"""The one empty-slot marker (never visible to the program)."""

CellType: Any = types.CellType


def new_cell(value: Any = NULL) -> Any:
    """Return a host cell holding ``value`` (empty for :data:`NULL`)."""
    return CellType() if value is NULL else CellType(value)


class ExcItem:
    """One entry of the handled-exception chain (CPython's ``_PyErr_StackItem``).

    ``value`` is the exception being handled at this level (None: none);
    ``previous`` the entry below (a generator's entry points at its caller's
    while it runs).  ``sys.exc_info()`` is the first non-None value walking down.
    """

    __slots__ = ("value", "previous")

    def __init__(self, value: Any = None, previous: Optional[ExcItem] = None) -> None:
        self.value = value
        self.previous = previous

    def topmost(self) -> Any:
        """Return the exception being handled (the first non-None value down the chain)."""
        item: Optional[ExcItem] = self
        while item is not None:
            if item.value is not None:
                return item.value
            item = item.previous
        return None
