"""VM functions: host-callable objects whose code runs in the engine.

A :class:`Function` is what ``MAKE_FUNCTION`` builds.  To the host it looks
and behaves like a Python function: it is callable (the host entering VM
code), a descriptor (``__get__`` binds it as a method, so classes built by the
VM work with host operators, ``sorted(key=...)``, ``unittest``), and has the
attributes code inspects (``__name__``, ``__qualname__``, ``__defaults__``,
``__kwdefaults__``, ``__annotations__``, ``__dict__``, ``__doc__``,
``__module__``, ``__wrapped__``, ``__closure__``, ``__globals__``), plus a
``__signature__`` so ``inspect.signature`` works.
"""

from __future__ import annotations

import types
from typing import Any, Optional

from .codeobj import CO_ASYNC_GENERATOR, CO_COROUTINE, CO_VARARGS, CO_VARKEYWORDS, VMCode


class Function:
    """A function whose code the engine runs."""

    __slots__ = (
        "__code__", "__globals__", "__name__", "__qualname__", "__defaults__",
        "__kwdefaults__", "__closure__", "_annotations", "_annotate", "__builtins__",
        "__type_params__", "__dict__", "__weakref__", "vm_code", "_doc", "_module",
    )

    def __init__(
        self,
        code: VMCode,
        globals_: dict[str, Any],
        qualname: Optional[str] = None,
        builtins: Any = None,
    ) -> None:
        self.__code__ = code
        self.vm_code = code
        self.__globals__ = globals_
        self.__name__ = code.co_name
        self.__qualname__ = qualname if qualname is not None else code.co_qualname
        self.__defaults__: Optional[tuple[Any, ...]] = None
        self.__kwdefaults__: Optional[dict[str, Any]] = None
        self.__closure__: Optional[tuple[Any, ...]] = None
        self._annotations: Any = None
        self._annotate: Any = None
        self.__type_params__: tuple[Any, ...] = ()
        self.__builtins__ = builtins
        consts = code.consts
        doc = consts[0] if consts and isinstance(consts[0], str) and code.has_docstring else None
        self._doc = doc
        self._module = globals_.get("__name__") if isinstance(globals_, dict) else None
        if code.co_flags & CO_COROUTINE:
            _mark_coroutine_function(self)

    # --- calling -------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .calls import call_from_host

        return call_from_host(self, list(args), kwargs)

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        return types.MethodType(self, obj)

    # --- attributes ------------------------------------------------------------------

    @property
    def __doc__(self) -> Any:  # noqa: D105
        return self._doc

    @__doc__.setter
    def __doc__(self, value: Any) -> None:
        self._doc = value

    @property
    def __module__(self) -> Any:  # noqa: D105
        return self._module

    @__module__.setter
    def __module__(self, value: Any) -> None:
        self._module = value

    @property
    def __annotations__(self) -> dict[str, Any]:
        ann = self._annotations
        if ann is None:
            if self._annotate is not None:
                ann = self._annotate(1)
            else:
                ann = {}
            self._annotations = ann
        return ann

    @__annotations__.setter
    def __annotations__(self, value: Any) -> None:
        self._annotations = value

    @property
    def __annotate__(self) -> Any:
        return self._annotate

    @__annotate__.setter
    def __annotate__(self, value: Any) -> None:
        self._annotate = value

    @property
    def __signature__(self) -> Any:
        return signature_of(self)

    def __repr__(self) -> str:
        return f"<function {self.__qualname__} at {hex(id(self))}>"

    def __reduce__(self) -> Any:
        # pickled by reference, as the host pickles functions
        return f"{self.__qualname__}"


# read as a host function in type names and reprs: type(f).__name__ == "function"
Function.__name__ = Function.__qualname__ = "function"


def _mark_coroutine_function(func: Function) -> None:
    """Let ``asyncio.iscoroutinefunction``/``inspect`` recognize a VM ``async def``."""
    try:
        from asyncio import coroutines

        marker = getattr(coroutines, "_is_coroutine", None)
        if marker is not None:
            func.__dict__["_is_coroutine"] = marker
    except ImportError:  # pragma: no cover - asyncio is stdlib
        pass
    import inspect

    mark = getattr(inspect, "_is_coroutine_mark", None)
    if mark is not None:
        func.__dict__["_is_coroutine_marker"] = mark


def signature_of(func: Function) -> Any:
    """Return the :class:`inspect.Signature` of a VM function, from its code and defaults."""
    import inspect

    code = func.vm_code
    P = inspect.Parameter
    names = code.varnames
    npos = code.co_argcount
    posonly = code.co_posonlyargcount
    nkw = code.co_kwonlyargcount
    defaults = func.__defaults__ or ()
    kwdefaults = func.__kwdefaults__ or {}
    try:
        ann = func.__annotations__
    except Exception:
        ann = {}
    params = []
    first_default = npos - len(defaults)
    for i in range(npos):
        kind = P.POSITIONAL_ONLY if i < posonly else P.POSITIONAL_OR_KEYWORD
        default = defaults[i - first_default] if i >= first_default else P.empty
        params.append(P(names[i], kind, default=default, annotation=ann.get(names[i], P.empty)))
    i = npos + nkw
    if code.co_flags & CO_VARARGS:
        name = names[i]
        params.append(P(name, P.VAR_POSITIONAL, annotation=ann.get(name, P.empty)))
        i += 1
    for j in range(npos, npos + nkw):
        name = names[j]
        params.append(
            P(name, P.KEYWORD_ONLY, default=kwdefaults.get(name, P.empty),
              annotation=ann.get(name, P.empty))
        )
    if code.co_flags & CO_VARKEYWORDS:
        name = names[i]
        params.append(P(name, P.VAR_KEYWORD, annotation=ann.get(name, P.empty)))
    return inspect.Signature(params, return_annotation=ann.get("return", inspect.Signature.empty))


def is_async_generator_code(code: VMCode) -> bool:
    """True for ``async def`` code that yields."""
    return bool(code.co_flags & CO_ASYNC_GENERATOR)


def host_function(func: Function) -> Any:
    """A host function calling VM function ``func`` (for host code that wants a real one).

    It lives here, not next to its caller in :mod:`~bytescope.engine.calls`: that
    module may be compiled by mypyc, where a nested function is not a host function.
    """
    def call(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    call.__name__ = func.__name__
    call.__qualname__ = func.__qualname__
    return call
