"""Helpers the instruction bodies call: everything longer than a line or two.

The generated handlers (:mod:`bytescope.engine._cases`) and the fused block
code import this module's public names, so a template body may use any
name in ``__all__``.  Error messages follow CPython's, with the differences
between versions taken from the engine traits.
"""

from __future__ import annotations

import sys
from types import MethodType
from typing import Any, NoReturn, Optional, Sequence

from .calls import PUSHED, call_any, call_ex, push_plain
from .errors import BadBytecode
from .function import Function
from .generators import (
    Generator,
    do_yield,
    gen_start,
    is_vm_generator,
    resumable_in_vm,
    resume_in_vm,
    send_to,
    vm_generator_returned,
)
from .objects import NULL, ExcItem, new_cell
from .prepare import stack_underflow

__all__ = [
    "NULL", "PUSHED", "call_any", "call_ex", "push_plain", "Function", "MethodType", "new_cell",
    "stack_underflow", "unbound_local",
    "unbound_deref", "name_error", "load_global", "load_builtin", "load_name", "store_name",
    "delete_name",
    "delete_global", "load_classderef", "load_deref", "do_return", "do_raise", "reraise",
    "exception_matches", "unpack_sequence", "unpack_ex", "list_extend", "dict_update",
    "dict_merge", "format_value", "CONVERTERS", "import_name", "import_from", "import_star",
    "setup_annotations", "print_expr", "before_with", "exit_call", "get_awaitable",
    "get_aiter", "get_anext", "get_yield_from_iter", "make_function", "build_class_callable",
    "BadBytecode", "ExcItem", "bool_check", "LazyImport", "reify", "lazy_import_name",
    "copy_free_vars", "delete_fast", "delete_deref",
    "build_map", "match_class", "match_keys", "is_mapping", "is_sequence", "get_len",
    "load_super_attr", "load_method", "call_intrinsic_1", "call_intrinsic_2", "check_eg_match",
    "prep_reraise_star", "load_locals", "load_from_dict_or_globals", "load_from_dict_or_deref",
    "set_function_attribute", "convert_value", "format_simple", "format_with_spec",
    "load_special", "to_bool", "end_async_for", "cleanup_throw", "get_iter", "async_gen_wrap",
    "push_exc_info", "pop_except", "exit_init_check", "gen_start", "do_yield", "set_context",
    "build_template", "build_interpolation", "unpack_join", "map_join", "resumable_in_vm",
    "resume_in_vm", "Generator", "send_to", "is_vm_generator",
]


# --- names and locals ----------------------------------------------------------------------


def unbound_local(frame: Any, slot: int) -> BaseException:
    """Return the error for reading local slot ``slot`` before assignment."""
    code = frame.code
    name = code.localsplus[slot] if 0 <= slot < len(code.localsplus) else f"<{slot}>"
    return UnboundLocalError(code.traits["unbound_local"].format(name))


def unbound_deref(frame: Any, slot: int) -> BaseException:
    """Return the error for reading an empty cell (a local cell, or a free variable)."""
    from ..code import CO_FAST_FREE

    code = frame.code
    name = code.localsplus[slot]
    if code.kinds[slot] & CO_FAST_FREE:
        return _name_error(code.traits["unbound_free"].format(name), name)
    return UnboundLocalError(code.traits["unbound_local"].format(name))


def _name_error(message: str, name: str) -> NameError:
    err = NameError(message)
    try:
        err.name = name  # 3.10+ suggestions use it
    except AttributeError:
        pass
    return err


def name_error(frame: Any, name: str) -> BaseException:
    """Return ``NameError: name 'x' is not defined``."""
    return _name_error(f"name '{name}' is not defined", name)


def load_global(frame: Any, name: str) -> Any:
    """Return global ``name`` of ``frame`` (globals, then builtins), or raise NameError."""
    g = frame.globals
    if type(g) is dict:
        value = g.get(name, NULL)
    else:
        value = _mapping_get(g, name)
    if value is NULL:
        b = frame.builtins
        if type(b) is dict:
            value = b.get(name, NULL)
        else:
            value = _mapping_get(b, name)
        if value is NULL:
            raise name_error(frame, name)
    return value


def load_builtin(frame: Any, name: str) -> Any:
    """A global not in the globals: the frame's builtins, or NameError."""
    b = frame.builtins
    value = b.get(name, NULL) if type(b) is dict else _mapping_get(b, name)
    if value is NULL:
        raise name_error(frame, name)
    return value


def _mapping_get(mapping: Any, name: str) -> Any:
    try:
        return mapping[name]
    except KeyError:
        return NULL


def load_name(frame: Any, name: str) -> Any:
    """``LOAD_NAME``: the frame's locals mapping, then globals, then builtins."""
    loc = frame.locals
    if loc is None:
        raise SystemError(f"no locals when loading '{name}'")
    if type(loc) is dict:
        value = loc.get(name, NULL)
    else:
        value = _mapping_get(loc, name)
    if value is NULL:
        return load_global(frame, name)
    return value


def store_name(frame: Any, name: str, value: Any) -> None:
    """``STORE_NAME``: store into the frame's locals mapping."""
    loc = frame.locals
    if loc is None:
        raise SystemError(f"no locals found when storing '{name}'")
    loc[name] = value


def delete_name(frame: Any, name: str) -> None:
    """``DELETE_NAME``: delete from the locals mapping, NameError if absent."""
    loc = frame.locals
    if loc is None:
        raise SystemError(f"no locals when deleting '{name}'")
    try:
        del loc[name]
    except KeyError:
        raise name_error(frame, name) from None


def delete_global(frame: Any, name: str) -> None:
    """``DELETE_GLOBAL``: NameError if the global does not exist."""
    try:
        del frame.globals[name]
    except KeyError:
        raise name_error(frame, name) from None


def delete_fast(frame: Any, slot: int) -> None:
    """``DELETE_FAST``: unbind a local; UnboundLocalError if it is not bound."""
    fast = frame.fast
    if fast[slot] is NULL:
        raise unbound_local(frame, slot)
    fast[slot] = NULL


def load_deref(frame: Any, slot: int) -> Any:
    """The contents of the cell in ``slot``; the version's error when empty."""
    try:
        return frame.fast[slot].cell_contents
    except ValueError:
        raise unbound_deref(frame, slot) from None
    except AttributeError:
        raise BadBytecode(
            f"slot {slot} holds no cell", code=frame.code, offset=frame.offset
        ) from None


def delete_deref(frame: Any, slot: int) -> None:
    """``DELETE_DEREF``: empty the cell; the version's error if already empty."""
    cell = frame.fast[slot]
    try:
        _ = cell.cell_contents
    except ValueError:
        raise unbound_deref(frame, slot) from None
    del cell.cell_contents


def load_classderef(frame: Any, slot: int) -> Any:
    """``LOAD_CLASSDEREF``: a class body's locals first, then the cell."""
    name = frame.code.localsplus[slot]
    loc = frame.locals
    if loc is not None:
        value = loc.get(name, NULL) if type(loc) is dict else _mapping_get(loc, name)
        if value is not NULL:
            return value
    return load_deref(frame, slot)


def load_locals(frame: Any) -> Any:
    """``LOAD_LOCALS`` (3.12+): the locals mapping of a class body."""
    if frame.locals is None:
        raise SystemError("no locals found")
    return frame.locals


def load_from_dict_or_globals(frame: Any, mapping: Any, name: str) -> Any:
    """``LOAD_FROM_DICT_OR_GLOBALS``: ``mapping[name]``, then globals and builtins."""
    value = mapping.get(name, NULL) if type(mapping) is dict else _mapping_get(mapping, name)
    if value is NULL:
        return load_global(frame, name)
    return value


def load_from_dict_or_deref(frame: Any, mapping: Any, slot: int) -> Any:
    """``LOAD_FROM_DICT_OR_DEREF``: ``mapping[name]``, then the cell in ``slot``."""
    name = frame.code.localsplus[slot]
    value = mapping.get(name, NULL) if type(mapping) is dict else _mapping_get(mapping, name)
    if value is NULL:
        return load_deref(frame, slot)
    return value


def copy_free_vars(frame: Any, n: int) -> None:
    """``COPY_FREE_VARS n``: the function's closure cells into the last ``n`` slots."""
    func = frame.func
    closure = (func.__closure__ if func is not None else None) or ()
    if len(closure) < n:
        raise BadBytecode(
            f"COPY_FREE_VARS {n} but the closure has {len(closure)} cells",
            code=frame.code, offset=frame.offset,
        )
    fast = frame.fast
    base = frame.code.nlocalsplus - n
    fast[base : base + n] = closure[:n]


# --- returning and raising ---------------------------------------------------------------------


def do_return(frame: Any, value: Any) -> int:
    """Finish ``frame`` with ``value``: hand it to the caller frame, or end the run."""
    ts = frame.ts
    ts.depth -= 1
    frame.pc = -2
    on_return = frame.on_return
    if on_return is not None:
        if frame.gen is not None and not frame.entry:
            return vm_generator_returned(frame, value)
        frame.on_return = None
        value = on_return(value)
    if frame.entry:
        ts.exiting = True
        ts.result = value
        return -1
    back = frame.back
    ts.frame = back
    back.stack.append(value)
    return -1


def do_raise(frame: Any, args: list[Any]) -> NoReturn:
    """``RAISE_VARARGS``: raise, re-raise (no argument) or raise ... from ..."""
    if not args:
        exc = frame.ts.exc_info.topmost()
        if exc is None:
            raise RuntimeError("No active exception to reraise")
        reraise(frame, exc)
    value = _exception_instance(args[0], "exceptions must derive from BaseException")
    if len(args) > 1:
        cause = args[1]
        if cause is None:
            pass
        elif isinstance(cause, type) and issubclass(cause, BaseException):
            cause = cause()
            if not isinstance(cause, BaseException):
                raise TypeError(
                    f"calling {args[1]!r} should have returned an instance of BaseException, "
                    f"not {type(cause).__name__}"
                )
        elif not isinstance(cause, BaseException):
            raise TypeError("exception causes must derive from BaseException")
        value.__cause__ = cause
        value.__suppress_context__ = True
    set_context(frame, value)
    frame.ts.raising = value
    raise value


def _exception_instance(obj: Any, message: str) -> BaseException:
    if isinstance(obj, type) and issubclass(obj, BaseException):
        value = obj()
        if not isinstance(value, BaseException):
            raise TypeError(
                f"calling {obj!r} should have returned an instance of BaseException, "
                f"not {type(value).__name__}"
            )
        return value
    if isinstance(obj, BaseException):
        return obj
    raise TypeError(message)


def set_context(frame: Any, value: BaseException) -> None:
    """Chain ``value`` to the exception being handled, as raising does natively."""
    handled = frame.ts.exc_info.topmost()
    if handled is None or handled is value:
        return
    # break a cycle the new context would make (as CPython's _PyErr_SetObject); the
    # chain may already hold a cycle of its own (ex.__context__ = ex): stop walking there
    o = handled
    seen = {id(o)}
    while True:
        ctx = o.__context__
        if ctx is None:
            break
        if ctx is value:
            o.__context__ = None
            break
        if id(ctx) in seen:
            break
        seen.add(id(ctx))
        o = ctx
    value.__context__ = handled


def reraise(frame: Any, exc: BaseException, index: Optional[int] = None) -> NoReturn:
    """Re-raise ``exc`` without a new traceback entry or context (``RERAISE``, bare ``raise``).

    ``index``: the instruction the handler search starts from (3.11+'s saved ``lasti``).
    """
    if not isinstance(exc, BaseException):
        raise BadBytecode(
            f"re-raise of a non-exception {type(exc).__name__}", code=frame.code,
            offset=frame.offset,
        )
    ts = frame.ts
    ts.reraising = exc
    ts.reraise_index = index
    raise exc


def exception_matches(exc: Any, match: Any) -> bool:
    """``except match`` against exception ``exc`` (CHECK_EXC_MATCH and friends)."""
    _check_except_type(match)
    if isinstance(exc, BaseException):
        return isinstance(exc, match)
    if isinstance(exc, type):
        return issubclass(exc, match)
    return False


_CATCH_ERROR = "catching classes that do not inherit from BaseException is not allowed"


def _check_except_type(match: Any) -> None:
    if isinstance(match, tuple):
        for m in match:
            if not (isinstance(m, type) and issubclass(m, BaseException)):
                raise TypeError(_CATCH_ERROR)
    elif not (isinstance(match, type) and issubclass(match, BaseException)):
        raise TypeError(_CATCH_ERROR)


def push_exc_info(frame: Any, exc: Any) -> Any:
    """``PUSH_EXC_INFO``: make ``exc`` the handled exception; return the previous one."""
    item = frame.ts.exc_info
    prev = item.value
    item.value = exc
    return prev


def pop_except(frame: Any, prev: Any) -> None:
    """``POP_EXCEPT``: restore the handled exception saved by ``PUSH_EXC_INFO``."""
    frame.ts.exc_info.value = prev


# --- sequences, mappings, strings -----------------------------------------------------------


def _not_iterable(frame: Any, t: type) -> TypeError:
    return TypeError(frame.code.traits["unpack_noniter"].format(t.__name__))


def unpack_sequence(seq: Any, n: int, frame: Any) -> Sequence[Any]:
    """``UNPACK_SEQUENCE n``: the items in stack order (the first item on top), a list."""
    t = type(seq)
    if (t is tuple or t is list) and len(seq) == n:
        items = list(seq)
        items.reverse()
        return items
    try:
        it = iter(seq)
    except TypeError:
        if not hasattr(t, "__iter__") and not hasattr(t, "__getitem__"):
            raise _not_iterable(frame, t) from None
        raise
    items = []
    for _ in range(n):
        try:
            items.append(next(it))
        except StopIteration:
            raise ValueError(
                f"not enough values to unpack (expected {n}, got {len(items)})"
            ) from None
    try:
        next(it)
    except StopIteration:
        items.reverse()
        return items
    raise ValueError(_too_many(seq, n, frame))


def _too_many(seq: Any, n: int, frame: Any) -> str:
    t = type(seq)
    if frame.code.traits["unpack_got"] and (t is list or t is tuple or t is dict):
        return f"too many values to unpack (expected {n}, got {len(seq)})"
    return f"too many values to unpack (expected {n})"


def unpack_ex(seq: Any, oparg: int, frame: Any) -> list[Any]:
    """``UNPACK_EX``: ``before`` items, a list of the rest, ``after`` items; stack order."""
    before = oparg & 0xFF
    after = oparg >> 8
    try:
        it = iter(seq)
    except TypeError:
        t = type(seq)
        if not hasattr(t, "__iter__") and not hasattr(t, "__getitem__"):
            raise _not_iterable(frame, t) from None
        raise
    head = []
    for _ in range(before):
        try:
            head.append(next(it))
        except StopIteration:
            raise ValueError(
                f"not enough values to unpack (expected at least {before + after}, "
                f"got {len(head)})"
            ) from None
    rest = list(it)
    if len(rest) < after:
        raise ValueError(
            f"not enough values to unpack (expected at least {before + after}, "
            f"got {before + len(rest)})"
        )
    if after:
        tail = rest[len(rest) - after :]
        del rest[len(rest) - after :]
    else:
        tail = []
    items = head + [rest] + tail
    items.reverse()
    return items


def list_extend(lst: list[Any], iterable: Any) -> None:
    """``LIST_EXTEND``, with CPython's error for a non-iterable."""
    try:
        lst.extend(iterable)
    except TypeError:
        t = type(iterable)
        if not hasattr(t, "__iter__") and not hasattr(t, "__getitem__"):
            raise TypeError(f"Value after * must be an iterable, not {t.__name__}") from None
        raise


def dict_update(d: dict[Any, Any], other: Any) -> None:
    """``DICT_UPDATE``, with CPython's error for a non-mapping."""
    try:
        d.update(other)
    except AttributeError:
        if not hasattr(other, "keys"):
            raise TypeError(f"'{type(other).__name__}' object is not a mapping") from None
        raise
    except TypeError:
        if not hasattr(other, "keys"):
            raise TypeError(f"'{type(other).__name__}' object is not a mapping") from None
        raise


def dict_merge(frame: Any, func: Any, d: dict[Any, Any], other: Any) -> None:
    """``DICT_MERGE`` (``f(**a, **b)``): no key twice, errors naming the function."""
    from .calls import _callable_name

    name = _callable_name(func, frame.code.traits["call_desc"])
    if not hasattr(other, "keys"):
        raise TypeError(f"{name} argument after ** must be a mapping, not {type(other).__name__}")
    for key in other.keys():
        if key in d:
            if not isinstance(key, str):
                raise TypeError(f"{name} keywords must be strings")
            raise TypeError(f"{name} got multiple values for keyword argument '{key}'")
        d[key] = other[key]


def build_map(values: list[Any]) -> dict[Any, Any]:
    """``BUILD_MAP``: key, value, key, value ... in stack order."""
    d = {}
    for i in range(0, len(values), 2):
        d[values[i]] = values[i + 1]
    return d


CONVERTERS = (None, str, repr, ascii)


def format_value(value: Any, conv: int, spec: str = "") -> str:
    """``FORMAT_VALUE``: convert (``!s``, ``!r``, ``!a``) then format."""
    f = CONVERTERS[conv & 3]
    if f is not None:
        value = f(value)
    if not spec and type(value) is str:
        return value
    return format(value, spec)


def convert_value(value: Any, conv: int) -> Any:
    """``CONVERT_VALUE`` (3.13+)."""
    f = CONVERTERS[conv]
    return value if f is None else f(value)


def format_simple(value: Any) -> Any:
    """``FORMAT_SIMPLE`` (3.13+)."""
    if type(value) is str:
        return value
    return format(value, "")


def format_with_spec(value: Any, spec: Any) -> Any:
    """``FORMAT_WITH_SPEC`` (3.13+)."""
    return format(value, spec)


def to_bool(value: Any) -> bool:
    """``TO_BOOL`` (3.13+)."""
    return bool(value)


def bool_check(value: Any) -> bool:
    """Truth of a jump condition (3.13+ jumps take an exact bool; earlier ones any object)."""
    return bool(value)


# --- imports --------------------------------------------------------------------------------


def import_name(frame: Any, name: str, fromlist: Any, level: Any) -> Any:
    """``IMPORT_NAME``: call the ``__import__`` in the frame's builtins, as CPython does."""
    from .imports import import_name as _imp

    return _imp(frame, name, fromlist, level)


from .imports import LazyImport, lazy_import_name, reify  # noqa: E402 (3.15 lazy imports)


def import_from(frame: Any, module: Any, name: str) -> Any:
    """``IMPORT_FROM``: ``from module import name``, with CPython's fallbacks and errors."""
    from .imports import import_from as _imp

    return _imp(frame, module, name)


def import_star(frame: Any, module: Any) -> None:
    """``IMPORT_STAR``: copy the module's public names into the frame's locals."""
    from .imports import import_star as _imp

    _imp(frame, module)


def setup_annotations(frame: Any) -> None:
    """``SETUP_ANNOTATIONS``: make ``__annotations__`` in the locals if missing."""
    loc = frame.locals
    if loc is None:
        raise SystemError("no locals found when setting up annotations")
    if type(loc) is dict:
        if "__annotations__" not in loc:
            loc["__annotations__"] = {}
    else:
        try:
            loc["__annotations__"]
        except KeyError:
            loc["__annotations__"] = {}


def print_expr(value: Any) -> None:
    """``PRINT_EXPR``: the interactive echo, through ``sys.displayhook``."""
    hook = getattr(sys, "displayhook", None)
    if hook is None:
        raise RuntimeError("lost sys.displayhook")
    hook(value)


# --- with, await, iteration ----------------------------------------------------------------


def _special(obj: Any, name: str) -> Any:
    """Look ``name`` up on the type and bind it, as CPython's special-method lookup."""
    t = type(obj)
    for klass in t.__mro__:
        if name in klass.__dict__:
            attr = klass.__dict__[name]
            get = getattr(type(attr), "__get__", None)
            if get is not None:
                return get(attr, obj, t)
            return attr
    return NULL


def before_with(frame: Any, mgr: Any, enter_name: str, exit_name: str) -> tuple[Any, Any]:
    """``BEFORE_WITH``/``BEFORE_ASYNC_WITH``: return ``(bound __exit__, __enter__())``."""
    enter = _special(mgr, enter_name)
    if enter is NULL:
        raise _with_error(frame, mgr, enter_name, exit_name, missing_exit=False)
    exit_ = _special(mgr, exit_name)
    if exit_ is NULL:
        raise _with_error(frame, mgr, enter_name, exit_name, missing_exit=True)
    return exit_, enter()


def _with_error(frame: Any, mgr: Any, enter: str, exit_: str, missing_exit: bool) -> BaseException:
    style = frame.code.traits.get("with_error", "protocol")
    tname = type(mgr).__name__
    if style == "attribute":
        return AttributeError(exit_ if missing_exit else enter)
    asynchronous = enter == "__aenter__"
    proto = "asynchronous context manager" if asynchronous else "context manager"
    if missing_exit:
        return TypeError(
            f"'{tname}' object does not support the {proto} protocol (missed {exit_} method)"
        )
    return TypeError(f"'{tname}' object does not support the {proto} protocol")


def exit_call(exit_: Any, exc: Any) -> Any:
    """``WITH_EXCEPT_START``: call ``__exit__(type, value, traceback)``."""
    return exit_(type(exc), exc, exc.__traceback__)


def get_awaitable(frame: Any, obj: Any, where: int) -> Any:
    """``GET_AWAITABLE``: the iterator an ``await obj`` drives, with CPython's errors."""
    from .generators import awaitable_iter

    try:
        it = awaitable_iter(obj)
    except TypeError:
        tname = type(obj).__name__
        if where == 1:
            raise TypeError(
                "'async with' received an object from __aenter__ that does not implement "
                f"__await__: {tname}"
            ) from None
        if where == 2:
            raise TypeError(
                "'async with' received an object from __aexit__ that does not implement "
                f"__await__: {tname}"
            ) from None
        raise TypeError(f"object {tname} can't be used in 'await' expression") from None
    from .generators import check_not_awaited

    check_not_awaited(it)
    return it


def get_aiter(obj: Any) -> Any:
    """``GET_AITER``: ``obj.__aiter__()`` with CPython's errors."""
    meth = _special(obj, "__aiter__")
    if meth is NULL:
        raise TypeError(
            f"'async for' requires an object with __aiter__ method, got {type(obj).__name__}"
        )
    it = meth()
    if _special(it, "__anext__") is NULL:
        raise TypeError(
            "'async for' received an object from __aiter__ that does not implement "
            f"__anext__: {type(it).__name__}"
        )
    return it


def get_anext(aiter: Any) -> Any:
    """``GET_ANEXT``: the awaitable of the next item."""
    from .generators import awaitable_iter

    meth = _special(aiter, "__anext__")
    if meth is NULL:
        raise TypeError(
            f"'async for' requires an iterator with __anext__ method, got {type(aiter).__name__}"
        )
    awaitable = meth()
    try:
        return awaitable_iter(awaitable)
    except TypeError:
        raise TypeError(
            "'async for' received an invalid object from __anext__: "
            f"{type(awaitable).__name__}"
        ) from None


def end_async_for(frame: Any, exc: Any) -> None:
    """``END_ASYNC_FOR``: a ``StopAsyncIteration`` ends the loop; anything else re-raises."""
    if isinstance(exc, StopAsyncIteration):
        return
    reraise(frame, exc)


def get_yield_from_iter(frame: Any, iterable: Any) -> Any:
    """``GET_YIELD_FROM_ITER``: generators and coroutines as they are, else ``iter()``."""
    from .generators import is_coroutine_object, is_generator_object

    if is_coroutine_object(iterable):
        if not frame.code.co_flags & 0x180:  # CO_COROUTINE | CO_ITERABLE_COROUTINE
            raise TypeError("cannot 'yield from' a coroutine object in a non-coroutine generator")
        return iterable
    if is_generator_object(iterable):
        return iterable
    return iter(iterable)


def get_iter(obj: Any) -> Any:
    """``GET_ITER``."""
    return iter(obj)


def async_gen_wrap(value: Any) -> Any:
    """``ASYNC_GEN_WRAP`` (3.11): mark a value an async generator yields."""
    from .generators import AsyncGenValue

    return AsyncGenValue(value)


def cleanup_throw(frame: Any, sub: Any, last: Any, exc: Any) -> Any:
    """``CLEANUP_THROW`` (3.12+): a ``StopIteration`` from the sub-iterator is its value."""
    if isinstance(exc, StopIteration):
        return exc.value
    reraise(frame, exc)
    return None  # unreachable


def exit_init_check(value: Any) -> None:
    """``EXIT_INIT_CHECK`` (3.13+): ``__init__`` must return None."""
    if value is not None:
        raise TypeError(f"__init__() should return None, not '{type(value).__name__}'")


# --- functions and classes -----------------------------------------------------------------


def make_function(
    frame: Any, code: Any, extras: list[Any], flags: int, qualname: Any = None
) -> Any:
    """``MAKE_FUNCTION``: a :class:`~bytescope.engine.function.Function` with the extras
    the flag bits say are on the stack (defaults, kwdefaults, annotations, closure)."""
    from .functions_make import make_function as _make

    return _make(frame, code, extras, flags, qualname)


def set_function_attribute(func: Any, flag: int, value: Any) -> Any:
    """``SET_FUNCTION_ATTRIBUTE`` (3.13+)."""
    from .functions_make import set_attribute

    set_attribute(func, flag, value)
    return func


def build_class_callable(frame: Any) -> Any:
    """``LOAD_BUILD_CLASS``: the engine's ``__build_class__`` (or the program's own)."""
    from .classes import load_build_class

    return load_build_class(frame)


def load_super_attr(frame: Any, global_super: Any, cls: Any, self: Any, name: str, two: int) -> Any:
    """``LOAD_SUPER_ATTR`` (3.12+): ``super(cls, self).name``."""
    if global_super is super and isinstance(cls, type):
        return getattr(super(cls, self), name)
    from .calls import call_any

    sup = call_any(frame, global_super, [cls, self] if two else [], None, -1)
    return getattr(sup, name)


def load_method(owner: Any, name: str) -> tuple[Any, Any]:
    """Method lookup: ``(function, self)`` when the attribute is a plain function found on
    the type (the call then needs no bound method), else ``(NULL, attribute)``."""
    return NULL, getattr(owner, name)


# --- pattern matching ----------------------------------------------------------------------------


def is_mapping(obj: Any) -> bool:
    """``MATCH_MAPPING``."""
    from collections.abc import Mapping

    return isinstance(obj, Mapping)


def is_sequence(obj: Any) -> bool:
    """``MATCH_SEQUENCE``: a ``Sequence`` but not ``str``/``bytes``/``bytearray``."""
    from collections.abc import Sequence

    if isinstance(obj, (str, bytes, bytearray)):
        return False
    return isinstance(obj, Sequence)


def get_len(obj: Any) -> int:
    """``GET_LEN``."""
    return len(obj)


def match_keys(subject: Any, keys: tuple[Any, ...]) -> Optional[tuple[Any, ...]]:
    """``MATCH_KEYS``: the values of ``keys`` in ``subject``, or None if one is missing."""
    from .matching import match_keys as _mk

    return _mk(subject, keys)


def match_class(
    subject: Any, cls: Any, count: int, names: tuple[str, ...]
) -> Optional[tuple[Any, ...]]:
    """``MATCH_CLASS``: the matched attributes, or None."""
    from .matching import match_class as _mc

    return _mc(subject, cls, count, names)


# --- 3.12+ intrinsics and exception groups --------------------------------------------------------


def call_intrinsic_1(frame: Any, name: str, value: Any) -> Any:
    """``CALL_INTRINSIC_1`` by the name the version's table gives the argument."""
    from .intrinsics import intrinsic_1

    return intrinsic_1(frame, name, value)


def call_intrinsic_2(frame: Any, name: str, value2: Any, value1: Any) -> Any:
    """``CALL_INTRINSIC_2``."""
    from .intrinsics import intrinsic_2

    return intrinsic_2(frame, name, value2, value1)


def check_eg_match(exc: Any, match_type: Any) -> tuple[Any, Any]:
    """``CHECK_EG_MATCH``: split an exception group; ``(rest, match)`` (match None: no match)."""
    from .intrinsics import eg_match

    return eg_match(exc, match_type)


def prep_reraise_star(orig: Any, excs: Any) -> Any:
    """``PREP_RERAISE_STAR`` / ``INTRINSIC_PREP_RERAISE_STAR``."""
    from .intrinsics import prep_reraise_star as _prs

    return _prs(orig, excs)


def load_special(obj: Any, name: str) -> tuple[Any, Any]:
    """``LOAD_SPECIAL`` (3.14+): ``(method, self)`` for a ``with`` protocol method."""
    t = type(obj)
    for klass in t.__mro__:
        if name in klass.__dict__:
            attr = klass.__dict__[name]
            get = getattr(type(attr), "__get__", None)
            if get is not None:
                return get(attr, obj, t), NULL
            return attr, NULL
    asynchronous = name in ("__aenter__", "__aexit__")
    proto = "asynchronous context manager" if asynchronous else "context manager"
    tname = t.__name__
    if name in ("__exit__", "__aexit__"):
        raise TypeError(
            f"'{tname}' object does not support the {proto} protocol (missed {name} method)"
        )
    raise TypeError(f"'{tname}' object does not support the {proto} protocol")


# --- 3.14 template strings ----------------------------------------------------------------


def build_template(strings: Any, interpolations: Any) -> Any:
    """``BUILD_TEMPLATE``: a ``string.templatelib.Template`` (the engine's own before 3.14)."""
    from .templatelib import module

    templatelib = module()

    parts: list[Any] = []
    for i, s in enumerate(strings):
        parts.append(s)
        if i < len(interpolations):
            parts.append(interpolations[i])
    return templatelib.Template(*parts)


def build_interpolation(value: Any, expr: Any, oparg: int, spec: Any) -> Any:
    """``BUILD_INTERPOLATION``: conversion in the argument's high bits, optional format spec."""
    from .templatelib import module

    templatelib = module()

    conv = (None, "s", "r", "a")[(oparg >> 2) & 3]
    return templatelib.Interpolation(value, expr, conv, spec if spec is not None else "")


# --- 3.6-3.8 unpacking builders --------------------------------------------------------------


def unpack_join(frame: Any, values: list[Any], func: Any = None) -> list[Any]:
    """``BUILD_*_UNPACK``: the items of each iterable, in order."""
    out: list[Any] = []
    for v in values:
        try:
            out.extend(v)
        except TypeError:
            t = type(v)
            if not hasattr(t, "__iter__") and not hasattr(t, "__getitem__"):
                if func is not None:
                    from .calls import _callable_name

                    raise TypeError(
                        f"{_callable_name(func, frame.code.traits['call_desc'])} argument "
                        f"after * must be an iterable, not {t.__name__}"
                    ) from None
                raise TypeError(f"'{t.__name__}' object is not iterable") from None
            raise
    return out


def map_join(frame: Any, values: list[Any], func: Any = None) -> dict[Any, Any]:
    """``BUILD_MAP_UNPACK`` (``func``: ``..._WITH_CALL``, no key twice)."""
    d: dict[Any, Any] = {}
    for v in values:
        if func is not None:
            dict_merge(frame, func, d, v)
        else:
            dict_update(d, v)
    return d
