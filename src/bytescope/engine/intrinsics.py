"""``CALL_INTRINSIC_1``/``_2`` (3.12+) and exception groups (``except*``)."""

from __future__ import annotations

import builtins
from typing import Any

from .errors import BadBytecode


class _NoGroups(BaseException):
    """Stands for BaseExceptionGroup on hosts without it (3.9/3.10): nothing is one."""


BaseExceptionGroup: Any = getattr(builtins, "BaseExceptionGroup", _NoGroups)


def intrinsic_1(frame: Any, name: str, value: Any) -> Any:
    """Run the one-argument intrinsic the version's table names ``name``."""
    from . import runtime

    if name == "INTRINSIC_PRINT":
        runtime.print_expr(value)
        return None
    if name == "INTRINSIC_IMPORT_STAR":
        runtime.import_star(frame, value)
        return None
    if name == "INTRINSIC_STOPITERATION_ERROR":
        return _stopiteration_error(frame, value)
    if name == "INTRINSIC_UNARY_POSITIVE":
        return +value
    if name == "INTRINSIC_LIST_TO_TUPLE":
        return tuple(value)
    if name == "INTRINSIC_ASYNC_GEN_WRAP":
        return runtime.async_gen_wrap(value)
    if name in ("INTRINSIC_TYPEVAR", "INTRINSIC_PARAMSPEC", "INTRINSIC_TYPEVARTUPLE",
                "INTRINSIC_SUBSCRIPT_GENERIC", "INTRINSIC_TYPEALIAS"):
        from .typeparams import intrinsic as _tp

        return _tp(frame, name, value)
    raise BadBytecode(f"unknown intrinsic {name}", code=frame.code, offset=frame.offset)


def intrinsic_2(frame: Any, name: str, value2: Any, value1: Any) -> Any:
    """Run a two-argument intrinsic."""
    if name == "INTRINSIC_PREP_RERAISE_STAR":
        return prep_reraise_star(value2, value1)
    if name in ("INTRINSIC_TYPEVAR_WITH_BOUND", "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
                "INTRINSIC_SET_FUNCTION_TYPE_PARAMS", "INTRINSIC_SET_TYPEPARAM_DEFAULT"):
        from .typeparams import intrinsic2 as _tp2

        return _tp2(frame, name, value2, value1)
    raise BadBytecode(f"unknown intrinsic {name}", code=frame.code, offset=frame.offset)


def _stopiteration_error(frame: Any, exc: Any) -> Any:
    """PEP 479 inside a generator's own code (3.12+): StopIteration becomes RuntimeError."""
    from .codeobj import CO_ASYNC_GENERATOR, CO_COROUTINE

    flags = frame.code.co_flags
    if isinstance(exc, StopIteration):
        if flags & CO_ASYNC_GENERATOR:
            msg = "async generator raised StopIteration"
        elif flags & CO_COROUTINE:
            msg = "coroutine raised StopIteration"
        else:
            msg = "generator raised StopIteration"
    elif flags & CO_ASYNC_GENERATOR and isinstance(exc, StopAsyncIteration):
        msg = "async generator raised StopAsyncIteration"
    else:
        return exc
    err = RuntimeError(msg)
    err.__cause__ = exc
    err.__context__ = exc
    return err


def eg_match(exc: Any, match_type: Any) -> tuple[Any, Any]:
    """``except* match_type`` against ``exc``: ``(rest, match)``; match None: no match."""
    _check_star_type(match_type)
    if match_type is None:
        return exc, None
    if isinstance(exc, match_type):
        if isinstance(exc, BaseExceptionGroup):
            return None, exc
        # a naked exception matched: wrap it in a group, as CPython does
        wrapped = BaseExceptionGroup("", [exc])
        wrapped.__traceback__ = exc.__traceback__
        return None, wrapped
    if isinstance(exc, BaseExceptionGroup):
        match, rest = exc.split(match_type)
        if match is None:
            return exc, None
        return rest, match
    return exc, None


def _check_star_type(match_type: Any) -> None:
    types = match_type if isinstance(match_type, tuple) else (match_type,)
    for t in types:
        if not (isinstance(t, type) and issubclass(t, BaseException)):
            raise TypeError(
                "catching classes that do not inherit from BaseException is not allowed"
            )
        if issubclass(t, BaseExceptionGroup):
            raise TypeError(
                "catching ExceptionGroup with except* is not allowed. Use except instead."
            )


def prep_reraise_star(orig: Any, excs: Any) -> Any:
    """What an ``except*`` block re-raises: the unhandled and the newly raised exceptions
    (CPython's ``_PyExc_PrepReraiseStar``)."""
    if not isinstance(orig, BaseExceptionGroup):
        # a naked exception was caught and wrapped: at most one clause ran
        return excs[0] if excs else None
    raised: list[BaseException] = []
    reraised: list[BaseException] = []
    for e in excs:
        if e is None:
            continue
        (reraised if _is_same_exception_metadata(e, orig) else raised).append(e)
    reraised_eg = _exception_group_projection(orig, reraised)
    if not raised:
        return reraised_eg
    if reraised_eg is not None:
        raised.append(reraised_eg)
    if len(raised) == 1:
        return raised[0]
    return BaseExceptionGroup("", raised)


def _leaf_ids(eg: Any) -> set[int]:
    out: set[int] = set()
    stack = [eg]
    while stack:
        e = stack.pop()
        if isinstance(e, BaseExceptionGroup):
            stack.extend(e.exceptions)
        else:
            out.add(id(e))
    return out


def _is_same_exception_metadata(e: Any, orig: Any) -> bool:
    return (
        e.__cause__ is orig.__cause__ and e.__context__ is orig.__context__
        and e.__traceback__ is orig.__traceback__ and getattr(e, "__notes__", None)
        is getattr(orig, "__notes__", None)
    )


def _exception_group_projection(orig: Any, keep_list: list[Any]) -> Any:
    """The part of ``orig`` whose leaves appear in ``keep_list`` (CPython's projection)."""
    if not keep_list:
        return None
    keep: set[int] = set()
    for e in keep_list:
        keep |= _leaf_ids(e)
    match, _rest = orig.split(lambda leaf: id(leaf) in keep)
    return match
