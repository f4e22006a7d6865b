"""Type parameters (PEP 695, 3.12+; defaults PEP 696, 3.13+) on any host.

``def f[T]``, ``class C[T]`` and ``type X = ...`` compile to intrinsics that
make ``TypeVar``/``ParamSpec``/``TypeVarTuple`` objects, subscript
``Generic`` and make a ``TypeAliasType``.  The host's ``typing`` objects are
used where the host has them (a TypeVar made by the syntax infers its
variance, so its ``repr`` has no ``~``), the engine's own stand-ins where it
does not (``TypeAliasType`` before 3.12, ``ParamSpec`` on 3.9, defaults
before 3.13).  Bounds, constraints and defaults are evaluated when the
parameter is made (CPython evaluates them when first asked for).
"""

from __future__ import annotations

import sys
import types
import typing
from typing import Any, cast

_HOST_SYNTAX = sys.version_info >= (3, 12)  # the host's TypeVar knows infer_variance


def _evaluate(fn: Any) -> Any:
    """Call a lazily-evaluated value's function (3.14+: with the VALUE format)."""
    code = getattr(fn, "__code__", None)
    if code is not None and getattr(code, "co_argcount", 0) >= 1:
        return fn(1)
    return fn()


def _patch_repr() -> None:
    """Hosts before 3.12: a TypeVar marked ``__infer_variance__`` shows as ``T``."""
    mixin = getattr(typing, "_BoundVarianceMixin", None) or typing.TypeVar
    old = mixin.__repr__
    if getattr(old, "bytescope_patched", False):
        return

    def __repr__(self: Any) -> str:
        if getattr(self, "__infer_variance__", False):
            return str(self.__name__)
        return str(old(self))

    __repr__.bytescope_patched = True  # type: ignore[attr-defined]
    mixin.__repr__ = __repr__  # type: ignore[method-assign]


def make_typevar(name: str, bound: Any = None, constraints: tuple[Any, ...] = ()) -> Any:
    """A TypeVar as the ``[T]`` syntax makes it (variance inferred)."""
    # spelled out (not _HOST_SYNTAX) so the type checker knows infer_variance exists here
    if sys.version_info >= (3, 12):
        return typing.TypeVar(name, *constraints, bound=bound,
                              infer_variance=True)
    tv = typing.TypeVar(name, *constraints, bound=bound)  # type: ignore[misc]
    _patch_repr()
    try:
        tv.__infer_variance__ = True  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return tv


class _StandIn:
    """A type parameter kind the host's ``typing`` lacks (``ParamSpec`` on 3.9)."""

    def __init__(self, name: str) -> None:
        self.__name__ = name

    def __repr__(self) -> str:
        return self.__name__


def make_paramspec(name: str) -> Any:
    """``[**P]``."""
    cls = getattr(typing, "ParamSpec", None)
    if cls is None:
        return _StandIn(name)
    p = cls(name)
    if not _HOST_SYNTAX:
        _patch_repr()
        try:
            p.__infer_variance__ = True
        except AttributeError:
            pass
    return p


def make_typevartuple(name: str) -> Any:
    """``[*Ts]``."""
    cls = getattr(typing, "TypeVarTuple", None)
    return _StandIn(name) if cls is None else cls(name)


class TypeAliasType:
    """``type X[T] = value``: the value is evaluated when first asked for."""

    def __init__(self, name: str, type_params: tuple[Any, ...], compute: Any,
                 module: Any = None) -> None:
        self.__name__ = name
        self.__qualname__ = name
        self.__type_params__ = type_params
        self.__module__ = module
        self._compute = compute
        self._value: Any = None
        self._done = False

    @property
    def __value__(self) -> Any:
        if not self._done:
            self._value = _evaluate(self._compute)
            self._done = True
        return self._value

    @property
    def __parameters__(self) -> tuple[Any, ...]:
        return self.__type_params__

    def __getitem__(self, params: Any) -> Any:
        if not self.__type_params__:
            raise TypeError("Only generic type aliases are subscriptable")
        if not isinstance(params, tuple):
            params = (params,)
        # the host's GenericAlias takes any origin, not only a class
        return types.GenericAlias(cast(Any, self), params)

    def __repr__(self) -> str:
        return self.__name__

    def __or__(self, other: Any) -> Any:
        return typing.Union[self, other]

    def __ror__(self, other: Any) -> Any:
        return typing.Union[other, self]

    def __reduce__(self) -> str:
        return self.__name__

    def __init_subclass__(cls, *args: Any, **kwargs: Any) -> None:
        raise TypeError("type 'typing.TypeAliasType' is not an acceptable base type")


TypeAliasType.__module__ = "typing"


def _with_default(param: Any, default: Any) -> Any:
    """A type parameter with a default (3.13's ``[T = int]``)."""
    if sys.version_info >= (3, 13):
        cls = type(param)
        kwargs: dict[str, Any] = {"default": default}
        if isinstance(param, typing.TypeVar):
            constraints = param.__constraints__
            kwargs.update(bound=param.__bound__, infer_variance=True)
            return cls(param.__name__, *constraints, **kwargs)
        return cls(param.__name__, **kwargs)
    try:
        param.__default__ = default
        return param
    except AttributeError:
        stand_in = _StandIn(param.__name__)
        stand_in.__default__ = default  # type: ignore[attr-defined]
        return stand_in


def intrinsic(frame: Any, name: str, value: Any) -> Any:
    """The one-argument type-parameter intrinsics."""
    if name == "INTRINSIC_TYPEVAR":
        return make_typevar(value)
    if name == "INTRINSIC_PARAMSPEC":
        return make_paramspec(value)
    if name == "INTRINSIC_TYPEVARTUPLE":
        return make_typevartuple(value)
    if name == "INTRINSIC_SUBSCRIPT_GENERIC":
        params = value if isinstance(value, tuple) else (value,)
        return typing.Generic.__class_getitem__(params)
    # INTRINSIC_TYPEALIAS: (name, type_params, compute function)
    alias_name, type_params, compute = value
    module = frame.globals.get("__name__") if isinstance(frame.globals, dict) else None
    return TypeAliasType(alias_name, tuple(type_params or ()), compute, module)


def intrinsic2(frame: Any, name: str, value2: Any, value1: Any) -> Any:
    """The two-argument type-parameter intrinsics."""
    if name == "INTRINSIC_TYPEVAR_WITH_BOUND":
        return make_typevar(value2, bound=_evaluate(value1))
    if name == "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS":
        return make_typevar(value2, constraints=tuple(_evaluate(value1)))
    if name == "INTRINSIC_SET_FUNCTION_TYPE_PARAMS":
        value2.__type_params__ = value1
        return value2
    # INTRINSIC_SET_TYPEPARAM_DEFAULT: (the parameter, the default's function)
    return _with_default(value2, _evaluate(value1))
