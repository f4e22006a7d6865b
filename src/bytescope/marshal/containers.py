"""Containers from their items, as both readers make them (and the two reader sentinels).

:func:`make_container` turns the items of a tuple, list, set, frozenset,
slice, dict or frozendict into the value the model holds; code objects are
:mod:`.codeplan`'s.  The checked reader, the fast reader and ``build`` share
these, so that their values are identical.
"""

from __future__ import annotations

from typing import Any

from ..errors import BadMarshal, LimitExceeded
from ..values import EMPTY_FROZENSET, FrozenDict, OrderedFrozenset, OrderedSet

__all__ = ["NULL", "UNSET", "empty_container", "make_container"]


class _Null:
    """The NULL object (type ``0``) that ends a dict: never a value of the model."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<NULL>"


class _Unset:
    """Placeholder for a reserved reference slot whose object is still being built."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<under construction>"


NULL: Any = _Null()
UNSET: Any = _Unset()


def empty_container(code: int) -> Any:
    """Return the value of an empty counted container of type ``code`` (``(``, ``[``, ``<``, ``>``).

    The empty tuple and frozenset are shared (they are immutable).
    """
    if code == 0x28:
        return ()
    if code == 0x5B:
        return []
    if code == 0x3C:
        return OrderedSet()
    return EMPTY_FROZENSET


#: sets and dicts larger than this have their items' hashes checked first
_COLLISION_CHECK_FROM = 512
#: fewer distinct hashes than items / this is refused (real pycs: every item differs)
_COLLISION_RATIO = 8


def _refuse_colliding_hashes(code: int, items: list[Any], offset: int) -> None:
    """Raise :class:`LimitExceeded` when the keys of a set or dict share too few hashes.

    The host builds sets and dicts by hash; unequal keys with one hash make that
    quadratic (40,000 colliding ints take about a minute), so a crafted pyc of a few
    hundred KB could hang any reader.  Equal keys are harmless, but marshal never
    writes a set item twice; a dict's keys are counted by their hashes alike.
    """
    keys = items if code in (0x3C, 0x3E) else items[0::2]
    n = len(keys)
    if n <= _COLLISION_CHECK_FROM:
        return
    distinct = len({hash(k) for k in keys})
    if distinct * _COLLISION_RATIO < n:
        what = "dict" if code in (0x7B, 0x7D) else "set"
        raise LimitExceeded(
            f"{what} of {n} keys with only {distinct} distinct hashes (building it would "
            f"take time quadratic in its size)", offset=offset,
            expected="keys with distinct hashes",
        )


def make_container(code: int, items: list[Any], offset: int) -> Any:
    """Return the container of type ``code`` holding ``items`` (a dict's: key, value, ...).

    Raises :class:`BadMarshal` at ``offset`` for an unhashable set item or dict
    key, :class:`LimitExceeded` for one nested too deeply to hash.
    """
    try:
        if code == 0x28 or code == 0x29:
            return tuple(items)
        if code == 0x5B:
            return items
        if code != 0x3A and len(items) > _COLLISION_CHECK_FROM:
            _refuse_colliding_hashes(code, items, offset)
        if code == 0x3E:
            return OrderedFrozenset(items)
        if code == 0x3C:
            return OrderedSet(items)
        if code == 0x3A:
            return slice(*items)
        pairs = list(zip(items[0::2], items[1::2]))
        return dict(pairs) if code == 0x7B else FrozenDict(pairs)
    except TypeError as exc:
        what, want = ("dict key", "keys") if code in (0x7B, 0x7D) else ("set item", "items")
        raise BadMarshal(
            f"unhashable {what} ({exc})", offset=offset, expected=f"hashable {want}"
        ) from None
    except RecursionError:
        # Hashing a set item or dict key recurses through nested objects (tuples,
        # code objects); items nested too deeply for the host's stack are refused.
        raise LimitExceeded(
            "set item or dict key nested too deeply to hash",
            offset=offset,
            expected="hashable items of moderate nesting depth",
        ) from None
