"""Calls: binding arguments to parameters, pushing VM frames, calling host objects.

A VM function called from VM code gets a new frame on the VM's own stack
(:func:`push_call`); the loop continues in it, so deep VM recursion never
deepens the host stack.  Host callables are called directly; a few host
builtins that need the caller's frame (``locals()``, ``exec``, zero-argument
``super()``, ...) are replaced by the engine's versions
(:mod:`bytescope.engine.builtins_`).  The host calling a VM function enters
the loop through :func:`call_from_host`.
"""

from __future__ import annotations

import types
from typing import Any, Optional

from .codeobj import CO_VARARGS, CO_VARKEYWORDS, VMCode
from .frame import Frame
from .function import Function, host_function
from .objects import NULL, new_cell
from .state import thread_state
from .tiering import called

MethodType = types.MethodType
BuiltinFunctionType = types.BuiltinFunctionType


class _Pushed:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<PUSHED>"


PUSHED: Any = _Pushed()
"""What :func:`call_any` returns when it pushed a VM frame instead of calling."""

#: host callables replaced by the engine's own: callable -> (frame, args, kwargs) -> result
#: (or PUSHED); the calling instruction's index is in ``frame.lasti``
INTERCEPT: dict[Any, Any] = {}
#: the hooks' host-call observer (None unless tracing calls)
HOST_CALL_HOOK: Any = None


# --- binding ----------------------------------------------------------------------------


def bind(
    func: Function, code: VMCode, args: list[Any], kwargs: Optional[dict[Any, Any]]
) -> list[Any]:
    """Return the new frame's local slots for a call of ``func`` with these arguments.

    Raises ``TypeError`` exactly as the code's version of CPython does for a
    call that does not fit the parameters.
    """
    argcount = code.co_argcount
    n = len(args)
    if not kwargs and n == argcount and code.plain_args:
        fast = args + code.empty_slots(n)
        return fast
    return _bind_general(func, code, args, kwargs)


def _bind_general(
    func: Function, code: VMCode, args: list[Any], kwargs: Optional[dict[Any, Any]]
) -> list[Any]:
    flags = code.co_flags
    co_argcount = code.co_argcount
    kwonly = code.co_kwonlyargcount
    total = co_argcount + kwonly
    varnames = code.varnames
    fast: list[Any] = [NULL] * code.nlocalsplus
    kwdict: Optional[dict[Any, Any]] = None
    if flags & CO_VARKEYWORDS:
        kwdict = {}
        fast[total + (1 if flags & CO_VARARGS else 0)] = kwdict
    argc = len(args)
    n = min(argc, co_argcount)
    fast[:n] = args[:n]
    if flags & CO_VARARGS:
        fast[total] = tuple(args[n:])
    if kwargs:
        posonly = code.co_posonlyargcount
        for key, value in kwargs.items():
            if not isinstance(key, str):
                raise TypeError(code.traits["kw_not_str"].format(_fname(func, code)))
            try:
                j = varnames.index(key, posonly, total)
            except ValueError:
                j = -1
            if j < 0:
                if kwdict is None:
                    if posonly and key in varnames[:posonly]:
                        _posonly_as_keyword(func, code, kwargs)
                    raise TypeError(
                        f"{_fname(func, code)}() got an unexpected keyword argument '{key}'"
                    )
                kwdict[key] = value
                continue
            if fast[j] is not NULL:
                what = "keyword argument" if code.traits["arity_msg"] == "py2" else "argument"
                raise TypeError(f"{_fname(func, code)}() got multiple values for {what} '{key}'")
            fast[j] = value
    if argc > co_argcount and not flags & CO_VARARGS:
        if code.traits["arity_msg"] == "py2":
            _py2_arity(func, code, argc + len(kwargs or ()), co_argcount, "at most", "exactly")
        _too_many_positional(func, code, argc, fast)
    if argc < co_argcount:
        defaults = func.__defaults__ or ()
        defcount = len(defaults)
        m = co_argcount - defcount
        missing = [varnames[i] for i in range(argc, m) if fast[i] is NULL]
        if missing:
            if code.traits["arity_msg"] == "py2":
                given = sum(1 for v in fast[:co_argcount] if v is not NULL)
                _py2_arity(func, code, given, m, "at least", "at least" if flags & CO_VARARGS
                           else "exactly")
            _missing(func, code, missing, "positional")
        start = n - m if n > m else 0
        for i in range(start, defcount):
            if fast[m + i] is NULL:
                fast[m + i] = defaults[i]
    if kwonly:
        kwdefaults = func.__kwdefaults__
        missing = []
        for i in range(co_argcount, total):
            if fast[i] is not NULL:
                continue
            name = varnames[i]
            if kwdefaults is not None and name in kwdefaults:
                fast[i] = kwdefaults[name]
                continue
            missing.append(name)
        if missing:
            _missing(func, code, missing, "keyword-only")
    return fast


def _py2_arity(func: Function, code: VMCode, given: int, wanted: int, with_defaults: str,
               without: str) -> None:
    """Python 2's ``f() takes exactly 2 arguments (1 given)``."""
    name = _fname(func, code)
    if not code.co_argcount and not code.co_flags & (CO_VARARGS | CO_VARKEYWORDS):
        raise TypeError(f"{name}() takes no arguments ({given} given)")
    how = with_defaults if func.__defaults__ else without
    raise TypeError(
        f"{name}() takes {how} {wanted} argument{'' if wanted == 1 else 's'} ({given} given)")


def _fname(func: Function, code: VMCode) -> str:
    if code.traits["func_name"] == "qualname":
        return str(func.__qualname__)
    return str(func.__name__)


def _missing(func: Function, code: VMCode, names: list[str], kind: str) -> None:
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        text = quoted[0]
    elif len(quoted) == 2:
        text = f"{quoted[0]} and {quoted[1]}"
    else:
        text = ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    s = "s" if len(names) != 1 else ""
    raise TypeError(
        f"{_fname(func, code)}() missing {len(names)} required {kind} argument{s}: {text}"
    )


def _too_many_positional(func: Function, code: VMCode, given: int, fast: list[Any]) -> None:
    co_argcount = code.co_argcount
    total = co_argcount + code.co_kwonlyargcount
    kwonly_given = sum(1 for i in range(co_argcount, total) if fast[i] is not NULL)
    defcount = len(func.__defaults__ or ())
    if defcount:
        plural = True
        sig = f"from {co_argcount - defcount} to {co_argcount}"
    else:
        plural = co_argcount != 1
        sig = str(co_argcount)
    kwonly_sig = ""
    if kwonly_given:
        kwonly_sig = (
            f" positional argument{'s' if given != 1 else ''} (and {kwonly_given} "
            f"keyword-only argument{'s' if kwonly_given != 1 else ''})"
        )
    verb = "was" if given == 1 and not kwonly_given else "were"
    raise TypeError(
        f"{_fname(func, code)}() takes {sig} positional argument{'s' if plural else ''} "
        f"but {given}{kwonly_sig} {verb} given"
    )


def _posonly_as_keyword(func: Function, code: VMCode, kwargs: dict[Any, Any]) -> None:
    names = [n for n in code.varnames[: code.co_posonlyargcount] if n in kwargs]
    raise TypeError(
        f"{_fname(func, code)}() got some positional-only arguments passed as keyword "
        f"arguments: '{', '.join(names)}'"
    )


# --- frames -----------------------------------------------------------------------------------


def new_frame(func: Function, args: list[Any], kwargs: Optional[dict[Any, Any]]) -> Frame:
    """Return a frame for a call of ``func`` (arguments bound, 3.6-3.10 cells made)."""
    code = func.vm_code
    fast = bind(func, code, args, kwargs)
    if code.cell_init:
        _make_cells(fast, code)
    if code.copy_frees:
        closure = func.__closure__ or ()
        base = code.nlocalsplus - code.nfree
        fast[base : base + len(closure)] = closure
    globals_ = func.__globals__
    frame = Frame(code, fast, globals_, func.__builtins__, {} if code.new_locals else None, func)
    return frame


def _make_cells(fast: list[Any], code: VMCode) -> None:
    for slot, arg in code.cell_init:
        fast[slot] = new_cell(fast[arg] if arg >= 0 else NULL)


def push_call(
    frame: Frame, func: Function, args: list[Any], kwargs: Optional[dict[Any, Any]], pc: int
) -> Any:
    """Call VM function ``func`` from VM ``frame`` at instruction ``pc``.

    Pushes the callee's frame and returns :data:`PUSHED`; for 3.6-3.10
    generator functions returns the new generator (nothing runs yet).
    """
    new = new_frame(func, args, kwargs)
    if new.code.tier_b is None:
        called(new.code)
    if new.code.gen_kind is not None:
        from .generators import make_generator

        return make_generator(new)
    ts = frame.ts
    if ts.depth >= ts.engine.recursion_limit:
        raise _recursion_error()
    ts.depth += 1
    new.back = frame
    new.ts = ts
    frame.pc = pc + 1
    frame.lasti = pc
    ts.frame = new
    return PUSHED


def push_plain(frame: Frame, func: Function, args: list[Any], pc: int) -> Any:
    """:func:`push_call` for a call with positional arguments only (the common case)."""
    code = func.vm_code
    if len(args) != code.simple_argc:
        return push_call(frame, func, args, None, pc)
    if code.tier_b is None:
        called(code)
    new = Frame(code, args + code.tail, func.__globals__, func.__builtins__, None, func)
    ts = frame.ts
    depth = ts.depth
    if depth >= ts.engine.recursion_limit:
        raise _recursion_error()
    ts.depth = depth + 1
    new.back = frame
    new.ts = ts
    frame.pc = pc + 1
    frame.lasti = pc
    ts.frame = new
    return PUSHED


def _recursion_error() -> RecursionError:
    return RecursionError("maximum recursion depth exceeded")


def call_from_host(func: Function, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """The host calls VM function ``func``: run it to completion (a new loop run)."""
    from .loop import execute

    frame = new_frame(func, args, kwargs)
    if frame.code.gen_kind is not None:
        from .generators import make_generator

        return make_generator(frame)
    ts = thread_state()
    if ts.depth >= ts.engine.recursion_limit:
        raise _recursion_error()
    ts.depth += 1
    return execute(ts, frame)


# --- calling anything ---------------------------------------------------------------------------


def call_any(frame: Frame, f: Any, args: list[Any], kwnames: Any, pc: int) -> Any:
    """Call ``f`` from VM code: the last ``len(kwnames)`` of ``args`` are keywords.

    Returns :data:`PUSHED` when a VM frame was pushed (the result will arrive
    on the caller's stack), else the result.
    """
    t = type(f)
    if kwnames:
        k = len(kwnames)
        kwargs: Optional[dict[Any, Any]] = dict(zip(kwnames, args[-k:]))
        del args[-k:]
    else:
        kwargs = None
    if t is Function:
        return push_call(frame, f, args, kwargs, pc)
    if HOST_CALL_HOOK is not None and not (t is MethodType and type(f.__func__) is Function):
        HOST_CALL_HOOK.host_call(frame, f, args, kwargs)
    if t is MethodType:
        func = f.__func__
        if type(func) is Function:
            args.insert(0, f.__self__)
            return push_call(frame, func, args, kwargs, pc)
        special = INTERCEPT.get(func)  # a VM generator's own methods (send)
        if special is not None:
            frame.lasti = pc
            args.insert(0, f.__self__)
            return special(frame, args, kwargs)
    elif t is BuiltinFunctionType or t is type:
        special = INTERCEPT.get(f)
        if special is not None:
            frame.lasti = pc
            return special(frame, args, kwargs)
        if t is type:
            init = f.__init__
            if type(init) is Function and f.__new__ is _OBJECT_NEW:
                return _construct(frame, f, init, args, kwargs, pc)
        elif args and type(args[0]) is Function and f.__name__ in _WANT_HOST_FUNCTION:
            args[0] = host_function(args[0])
    if kwargs:
        return f(*args, **kwargs)
    return f(*args)


_OBJECT_NEW = object.__new__


class _InitDone:
    """``on_return`` of an ``__init__`` frame the engine pushed for ``cls(...)``: the
    call's value is the new object; ``__init__`` must return None."""

    __slots__ = ("obj", "caller")

    def __init__(self, obj: Any, caller: Frame) -> None:
        self.obj = obj
        self.caller = caller

    def __call__(self, value: Any) -> Any:
        if value is not None:
            caller = self.caller
            ts = caller.ts
            ts.frame = caller
            ts.fault_frame = caller  # raised at the call, in the caller
            raise TypeError(f"__init__() should return None, not '{type(value).__name__}'")
        return self.obj


def _construct(frame: Frame, cls: type, init: Function, args: list[Any],
               kwargs: Optional[dict[Any, Any]], pc: int) -> Any:
    """``cls(*args)`` for a plain class whose ``__init__`` is VM code: make the object,
    then run ``__init__`` as a VM call (no host ``type.__call__`` re-entering the loop)."""
    obj: Any = _OBJECT_NEW(cls)
    args.insert(0, obj)
    res = push_call(frame, init, args, kwargs, pc)
    if res is PUSHED:
        frame.ts.frame.on_return = _InitDone(obj, frame)
        return PUSHED
    if res is not None:  # a generator function as __init__
        raise TypeError(f"__init__() should return None, not '{type(res).__name__}'")
    return obj


#: builtin methods that take only a host function as their first argument (3.11's
#: ExceptionGroup.split/subgroup check PyFunction_Check)
_WANT_HOST_FUNCTION = frozenset({"split", "subgroup"})


def call_ex(frame: Frame, f: Any, args: Any, kwargs: Any, pc: int) -> Any:
    """``f(*args, **kwargs)`` from VM code (``CALL_FUNCTION_EX``); :data:`PUSHED` or the result."""
    if type(args) is not tuple:
        if not _iterable(args):
            raise TypeError(
                f"{_callable_name(f, frame.code.traits['call_desc'])} argument after * must be "
                f"an iterable, not "
                f"{type(args).__name__}"
            )
        args = tuple(args)
    if kwargs is not None and type(kwargs) is not dict:
        kwargs = _kwargs_dict(f, kwargs, frame.code.traits["call_desc"])
    t = type(f)
    arglist = list(args)
    if t is Function:
        return push_call(frame, f, arglist, kwargs, pc)
    if t is MethodType and type(f.__func__) is Function:
        arglist.insert(0, f.__self__)
        return push_call(frame, f.__func__, arglist, kwargs, pc)
    if HOST_CALL_HOOK is not None:
        HOST_CALL_HOOK.host_call(frame, f, arglist, kwargs)
    if t is BuiltinFunctionType or t is type:
        special = INTERCEPT.get(f)
        if special is not None:
            frame.lasti = pc
            return special(frame, arglist, kwargs)
    if kwargs:
        return f(*args, **kwargs)
    return f(*args)


def _iterable(obj: Any) -> bool:
    try:
        iter(obj)
    except TypeError:
        return False
    return True


def _kwargs_dict(f: Any, kwargs: Any, style: str) -> dict[Any, Any]:
    if not hasattr(kwargs, "keys"):
        raise TypeError(
            f"{_callable_name(f, style)} argument after ** must be a mapping, not "
            f"{type(kwargs).__name__}"
        )
    return {k: kwargs[k] for k in kwargs.keys()}


def _callable_name(f: Any, style: str = "funcstr") -> str:
    """How CPython's call errors name a callable: ``module.qualname()`` (3.9+'s
    ``_PyObject_FunctionStr``) or ``name()``/``type object`` (<= 3.8)."""
    if style == "funcstr":
        qualname = getattr(f, "__qualname__", None)
        if qualname is None:
            return str(f)
        module = getattr(f, "__module__", None)
        if module is not None and module != "builtins":
            return f"{module}.{qualname}()"
        return f"{qualname}()"
    func = f.__func__ if isinstance(f, MethodType) else f
    if isinstance(func, (Function, types.FunctionType, types.BuiltinFunctionType)):
        return f"{func.__name__}()"
    return f"{type(f).__name__} object"
