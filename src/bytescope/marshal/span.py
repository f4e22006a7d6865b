"""What a marshal read returns: the object and, when recorded, one :class:`Span` per object.

The reader records spans for the annotated dump (``bytescope dump``) and the
writer replays them to write an unedited stream byte for byte; ``build``
rebuilds them from a dump's JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Optional, Sequence

from .format import TYPE_NAMES

__all__ = ["ReadResult", "Span"]


def _slotted(cls: Any) -> Any:
    """Return dataclass ``cls`` remade with ``__slots__`` (what 3.10's ``slots=True`` does).

    A dump records one Span per marshalled object: without an instance dict
    each costs about half the memory.
    """
    names = tuple(f.name for f in fields(cls))
    body = {k: v for k, v in cls.__dict__.items() if k not in names}
    body.pop("__dict__", None)
    body.pop("__weakref__", None)
    body["__slots__"] = names
    return type(cls)(cls.__name__, cls.__bases__, body)


@_slotted
@dataclass
class Span:
    """One object of an annotated marshal stream.

    ``offset``/``end`` delimit its bytes; ``code`` is the type character;
    ``flag_ref`` tells whether FLAG_REF was set and ``ref_index`` the index
    it was given; ``target`` is the index a ``r``/``R`` reference points to;
    ``depth`` the nesting level; ``label`` what the object is to its parent
    (``co_consts``, ``[3]``, ``key``); ``value`` the object read.
    """

    offset: int
    code: str
    flag_ref: bool
    depth: int
    label: str = ""
    end: int = -1
    ref_index: Optional[int] = None
    target: Optional[int] = None
    value: Any = field(default=None, repr=False)
    children: Sequence[Span] = field(default=(), repr=False)

    @property
    def type_name(self) -> str:
        """Readable name of the type code (``"short ascii"``)."""
        return TYPE_NAMES.get(self.code, "unknown")


@dataclass
class ReadResult:
    """What :func:`read` returns: the object, where it ended, and side tables."""

    value: Any
    end: int
    refs: list[Any]
    spans: Optional[list[Span]] = None
    interned: Optional[list[Any]] = None
