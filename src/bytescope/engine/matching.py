"""Structural pattern matching (``MATCH_CLASS``, ``MATCH_KEYS``), as CPython does it."""

from __future__ import annotations

from typing import Any, Optional, cast

from .objects import NULL


def match_keys(subject: Any, keys: tuple[Any, ...]) -> Optional[tuple[Any, ...]]:
    """The values of ``keys`` in mapping ``subject``, or None when one is missing."""
    if not keys:
        return ()
    seen = set()
    values = []
    get = subject.get
    dummy = NULL
    for key in keys:
        try:
            if key in seen:
                raise ValueError(f"mapping pattern checks duplicate key ({key!r})")
            seen.add(key)
        except TypeError:
            pass
        value = get(key, dummy)
        if value is dummy:
            return None
        values.append(value)
    return tuple(values)


def match_class(
    subject: Any, cls: Any, count: int, names: tuple[str, ...]
) -> Optional[tuple[Any, ...]]:
    """The attributes a class pattern binds, or None when ``subject`` does not match."""
    if not isinstance(cls, type):
        raise TypeError("called match pattern must be a class")
    if not isinstance(subject, cls):
        return None
    attrs: list[Any] = []
    seen: set[str] = set()
    if count:
        match_self = False
        try:
            match_args = cast(Any, cls).__match_args__  # any class may define it
        except AttributeError:
            match_args = ()
            match_self = any(issubclass(cls, t) for t in _SELF_MATCH)
            allowed = 1 if match_self else 0
        else:
            if type(match_args) is not tuple:
                raise TypeError(
                    f"{cls.__name__}.__match_args__ must be a tuple (got "
                    f"{type(match_args).__name__})"
                )
            allowed = len(match_args)
        if allowed < count:
            plural = "" if allowed == 1 else "s"
            raise TypeError(
                f"{cls.__name__}() accepts {allowed} positional sub-pattern{plural} "
                f"({count} given)"
            )
        if match_self:
            attrs.append(subject)
        else:
            for name in match_args[:count]:
                if not isinstance(name, str):
                    raise TypeError(
                        f"__match_args__ elements must be strings (got {type(name).__name__})"
                    )
                found = _class_attr(subject, cls, name, seen)
                if found is NULL:
                    return None
                attrs.append(found)
    for name in names:
        found = _class_attr(subject, cls, name, seen)
        if found is NULL:
            return None
        attrs.append(found)
    return tuple(attrs)


def _class_attr(subject: Any, cls: type, name: str, seen: set[str]) -> Any:
    if name in seen:
        raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute {name!r}")
    seen.add(name)
    try:
        return getattr(subject, name)
    except AttributeError:
        return NULL


_SELF_MATCH = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)
