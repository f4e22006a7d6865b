"""``string.templatelib`` (PEP 750 template strings, 3.14+) for hosts without it.

A 3.14 pyc's ``t"..."`` builds ``Template``/``Interpolation`` objects; on an
older host the engine provides these stand-ins, registered as the module
``string.templatelib`` while a program runs, so ``from string.templatelib
import Template`` works there too.
"""

from __future__ import annotations

import sys
import types
from typing import Any, Callable, Iterator, Optional


class Interpolation:
    """One ``{value!conversion:format_spec}`` of a template string."""

    __slots__ = ("value", "expression", "conversion", "format_spec")
    __match_args__ = ("value", "expression", "conversion", "format_spec")
    # declared for the type checker only: the slots are filled by object.__setattr__
    value: Any
    expression: str
    conversion: Optional[str]
    format_spec: str

    def __init__(self, value: Any, expression: str = "", conversion: Optional[str] = None,
                 format_spec: str = "") -> None:
        if conversion not in (None, "s", "r", "a"):
            raise ValueError("Interpolation() argument 'conversion' must be one of 's', 'a' or 'r'")
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "expression", expression)
        object.__setattr__(self, "conversion", conversion)
        object.__setattr__(self, "format_spec", format_spec)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("readonly attribute")

    def __repr__(self) -> str:
        return (f"Interpolation({self.value!r}, {self.expression!r}, {self.conversion!r}, "
                f"{self.format_spec!r})")

    def __reduce__(self) -> Any:
        return (Interpolation, (self.value, self.expression, self.conversion, self.format_spec))


class Template:
    """A template string: its strings and, between them, its interpolations."""

    __slots__ = ("strings", "interpolations")
    # declared for the type checker only: the slots are filled by object.__setattr__
    strings: tuple[str, ...]
    interpolations: tuple[Interpolation, ...]

    def __init__(self, *args: Any) -> None:
        strings: list[str] = []
        interps: list[Interpolation] = []
        last_str = False
        for a in args:
            if isinstance(a, str):
                if last_str:
                    strings[-1] += a
                else:
                    strings.append(a)
                last_str = True
            elif isinstance(a, Interpolation):
                if not last_str:
                    strings.append("")
                interps.append(a)
                last_str = False
            else:
                raise TypeError(
                    f"Template.__new__ *args need to be of type 'str' or 'Interpolation', got "
                    f"{type(a).__name__}")
        if not last_str:
            strings.append("")
        object.__setattr__(self, "strings", tuple(strings))
        object.__setattr__(self, "interpolations", tuple(interps))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("readonly attribute")

    @property
    def values(self) -> tuple[Any, ...]:
        return tuple(i.value for i in self.interpolations)

    def __iter__(self) -> Iterator[Any]:
        for i, s in enumerate(self.strings):
            if s:
                yield s
            if i < len(self.interpolations):
                yield self.interpolations[i]

    def __add__(self, other: Any) -> Template:
        if not isinstance(other, Template):
            return NotImplemented
        return Template(*self._parts(), *other._parts())

    def _parts(self) -> list[Any]:
        out: list[Any] = []
        for i, s in enumerate(self.strings):
            out.append(s)
            if i < len(self.interpolations):
                out.append(self.interpolations[i])
        return out

    def __repr__(self) -> str:
        return f"Template(strings={self.strings!r}, interpolations={self.interpolations!r})"


def convert(obj: Any, conversion: Optional[str]) -> Any:
    """``string.templatelib.convert``."""
    if conversion is None:
        return obj
    converters: dict[str, Callable[[object], str]] = {"s": str, "r": repr, "a": ascii}
    return converters[conversion](obj)


for _cls in (Template, Interpolation):
    _cls.__module__ = "string.templatelib"


def module() -> Any:
    """The host's ``string.templatelib``, or this stand-in registered under that name."""
    found = sys.modules.get("string.templatelib")
    if found is not None:
        return found
    try:
        from string import templatelib  # type: ignore[attr-defined]

        return templatelib
    except ImportError:
        pass
    m = types.ModuleType("string.templatelib", __doc__)
    m.Template = Template  # type: ignore[attr-defined]
    m.Interpolation = Interpolation  # type: ignore[attr-defined]
    m.convert = convert  # type: ignore[attr-defined]
    sys.modules["string.templatelib"] = m
    import string

    string.templatelib = m  # type: ignore[attr-defined]
    return m
