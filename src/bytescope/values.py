"""Value types of the model: what a code object's constants can be and the host lacks.

Marshal data of some versions holds values a plain host type would lose facts
about: a Python 2 ``long`` (``1L``), a float or complex stored as decimal text,
the stream order of a set's items, Python 3.15's ``frozendict``.  Each type
here is a subclass of the natural host type (``FrozenDict`` a ``Mapping``), so
it compares, hashes and prints like one; the extra attribute keeps what the
writer needs to write the same bytes again.  The readers make them, the writer
writes them back, and views show them; they depend on nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterable, Iterator, Optional


class TextFloat(float):
    """A float that marshal stored as decimal text (type ``f``, marshal < 2)."""

    __slots__ = ("text",)
    text: bytes

    def __new__(cls, text: bytes) -> TextFloat:
        self = super().__new__(cls, float(text.decode("latin-1")))
        self.text = text
        return self


class TextComplex(complex):
    """A complex that marshal stored as two decimal texts (type ``x``)."""

    __slots__ = ("real_text", "imag_text")
    real_text: bytes
    imag_text: bytes

    def __new__(cls, real_text: bytes, imag_text: bytes) -> TextComplex:
        self = super().__new__(
            cls, float(real_text.decode("latin-1")), float(imag_text.decode("latin-1"))
        )
        self.real_text = real_text
        self.imag_text = imag_text
        return self


class Py2Long(int):
    """A Python 2 ``long`` (marshal ``l``), kept apart from a Python 2 ``int``."""

    def __repr__(self) -> str:
        return int.__repr__(self) + "L"


class OrderedFrozenset(frozenset[Any]):
    """A frozenset that remembers the order its items had in the marshal stream."""

    __slots__ = ("order",)
    order: tuple[Any, ...]

    def __new__(cls, items: Iterable[Any] = ()) -> OrderedFrozenset:
        items = tuple(items)
        self = super().__new__(cls, items)
        self.order = items
        return self

    def __repr__(self) -> str:
        if not self.order:
            return "frozenset()"
        return "frozenset({" + ", ".join(repr(x) for x in self.order) + "})"


#: The one empty frozenset the reader hands out for every empty ``>`` it reads
#: (it is immutable, so sharing it is safe, and a stream of many empty
#: frozensets then costs one pointer each).
EMPTY_FROZENSET = OrderedFrozenset()


class OrderedSet(set[Any]):
    """A set read from marshal (type ``<``), remembering the stream's item order."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        items = tuple(items)
        super().__init__(items)
        self.order = items


class FrozenDict(Mapping[Any, Any]):
    """An immutable mapping: Python 3.15's ``frozendict`` (marshal ``}``)."""

    __slots__ = ("_items", "_hash")

    def __init__(self, items: Iterable[tuple[Any, Any]] = ()) -> None:
        self._items = dict(items)
        self._hash: Optional[int] = None

    def __getitem__(self, key: Any) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._items == other._items
        return NotImplemented

    def __repr__(self) -> str:
        return f"frozendict({self._items!r})"
