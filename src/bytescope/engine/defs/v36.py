"""3.6 only: ``async for`` awaits what ``GET_AITER`` gives (the 3.5 protocol let
``__aiter__`` return an awaitable); a real async iterator is wrapped in an
awaitable that gives it back at once, as 3.6's ``_PyAIterWrapper`` does."""

from __future__ import annotations

from typing import Any

from ..dsl import DefinitionSet
from ..objects import NULL
from . import register

S = register(DefinitionSet("v36"))


class AIterWrapper:
    """An awaitable whose ``await`` returns the async iterator it wraps, at once."""

    __slots__ = ("aiter",)

    def __init__(self, aiter: Any) -> None:
        self.aiter = aiter

    def __await__(self) -> Any:
        return self

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> Any:
        raise StopIteration(self.aiter)

    def send(self, value: Any) -> Any:
        raise StopIteration(self.aiter)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        if val is None:
            raise typ
        raise val

    def close(self) -> None:
        pass


@S.handler("GET_AITER", "obj -- aiter", arg="none")
def get_aiter36(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj.__aiter__()``, made awaitable for the ``YIELD_FROM`` that follows."""
    from ..runtime import _special

    obj = st[-1]
    meth = _special(obj, "__aiter__")
    if meth is NULL:
        raise TypeError(
            f"'async for' requires an object with __aiter__ method, got {type(obj).__name__}")
    it = meth()
    st[-1] = AIterWrapper(it) if _special(it, "__anext__") is not NULL else it
    return pc + 1
