"""Host builtins that need the calling VM frame, replaced by the engine's versions.

``locals()``, ``globals()``, ``vars()``, ``dir()``, ``eval()``, ``exec()``,
zero-argument ``super()``, ``sys.exc_info()``, ``sys.exception()``,
``sys._getframe()`` and the recursion limit read or change the state of the
*calling* frame; called from VM code they would see the engine's own host
frame.  :data:`bytescope.engine.calls.INTERCEPT` maps each host object to a
replacement taking ``(frame, args, kwargs)``.  Host code calling them is not
affected.
"""

from __future__ import annotations

import builtins
import sys
from typing import Any, Optional

from .calls import INTERCEPT, PUSHED
from .generators import (
    COLLECT,
    DEFAULT_ON_RETURN,
    RAISE_ON_RETURN,
    Generator,
    resumable_in_vm,
    resume_in_vm,
)
from .objects import NULL, CellType

# compiler flags a frame's code passes on to exec/eval/compile of source (PyCF_MASK)
_FUTURE_MASK = 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x40000 | 0x80000 | 0x100000


def frame_locals(frame: Any) -> Any:
    """``locals()`` in ``frame``: the namespace of module/class code, or a dict of a
    function's bound locals, cells and free variables."""
    if frame.locals is not None:
        return frame.locals
    code = frame.code
    fresh = code.traits["locals_snapshot"]
    d = None if fresh else frame.locals_dict
    if d is None:
        d = {}
        if not fresh:
            frame.locals_dict = d
    from ..code import CO_FAST_CELL, CO_FAST_FREE, CO_FAST_HIDDEN

    fast = frame.fast
    kinds = code.kinds
    for i, name in enumerate(code.localsplus):
        kind = kinds[i]
        if kind & CO_FAST_HIDDEN:
            continue
        value = fast[i] if i < len(fast) else NULL
        if kind & (CO_FAST_CELL | CO_FAST_FREE) and type(value) is CellType:
            try:
                value = value.cell_contents
            except ValueError:
                value = NULL
        if value is NULL:
            d.pop(name, None)
        else:
            d[name] = value
    return d


def _locals(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    if args or kwargs:
        return builtins.locals(*args, **(kwargs or {}))
    return frame_locals(frame)


def _globals(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    if args or kwargs:
        return builtins.globals(*args, **(kwargs or {}))
    return frame.globals


def _vars(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    if args or kwargs:
        return builtins.vars(*args, **(kwargs or {}))
    return frame_locals(frame)


def _dir(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    if args or kwargs:
        return builtins.dir(*args, **(kwargs or {}))
    return sorted(frame_locals(frame).keys())


def _super(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    from .classes import checked_super, zero_arg_super

    if len(args) == 2 and not kwargs:
        return checked_super(frame.code.traits, args[0], args[1])
    if args or kwargs:
        return super(*args, **(kwargs or {}))

    return zero_arg_super(frame)


def run_source(frame: Any, source: Any, globals_: Any, locals_: Any, mode: str,
               closure: Any = None) -> Any:
    """``exec``/``eval`` of a string or code object, run by the engine."""
    from ..code import Code
    from .codeobj import VMCode
    from .program import run_code_in

    fname = "exec" if mode == "exec" else "eval"
    if globals_ is not None and not isinstance(globals_, dict):
        raise TypeError(f"{fname}() globals must be a dict, not {type(globals_).__name__}")
    if locals_ is not None and not hasattr(locals_, "__getitem__"):
        raise TypeError("locals must be a mapping")
    if globals_ is None:
        globals_ = frame.globals
        if locals_ is None:
            locals_ = frame_locals(frame)
    elif locals_ is None:
        locals_ = globals_
    if "__builtins__" not in globals_:
        globals_["__builtins__"] = builtins
    if isinstance(source, VMCode):
        code = source
    elif isinstance(source, Code):
        code = VMCode(source)
    elif hasattr(source, "co_code"):
        code = VMCode(Code.from_host(source))
    else:
        if isinstance(source, (bytes, bytearray, memoryview)):
            source = bytes(source)
        elif not isinstance(source, str):
            what = "exec() arg 1" if mode == "exec" else "eval() arg 1"
            raise TypeError(f"{what} must be a string, bytes or code object")
        if mode == "eval" and isinstance(source, str):
            source = source.lstrip(" \t")
        flags = frame.code.co_flags & _FUTURE_MASK
        host = compile(source, "<string>", mode, flags, True)
        code = VMCode(Code.from_host(host))
    if mode == "eval" and code.co_freevars:
        raise TypeError("code object passed to eval() may not contain free variables")
    result = run_code_in(code, globals_, locals_, closure)
    return result if mode == "eval" else None


def _exec(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    src, g, loc, closure = _exec_args(args, kwargs or {}, "exec")
    return run_source(frame, src, g, loc, "exec", closure)


def _eval(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    src, g, loc, _closure = _exec_args(args, kwargs or {}, "eval")
    return run_source(frame, src, g, loc, "eval")


def _exec_args(args: list[Any], kwargs: dict[str, Any], name: str) -> tuple[Any, Any, Any, Any]:
    if not args and "source" not in kwargs:
        raise TypeError(f"{name} expected at least 1 argument, got 0")
    if len(args) > 3:
        raise TypeError(f"{name} expected at most 3 arguments, got {len(args)}")
    values = list(args) + [None] * (3 - len(args))
    src, g, loc = values
    g = kwargs.pop("globals", g)
    loc = kwargs.pop("locals", loc)
    closure = kwargs.pop("closure", None)
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    return src, g, loc, closure


def _exc_info(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    exc = frame.ts.exc_info.topmost()
    if exc is None:
        return (None, None, None)
    return (type(exc), exc, exc.__traceback__)


def _exception(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    return frame.ts.exc_info.topmost()


def _getrecursionlimit(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    return frame.ts.engine.recursion_limit


def _setrecursionlimit(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    if len(args) != 1 or kwargs:
        return sys.setrecursionlimit(*args, **(kwargs or {}))
    limit = args[0]
    if not isinstance(limit, int):
        raise TypeError(f"'{type(limit).__name__}' object cannot be interpreted as an integer")
    if limit < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    ts = frame.ts
    if limit <= ts.depth:
        raise RecursionError(
            f"cannot set the recursion limit to {limit} at the recursion depth {ts.depth}: "
            "the limit is too low"
        )
    ts.engine.recursion_limit = limit
    host_room(limit)
    return None


def host_room(limit: int) -> None:
    """Give the host's own recursion limit room for the host frames of nested runs of the
    loop (VM-to-VM recursion takes none; the nesting itself is capped by
    :data:`bytescope.engine.loop.ENTRY_LIMIT`)."""
    from .loop import ENTRY_LIMIT

    want = 1000 + ENTRY_LIMIT * 12
    if sys.getrecursionlimit() < want:
        sys.setrecursionlimit(want)


def _getframe(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    from .frameproxy import frame_proxy, frame_up

    depth = args[0] if args else (kwargs or {}).get("depth", 0)
    f = frame_up(frame, depth)
    if f is None:
        raise ValueError("call stack is not deep enough")
    return frame_proxy(f)


# --- generators consumed without leaving the VM ---------------------------------------------


def _consume(builtin: Any) -> Any:
    """A replacement for a builtin that consumes its iterable argument whole
    (``list(g)``, ``sum(g)``, ``sorted(g)`` ...): given a VM generator, the generator
    runs on the VM's frame stack, its values gathered, and the builtin applied to them
    when it returns, instead of the host pulling every value through a new loop run."""

    def special(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
        if args and type(args[0]) is Generator and resumable_in_vm(args[0]):
            rest = args[1:]
            kw = kwargs or {}

            def finish(items: list[Any]) -> Any:
                return builtin(items, *rest, **kw)

            pc = frame.lasti
            resume_in_vm(frame, args[0], None, pc, (pc + 1, 0, True, COLLECT, finish))
            return PUSHED
        return builtin(*args, **(kwargs or {}))

    return special


def _next(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    if not kwargs and 1 <= len(args) <= 2 and type(args[0]) is Generator and resumable_in_vm(
        args[0]
    ):
        pc = frame.lasti
        if len(args) == 2:
            resume_in_vm(frame, args[0], None, pc, (pc + 1, 0, True, DEFAULT_ON_RETURN, args[1]))
        else:
            resume_in_vm(frame, args[0], None, pc, (pc + 1, 0, True, RAISE_ON_RETURN, None))
        return PUSHED
    return next(*args, **(kwargs or {}))


def _gen_send(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    gen = args[0]
    if not kwargs and len(args) == 2 and type(gen) is Generator and resumable_in_vm(gen):
        pc = frame.lasti
        resume_in_vm(frame, gen, args[1], pc, (pc + 1, 0, True, RAISE_ON_RETURN, None))
        return PUSHED
    return gen.send(*args[1:], **(kwargs or {}))


def _warn(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    """``warnings.warn`` from VM code: the C implementation finds the location in the
    host's frames (the engine's); take it from the VM frame ``stacklevel`` up instead."""
    import warnings

    def bind(message: Any, category: Any = None, stacklevel: int = 1, source: Any = None,
             **rest: Any) -> tuple[Any, Any, int, Any]:
        return message, category, stacklevel, source

    try:
        message, category, stacklevel, source = bind(*args, **(kwargs or {}))
    except TypeError:
        return warnings.warn(*args, **(kwargs or {}))  # the host's own argument errors
    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    from .frameproxy import frame_up

    f = frame_up(frame, max(stacklevel, 1) - 1)
    if f is None:  # as CPython: past the outermost frame, the warning is sys's
        globals_: Any = sys.__dict__
        filename, lineno = "sys", 1
    else:
        globals_, filename, lineno = f.globals, f.code.co_filename, f.lineno or 0
    module = globals_.get("__name__", "<string>") if isinstance(globals_, dict) else "<string>"
    registry = globals_.setdefault("__warningregistry__", {}) if isinstance(globals_, dict) \
        else None
    # module_globals only lets linecache find the source through the module's loader; a
    # script's __main__ has no __spec__, which 3.13+'s linecache warns about
    spec = globals_.get("__spec__") if isinstance(globals_, dict) else None
    warnings.warn_explicit(message, category, filename, lineno, module, registry,
                           globals_ if getattr(spec, "loader", None) is not None else None,
                           source)
    return None


def install() -> None:
    """Register the replacements in :data:`~bytescope.engine.calls.INTERCEPT`."""
    from .classes import _HOST_BUILD_CLASS, build_class

    table = {
        builtins.locals: _locals, builtins.globals: _globals, builtins.vars: _vars,
        builtins.dir: _dir, builtins.exec: _exec, builtins.eval: _eval, super: _super,
        sys.exc_info: _exc_info, sys.getrecursionlimit: _getrecursionlimit,
        sys.setrecursionlimit: _setrecursionlimit, sys._getframe: _getframe,
        _HOST_BUILD_CLASS: lambda frame, args, kwargs: build_class(*args, **(kwargs or {})),
    }
    exception = getattr(sys, "exception", None)
    if exception is not None:
        table[exception] = _exception
    for consumer in (list, tuple, set, frozenset, sorted, sum, min, max, dict):
        table[consumer] = _consume(consumer)
    table[next] = _next
    table[Generator.send] = _gen_send
    import warnings

    table[warnings.warn] = _warn
    INTERCEPT.update(table)


install()
