"""What the 2.7 instructions do that Python 3's do not: the ``print`` statement,
classic division, ``exec`` statements, classic classes, Python 2's builtins,
attributes and modules, and ``sys.exc_info()`` lasting until the frame ends.

The values themselves (``unicode``, ``long``, ``xrange``, classic classes)
are in :mod:`bytescope.engine.py2types`.
"""

from __future__ import annotations

import builtins
import functools
import io
import itertools
import os
import sys
import types
from typing import Any, Optional

from .objects import NULL
from .py2types import (
    MAXINT,
    _u,
    ascii_decode,
    classobj,
    float_str,
    instance,
    int_result,
    is_bytes_str,
    long,
    py2_format,
    py2_repr,
    py2_str,
    to_unicode,
    unicode,
    xrange,
)

# --- the print statement -----------------------------------------------------------------------

_SOFTSPACE: dict[int, bool] = {}


def _stdout() -> Any:
    out = sys.stdout
    if out is None:
        raise RuntimeError("lost sys.stdout")
    return out


def softspace(f: Any, value: Optional[bool] = None) -> bool:
    """Read (and, given ``value``, set) the ``softspace`` flag of file ``f``."""
    key = id(f)
    old = _SOFTSPACE.get(key, False)
    if value is not None:
        try:
            f.softspace = int(value)
        except Exception:
            pass
        _SOFTSPACE[key] = value
    return old


def write_text(f: Any, s: Any) -> None:
    """Write a Python 2 string to ``f``: ``unicode`` through the ASCII codec when
    the file gives no encoding (as Python 2 does for pipes)."""
    if isinstance(s, unicode):
        enc = getattr(f, "py2_encoding", None)
        s = str.__str__(s)
        if enc is None:
            s.encode("ascii")
        else:
            s = s.encode(enc).decode("latin-1")
    f.write(s)


def print_item(f: Any, value: Any) -> None:
    """``PRINT_ITEM``/``PRINT_ITEM_TO``: write ``value`` after a space when one is due."""
    if f is None:
        f = _stdout()
    if softspace(f, False):
        write_text(f, " ")
    s = value if isinstance(value, str) else py2_str(value)
    write_text(f, s)
    if isinstance(value, str) and s and s[-1].isspace() and s[-1] != " ":
        return
    softspace(f, True)


def print_newline(f: Any) -> None:
    """``PRINT_NEWLINE``/``PRINT_NEWLINE_TO``."""
    if f is None:
        f = _stdout()
    write_text(f, "\n")
    softspace(f, False)


def print_function(*args: Any, **kwargs: Any) -> None:
    """``print()`` under ``from __future__ import print_function``."""
    sep = kwargs.pop("sep", None)
    end = kwargs.pop("end", None)
    f = kwargs.pop("file", None)
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if f is None:
        f = _stdout()
    sep = " " if sep is None else sep
    end = "\n" if end is None else end
    for i, a in enumerate(args):
        if i:
            write_text(f, sep)
        write_text(f, a if isinstance(a, str) else py2_str(a))
    write_text(f, end)


class Py2Stream(io.TextIOWrapper):
    """``sys.stdout``/``sys.stderr`` of a Python 2 program: bytes held as latin-1 text
    go out unchanged."""

    py2_encoding: Optional[str] = None


def setup_streams() -> list[tuple[str, Any]]:
    """Put latin-1 streams over the real standard streams; return what to restore."""
    saved = []
    for name in ("stdout", "stderr", "stdin"):
        old = getattr(sys, name)
        buffer = getattr(old, "buffer", None)
        if buffer is None:
            continue
        try:
            old.flush()
        except Exception:
            pass
        new = Py2Stream(buffer, encoding="latin-1", errors="strict", newline="\n",
                        line_buffering=bool(getattr(old, "line_buffering", False)),
                        write_through=True)
        if os.environ.get("PYTHONIOENCODING") or _isatty(old):
            new.py2_encoding = os.environ.get("PYTHONIOENCODING", "").split(":")[0] or getattr(
                old, "encoding", None)
        saved.append((name, old))
        setattr(sys, name, new)
    return saved


def _isatty(f: Any) -> bool:
    try:
        return bool(f.isatty())
    except Exception:
        return False


def restore_streams(saved: list[tuple[str, Any]]) -> None:
    """Undo :func:`setup_streams` (after flushing)."""
    for name, old in saved:
        cur = getattr(sys, name)
        try:
            cur.flush()
            cur.detach()
        except Exception:
            pass
        setattr(sys, name, old)


def at_exit() -> None:
    """What Python 2 does at exit: end a line left open by ``print x,``."""
    out = sys.stdout
    if out is not None and _SOFTSPACE.get(id(out)):
        try:
            write_text(out, "\n")
        except Exception:
            pass
        _SOFTSPACE[id(out)] = False


# --- arithmetic ------------------------------------------------------------------------------


_INT_TYPES = (int,)  # bool and long are ints too


def _zero() -> ZeroDivisionError:
    return ZeroDivisionError("integer division or modulo by zero")


def divide(a: Any, b: Any) -> Any:
    """Classic ``a / b``: ints floor, everything else divides; ``__div__`` first."""
    if isinstance(a, int) and isinstance(b, int):
        if not b:
            raise _zero()
        r = a // b
        return int.__new__(long, r) if type(a) is long or type(b) is long else r
    if isinstance(a, (int, float, complex)) and isinstance(b, (int, float, complex)):
        return a / b
    m = getattr(type(a), "__div__", None)
    if m is not None:
        r = m(a, b)
        if r is not NotImplemented:
            return r
    m = getattr(type(b), "__rdiv__", None)
    if m is not None:
        r = m(b, a)
        if r is not NotImplemented:
            return r
    if type(a) is instance or type(b) is instance or _vm_class(a) or _vm_class(b):
        raise TypeError(f"unsupported operand type(s) for /: '{_tname(a)}' and '{_tname(b)}'")
    return a / b


def inplace_divide(a: Any, b: Any) -> Any:
    """Classic ``a /= b``: ``__idiv__`` first."""
    m = getattr(type(a), "__idiv__", None)
    if m is not None:
        r = m(a, b)
        if r is not NotImplemented:
            return r
    return divide(a, b)


def _vm_class(x: Any) -> bool:
    from .function import Function

    return any(isinstance(v, Function) for c in type(x).__mro__[:-1] for v in vars(c).values())


def _tname(x: Any) -> str:
    if type(x) is instance:
        return "instance"
    return type(x).__name__


def modulo(a: Any, b: Any) -> Any:
    """``a % b``: Python 2's string formatting, or the remainder."""
    if isinstance(a, str):
        return py2_format(a, b)
    if isinstance(a, int) and isinstance(b, int) and not b:
        raise _zero()
    return int_result(a % b)


def floor_divide(a: Any, b: Any) -> Any:
    """``a // b`` with Python 2's message for an integer zero."""
    if isinstance(a, int) and isinstance(b, int) and not b:
        raise _zero()
    return a // b


def add(a: Any, b: Any) -> Any:
    """``a + b``: ``str`` and ``unicode`` mix through ASCII; ints overflow into longs."""
    if type(a) is int and type(b) is int:
        return int_result(a + b)
    try:
        return a + b
    except TypeError:
        if is_bytes_str(a) and not isinstance(b, str):
            raise TypeError(f"cannot concatenate 'str' and '{_tname(b)}' objects") from None
        raise


def subtract(a: Any, b: Any) -> Any:
    """``a - b``: ints overflow into longs."""
    return int_result(a - b)


def multiply(a: Any, b: Any) -> Any:
    """``a * b``: ints overflow into longs."""
    return int_result(a * b)


def power(a: Any, b: Any) -> Any:
    """``a ** b``: ints overflow into longs."""
    return int_result(a ** b)


def lshift(a: Any, b: Any) -> Any:
    """``a << b``: ints overflow into longs."""
    return int_result(a << b)


def subscr(container: Any, sub: Any) -> Any:
    """``container[sub]`` with Python 2's message for an object without ``__getitem__``."""
    try:
        return container[sub]
    except TypeError as exc:
        if str(exc).endswith("is not subscriptable"):
            raise TypeError(
                f"'{_tname(container)}' object has no attribute '__getitem__'") from None
        raise


_RANK = {type(None): 0}


def _fallback_order(a: Any, b: Any) -> int:
    """Python 2's order of values that do not compare: None first, numbers, then by
    type name."""
    def key(x: Any) -> tuple[int, str, int]:
        if x is None:
            return (0, "", 0)
        if isinstance(x, (int, float)):
            return (1, "", 0)
        return (2, _tname(x), id(type(x)))

    ka, kb = key(a), key(b)
    if ka == kb:
        return (id(a) > id(b)) - (id(a) < id(b))
    return (ka > kb) - (ka < kb)


def compare(op: str, a: Any, b: Any) -> Any:
    """``a < b`` and friends: values Python 3 cannot order are ordered as Python 2 did."""
    try:
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        return a >= b
    except TypeError:
        c = _fallback_order(a, b)
    return {"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]


def cmp(a: Any, b: Any) -> int:
    """Python 2's ``cmp``."""
    m = getattr(type(a), "__cmp__", None)
    if m is not None and type(a) is not instance:
        r = m(a, b)
        if r is not NotImplemented:
            return (r > 0) - (r < 0)
    if a == b:
        return 0
    try:
        return -1 if a < b else 1
    except TypeError:
        return _fallback_order(a, b)


# --- slices ----------------------------------------------------------------------------------


def get_slice(obj: Any, start: Any, stop: Any) -> Any:
    """``SLICE+n``: ``obj[start:stop]`` (``__getslice__`` first, as Python 2)."""
    m = getattr(type(obj), "__getslice__", None)
    if m is not None:
        return m(obj, 0 if start is None else start, MAXINT if stop is None else stop)
    return obj[start:stop]


def set_slice(obj: Any, start: Any, stop: Any, value: Any) -> None:
    """``STORE_SLICE+n``."""
    m = getattr(type(obj), "__setslice__", None)
    if m is not None:
        m(obj, 0 if start is None else start, MAXINT if stop is None else stop, value)
        return
    obj[start:stop] = value


def del_slice(obj: Any, start: Any, stop: Any) -> None:
    """``DELETE_SLICE+n``."""
    m = getattr(type(obj), "__delslice__", None)
    if m is not None:
        m(obj, 0 if start is None else start, MAXINT if stop is None else stop)
        return
    del obj[start:stop]


# --- attributes Python 2 has and Python 3 does not (or has differently) --------------------------


class _DictIter:
    """Python 2's dict iterators (``dictionary-keyiterator`` and friends)."""

    __slots__ = ("_it", "_n")

    def __init__(self, it: Any, n: int) -> None:
        self._it, self._n = it, n

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> Any:
        return next(self._it)

    def __length_hint__(self) -> int:
        return self._n


_ITER_TYPES = {
    kind: type(f"dictionary-{kind}iterator", (_DictIter,), {"__slots__": ()})
    for kind in ("key", "value", "item")
}


def _dict_attr(d: dict[Any, Any], name: str) -> Any:
    if name == "has_key":
        return d.__contains__
    if name == "keys":
        return lambda: list(dict.keys(d))
    if name == "values":
        return lambda: list(dict.values(d))
    if name == "items":
        return lambda: list(dict.items(d))
    if name == "iterkeys":
        return lambda: _ITER_TYPES["key"](iter(dict.keys(d)), len(d))
    if name == "itervalues":
        return lambda: _ITER_TYPES["value"](iter(dict.values(d)), len(d))
    if name == "iteritems":
        return lambda: _ITER_TYPES["item"](iter(dict.items(d)), len(d))
    if name == "viewkeys":
        return d.keys
    if name == "viewvalues":
        return d.values
    if name == "viewitems":
        return d.items
    return NULL


def _list_sort(lst: list[Any]) -> Any:
    def sort(cmp: Any = None, key: Any = None, reverse: bool = False) -> None:
        if cmp is not None:
            k = functools.cmp_to_key(cmp)
            key = k if key is None else (lambda x, _k=key: k(_k(x)))
        try:
            lst.sort(key=key, reverse=reverse)
        except TypeError:
            if key is not None:
                raise
            lst.sort(key=functools.cmp_to_key(cmp_fallback), reverse=reverse)
    return sort


def cmp_fallback(a: Any, b: Any) -> int:
    """``cmp`` for sorting values Python 3 cannot order."""
    return cmp(a, b)


def _str_decode(s: str) -> Any:
    def decode(encoding: str = "ascii", errors: str = "strict") -> Any:
        return _u(s.encode("latin-1").decode(encoding, errors))
    return decode


def _str_encode(s: str) -> Any:
    def encode(encoding: str = "ascii", errors: str = "strict") -> Any:
        return str.encode(ascii_decode(s), encoding, errors).decode("latin-1")
    return encode


_FUNC_ATTRS = {
    "func_name": "__name__", "func_code": "__code__", "func_defaults": "__defaults__",
    "func_globals": "__globals__", "func_closure": "__closure__", "func_doc": "__doc__",
    "func_dict": "__dict__",
}
_METHOD_ATTRS = {"im_func": "__func__", "im_self": "__self__"}


def getattr2(obj: Any, name: str) -> Any:
    """``LOAD_ATTR`` of 2.7 code: Python 2's attributes of dicts, lists, strings,
    functions, methods, iterators and exceptions, else the host's."""
    special = _SPECIAL.get(name)
    if special is not None:
        v = special(obj, name)
        if v is not NULL:
            return v
    return getattr(obj, name)


def _special_dict(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return _dict_attr(obj, name)
    return NULL


def _special_func(obj: Any, name: str) -> Any:
    target = _FUNC_ATTRS[name]
    if hasattr(obj, "__code__") and not isinstance(obj, types.MethodType):
        return getattr(obj, target)
    if isinstance(obj, types.MethodType):
        return getattr(obj.__func__, target)
    return NULL


def _special_method(obj: Any, name: str) -> Any:
    if isinstance(obj, types.MethodType):
        return getattr(obj, _METHOD_ATTRS[name])
    return NULL


def _special_im_class(obj: Any, name: str) -> Any:
    if isinstance(obj, types.MethodType):
        s = obj.__self__
        return s if isinstance(s, type) else type(s)
    return NULL


def _special_next(obj: Any, name: str) -> Any:
    if type(obj) is instance:
        return NULL
    m = getattr(type(obj), "__next__", None)
    if m is not None and getattr(type(obj), "next", None) is None:
        return lambda: m(obj)
    return NULL


def _special_message(obj: Any, name: str) -> Any:
    if isinstance(obj, BaseException) and "message" not in getattr(obj, "__dict__", {}):
        return obj.args[0] if len(obj.args) == 1 else ""
    return NULL


def _special_sort(obj: Any, name: str) -> Any:
    if isinstance(obj, list):
        return _list_sort(obj)
    return NULL


def _special_str(obj: Any, name: str) -> Any:
    if is_bytes_str(obj):
        return _str_decode(obj) if name == "decode" else _str_encode(obj)
    return NULL


_SPECIAL: dict[str, Any] = {name: _special_dict for name in (
    "has_key", "keys", "values", "items", "iterkeys", "itervalues", "iteritems",
    "viewkeys", "viewvalues", "viewitems")}
_SPECIAL.update({name: _special_func for name in _FUNC_ATTRS})
_SPECIAL.update({name: _special_method for name in _METHOD_ATTRS})
_SPECIAL["im_class"] = _special_im_class
_SPECIAL["next"] = _special_next
_SPECIAL["message"] = _special_message
_SPECIAL["sort"] = _special_sort
_SPECIAL["decode"] = _special_str
_SPECIAL["encode"] = _special_str


# --- classes ---------------------------------------------------------------------------------


def _from_cmp(op: str) -> Any:
    def method(self: Any, other: Any) -> Any:
        r = self.__cmp__(other)
        if r is NotImplemented:
            return r
        return {"__eq__": r == 0, "__ne__": r != 0, "__lt__": r < 0, "__le__": r <= 0,
                "__gt__": r > 0, "__ge__": r >= 0}[op]
    method.__name__ = op
    return method


def adapt_namespace(ns: dict[str, Any], bases: tuple[Any, ...]) -> None:
    """Give a new-style class body's Python 2 special methods their Python 3 names."""
    if "__nonzero__" in ns and "__bool__" not in ns:
        ns["__bool__"] = ns["__nonzero__"]
    if "next" in ns and "__next__" not in ns:
        ns["__next__"] = ns["next"]
    if "__unicode__" in ns and "__str__" not in ns:
        pass
    if "__cmp__" in ns:
        for op in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
            ns.setdefault(op, _from_cmp(op))
    if ("__eq__" in ns or "__cmp__" in ns) and "__hash__" not in ns:
        inherited = next((b.__hash__ for b in bases if isinstance(b, type)), object.__hash__)
        ns["__hash__"] = inherited if inherited is not None else None
    if "__div__" in ns and "__truediv__" not in ns:
        ns["__truediv__"] = ns["__div__"]
    if "__rdiv__" in ns and "__rtruediv__" not in ns:
        ns["__rtruediv__"] = ns["__rdiv__"]


def build_class(frame: Any, methods: Any, bases: Any, name: Any) -> Any:
    """``BUILD_CLASS``: the class statement of 2.7 (``__metaclass__``, classic classes)."""
    if not isinstance(methods, dict):
        raise SystemError("BUILD_CLASS with non-dictionary")
    meta = methods.get("__metaclass__", NULL)
    if meta is NULL:
        if bases:
            b0 = bases[0]
            meta = b0.__class__ if type(b0) is not classobj else classobj
        else:
            meta = frame.globals.get("__metaclass__", classobj)
    if meta is not classobj:
        adapt_namespace(methods, tuple(bases))
        methods.pop("__metaclass__", None) if meta is type else None
    return meta(name, tuple(bases), methods)


# --- exceptions ------------------------------------------------------------------------------


def _is_exc_class(x: Any) -> bool:
    return isinstance(x, type) and issubclass(x, BaseException)


_RAISE_TYPE = "exceptions must be old-style classes or derived from BaseException, not {}"


def make_exception(args: list[Any]) -> BaseException:
    """``raise E``, ``raise E, V``, ``raise E, V, TB``: the exception to raise."""
    etype = args[0]
    value = args[1] if len(args) > 1 else None
    tb = args[2] if len(args) > 2 else None
    if tb is not None and not isinstance(tb, types.TracebackType):
        raise TypeError("raise: arg 3 must be a traceback or None")
    if _is_exc_class(etype):
        if isinstance(value, etype):
            exc = value
        elif value is None:
            exc = etype()
        elif isinstance(value, tuple):
            exc = etype(*value)
        else:
            exc = etype(value)
    elif isinstance(etype, BaseException):
        if value is not None:
            raise TypeError("instance exception may not have a separate value")
        exc = etype
    else:
        raise TypeError(_RAISE_TYPE.format(_tname(etype)))
    if not isinstance(exc, BaseException):
        raise TypeError(_RAISE_TYPE.format(_tname(exc)))
    if tb is not None:
        exc = exc.with_traceback(tb)
    exc.__suppress_context__ = True
    return exc


def save_handled(frame: Any, exc: BaseException) -> None:
    """An ``except`` clause starts: ``exc`` is what ``sys.exc_info()`` gives until the
    frame ends (Python 2 keeps it after the clause)."""
    ts = frame.ts
    saved = ts.py2_saved
    if saved is None:
        saved = ts.py2_saved = {}
    if frame not in saved:
        saved[frame] = ts.exc_info.value
    ts.exc_info.value = exc


def frame_ends(frame: Any) -> None:
    """The frame returns or lets an exception out: what ``sys.exc_info()`` gave before
    its ``except`` clauses comes back."""
    ts = frame.ts
    saved = ts.py2_saved
    if saved and frame in saved:
        ts.exc_info.value = saved.pop(frame)


def unwind_blocks_27(frame: Any, pc: int, exc: BaseException) -> bool:
    """The exception unwinder of 2.7 code: the handler gets three values (traceback,
    value, type) and no block of its own."""
    from .blockstack import EXCEPT, FINALLY

    blocks = frame.blocks
    st = frame.stack
    while blocks:
        kind, handler, level = blocks.pop()
        del st[level:]
        if kind == EXCEPT or kind == FINALLY:
            if kind == EXCEPT:
                save_handled(frame, exc)
            st.append(exc.__traceback__)
            st.append(exc)
            st.append(type(exc))
            frame.pc = handler
            return True
    frame_ends(frame)
    return False


def with_cleanup(frame: Any) -> None:
    """``WITH_CLEANUP`` of 2.7: call ``__exit__`` with what the ``finally`` entry left;
    a true result for an exception silences it (a ``None`` replaces the three values)."""
    st = frame.stack
    u = st[-1]
    if u is None:
        st.pop()
        exit_func = st[-1]
        st[-1] = u
        exc_args: tuple[Any, ...] = (None, None, None)
    elif type(u) is int:
        from .blockstack import WHY_CONTINUE, WHY_RETURN

        st.pop()
        if u == WHY_RETURN or u == WHY_CONTINUE:
            exit_func = st[-2]
            st[-2] = st[-1]
            st[-1] = u
        else:
            exit_func = st[-1]
            st[-1] = u
        exc_args = (None, None, None)
    else:
        v, w = st[-2], st[-3]
        exit_func = st[-4]
        st[-4], st[-3], st[-2] = w, v, u
        st.pop()
        exc_args = (u, v, w)
    res = exit_func(*exc_args)
    if exc_args[0] is not None and res:
        del st[-3:]
        st.append(None)


# --- exec, eval, compile ------------------------------------------------------------------------


_COMPILED: dict[tuple[str, str, str], Any] = {}


def python2() -> Optional[str]:
    """A Python 2 interpreter to compile source strings with, if one is at hand:
    ``$BYTESCOPE_PYTHON2``, the interpreter ``--python`` named, ``python2.7`` or
    ``python2`` on the PATH (each tried once)."""
    from .state import engine_settings

    found = engine_settings().get("python2", NULL)
    if found is not NULL:
        return found
    import shutil
    import subprocess

    candidates = [os.environ.get("BYTESCOPE_PYTHON2"), engine_settings().get("python")]
    candidates += [shutil.which(n) for n in ("python2.7", "python2")]
    result = None
    for c in candidates:
        if not c:
            continue
        try:
            proc = subprocess.run([c, "-c", "import sys; print(sys.version_info[0])"],
                                  capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        if proc.returncode == 0 and proc.stdout.strip() == "2":
            result = c
            break
    engine_settings()["python2"] = result
    return result


def compile2(source: Any, filename: str, mode: str) -> Any:
    """Compile Python 2 source to a VM code object: with a Python 2 interpreter when
    one is at hand, else with the host (Python 3 syntax and semantics)."""
    from ..code import Code
    from .codeobj import VMCode

    text = source if isinstance(source, str) else bytes(source).decode("latin-1")
    key = (text, filename, mode)
    found = _COMPILED.get(key)
    if found is not None:
        return found
    python = python2()
    if python is not None:
        from ..errors import InputError
        from ..foreign import compile_with

        try:
            model = compile_with(python, mode, filename, str.__str__(text)).code
        except InputError as exc:
            raise SyntaxError(str(exc).rsplit(": ", 1)[-1]) from None
        code = VMCode(model, converter=convert_const27)
    else:
        host = compile(str.__str__(text), filename, "eval" if mode == "eval" else "exec",
                       dont_inherit=True)
        code = VMCode(Code.from_host(host))
    _COMPILED[key] = code
    return code


def exec_stmt(frame: Any, code: Any, globals_: Any, locals_: Any) -> None:
    """``exec code [in globals [, locals]]``."""
    from .builtins_ import frame_locals
    from .codeobj import VMCode
    from .program import run_code_in

    fast_locals = False
    if globals_ is None:
        globals_ = frame.globals
        if locals_ is None:
            locals_ = frame.locals
            if locals_ is None:
                locals_ = frame_locals(frame)
                fast_locals = True
    elif locals_ is None:
        locals_ = globals_
    if isinstance(code, tuple) and 2 <= len(code) <= 3:  # exec(code, g[, l])
        code, globals_, locals_ = (tuple(code) + (None,))[:3]
        if locals_ is None:
            locals_ = globals_
    if not isinstance(globals_, dict):
        raise TypeError("exec: arg 2 must be a dictionary or None")
    if "__builtins__" not in globals_:
        globals_["__builtins__"] = builtins_dict()
    if isinstance(code, str):
        code = compile2(code, "<string>", "exec")
    elif hasattr(code, "read"):
        code = compile2(code.read(), getattr(code, "name", "<file>"), "exec")
    elif not isinstance(code, VMCode):
        from ..code import Code

        if isinstance(code, types.CodeType):
            code = VMCode(Code.from_host(code))
        else:
            raise TypeError("exec: arg 1 must be a string, file, or code object")
    run_code_in(code, globals_, locals_)
    if fast_locals:
        _locals_to_fast(frame, locals_)


def _locals_to_fast(frame: Any, d: dict[str, Any]) -> None:
    code = frame.code
    fast = frame.fast
    for i, name in enumerate(code.varnames):
        if name in d:
            fast[i] = d[name]


def _eval(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    from .builtins_ import frame_locals
    from .program import run_code_in

    if kwargs:
        raise TypeError("eval() takes no keyword arguments")
    if not 1 <= len(args) <= 3:
        raise TypeError(f"eval expected at most 3 arguments, got {len(args)}")
    source, g, loc = (list(args) + [None, None])[:3]
    if g is None:
        g = frame.globals
        if loc is None:
            loc = frame.locals if frame.locals is not None else frame_locals(frame)
    elif loc is None:
        loc = g
    if "__builtins__" not in g:
        g["__builtins__"] = builtins_dict()
    if isinstance(source, str):
        code = compile2(source.strip(" \t"), "<string>", "eval")
    else:
        code = source
    return run_code_in(code, g, loc)


def _compile(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    kw = dict(kwargs or {})
    values = list(args) + [kw.pop(k) for k in ("source", "filename", "mode") if k in kw]
    if len(values) < 3:
        raise TypeError(f"compile() takes at least 3 arguments ({len(values)} given)")
    source, filename, mode = values[:3]
    if mode not in ("exec", "eval", "single"):
        raise ValueError("compile() arg 3 must be 'exec', 'eval' or 'single'")
    return compile2(source, filename, "exec" if mode == "single" else mode)


def _execfile(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    path = args[0]
    g = args[1] if len(args) > 1 else None
    loc = args[2] if len(args) > 2 else None
    with open(path, "rb") as fh:
        code = compile2(fh.read(), path, "exec")
    exec_stmt(frame, code, g, loc)


def _input(frame: Any, args: list[Any], kwargs: Optional[dict[str, Any]]) -> Any:
    return _eval(frame, [raw_input(*args)], None)


# --- builtins ---------------------------------------------------------------------------------


def raw_input(prompt: Any = "") -> str:
    """Python 2's ``raw_input``."""
    if prompt:
        write_text(_stdout(), py2_str(prompt))
        _stdout().flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError("EOF when reading a line")
    return line[:-1] if line.endswith("\n") else line


def _range(*args: Any) -> list[int]:
    for a in args:
        if isinstance(a, float):
            raise TypeError("range() integer end argument expected, got float.")
    return list(range(*args))


def _map(func: Any, *seqs: Any) -> list[Any]:
    if not seqs:
        raise TypeError("map() requires at least two args")
    if len(seqs) == 1:
        return [v for v in seqs[0]] if func is None else [func(v) for v in seqs[0]]
    rows = itertools.zip_longest(*seqs)
    if func is None:
        return list(rows)
    return [func(*row) for row in rows]


def _filter(func: Any, seq: Any) -> Any:
    keep = bool if func is None else func
    if isinstance(seq, str):
        r = "".join(c for c in seq if keep(c))
        return _u(r) if isinstance(seq, unicode) else r
    if isinstance(seq, tuple):
        return tuple(v for v in seq if keep(v))
    return [v for v in seq if keep(v)]


def _zip(*seqs: Any) -> list[tuple[Any, ...]]:
    return list(zip(*seqs))


def _apply(func: Any, args: Any = (), kwargs: Any = None) -> Any:
    return func(*args, **(kwargs or {}))


def _coerce(a: Any, b: Any) -> tuple[Any, Any]:
    for t in (complex, float):
        if isinstance(a, t) or isinstance(b, t):
            return (t(a), t(b))
    if isinstance(a, long) or isinstance(b, long):
        return (long(a), long(b))
    if isinstance(a, int) and isinstance(b, int):
        return (a, b)
    raise TypeError("number coercion failed")


def _round(x: Any, n: int = 0) -> float:
    import decimal

    d = decimal.Decimal(repr(float(x)))
    q = decimal.Decimal(1).scaleb(-n)
    return float(d.quantize(q, rounding=decimal.ROUND_HALF_UP))


def _hex(x: Any) -> str:
    s = hex(x)
    return s + "L" if type(x) is long else s


def _oct(x: Any) -> str:
    v = int(x)
    s = "0" if v == 0 else ("-0" + format(-v, "o") if v < 0 else "0" + format(v, "o"))
    return s + "L" if type(x) is long else s


def _sorted(iterable: Any, cmp: Any = None, key: Any = None, reverse: bool = False) -> list[Any]:
    lst = list(iterable)
    _list_sort(lst)(cmp, key, reverse)
    return lst


def _unichr(i: int) -> Any:
    return _u(chr(i))


def _open(name: Any, mode: str = "r", buffering: int = -1) -> Any:
    m = mode.replace("b", "").replace("t", "").replace("U", "") or "r"
    return open(name, m, buffering, encoding="latin-1", newline="")


def _reload(module: Any) -> Any:
    import importlib

    return importlib.reload(module)


class _StrMeta(type):
    """``str`` of 2.7 code: calling it is Python 2's ``str()``; host text that is not
    ``unicode`` is an instance."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is py2str:
            if kwargs or len(args) > 1:
                raise TypeError("str() takes at most 1 argument")
            return py2_str(args[0]) if args else ""
        return super().__call__(*args, **kwargs)

    def __instancecheck__(cls, obj: Any) -> bool:
        if cls is py2str:
            return is_bytes_str(obj)
        return type.__instancecheck__(cls, obj)

    def __subclasscheck__(cls, sub: Any) -> bool:
        if cls is py2str:
            return isinstance(sub, type) and issubclass(sub, str) and not issubclass(sub, unicode)
        return type.__subclasscheck__(cls, sub)


class py2str(str, metaclass=_StrMeta):  # noqa: N801
    """Python 2's ``str`` as 2.7 code sees the name."""

    __slots__ = ()


py2str.__name__ = "str"
py2str.__qualname__ = "str"


class py2bytearray(bytearray):  # noqa: N801
    """``bytearray`` of 2.7 code: made from and given Python 2 ``str`` (latin-1 text)."""

    def __init__(self, source: Any = b"", encoding: Any = None, errors: Any = "strict") -> None:
        if isinstance(source, str) and encoding is None:
            source = source.encode("latin-1")
        if encoding is None:
            super().__init__(source)
        else:
            super().__init__(source, encoding, errors)

    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(value, str):
            value = value.encode("latin-1")
        super().__setitem__(index, value)

    def __repr__(self) -> str:
        return "bytearray(" + repr(bytes(self))[1:] + ")"


py2bytearray.__name__ = py2bytearray.__qualname__ = "bytearray"


def _make_exceptions() -> dict[str, Any]:
    return {"StandardError": Exception}


@functools.cache
def _builtins_template() -> tuple[tuple[str, Any], ...]:
    d = dict(builtins.__dict__)
    for name in ("ascii", "breakpoint", "exec", "print", "ModuleNotFoundError",
                 "RecursionError", "StopAsyncIteration", "TimeoutError", "aiter", "anext"):
        d.pop(name, None)
    d.update(
        unicode=unicode, long=long, xrange=xrange, basestring=str, unichr=_unichr,
        raw_input=raw_input, reduce=functools.reduce, apply=_apply, coerce=_coerce,
        intern=sys.intern, cmp=cmp, range=_range, map=_map, filter=_filter, zip=_zip,
        sorted=_sorted, round=_round, hex=_hex, oct=_oct, repr=py2_repr, str=py2str,
        file=_open, open=_open, reload=_reload, buffer=memoryview, eval=_EVAL,
        bytes=py2str, bytearray=py2bytearray,
        compile=_COMPILE, execfile=_EXECFILE, input=_INPUT, print=print_function,
        __import__=_import2,
        **_make_exceptions(),
    )
    return tuple(d.items())


def _import2(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (),
             level: int = -1) -> Any:
    """Python 2's ``__import__``: level -1 (its default) is taken as absolute, and a
    module not found is an ImportError with Python 2's text."""
    try:
        return builtins.__import__(name, globals, locals, fromlist or (), max(level, 0))
    except ModuleNotFoundError as exc:
        raise ImportError(_py2_missing(name, exc)) from None


_import2.__name__ = _import2.__qualname__ = "__import__"


def _with_frame(impl: Any, name: str) -> Any:
    """A builtin that needs the calling VM frame: the thread's running frame."""
    def f(*args: Any, **kwargs: Any) -> Any:
        from .state import current_frame

        return impl(current_frame(), list(args), kwargs)
    f.__name__ = f.__qualname__ = name
    return f


_EVAL = _with_frame(_eval, "eval")
_COMPILE = _with_frame(_compile, "compile")
_EXECFILE = _with_frame(_execfile, "execfile")
_INPUT = _with_frame(_input, "input")


def builtins_dict() -> dict[str, Any]:
    """A fresh ``__builtins__`` dict for a Python 2 module."""
    return dict(_builtins_template())


# --- modules ---------------------------------------------------------------------------------


_RENAMED = {
    "cPickle": "pickle", "Queue": "queue", "ConfigParser": "configparser",
    "urlparse": "urllib.parse", "thread": "_thread", "copy_reg": "copyreg", "repr": "reprlib",
    "httplib": "http.client", "SocketServer": "socketserver", "HTMLParser": "html.parser",
    "cookielib": "http.cookiejar", "Cookie": "http.cookies", "dummy_thread": "_dummy_thread",
    "commands": "subprocess", "__builtin__": "builtins", "exceptions": "builtins",
}
_SHIMS: dict[str, Any] = {}


def _string_module() -> Any:
    import string

    m: Any = types.ModuleType("string")
    m.__dict__.update({k: v for k, v in vars(string).items() if not k.startswith("__")})
    m.letters = string.ascii_letters
    m.lowercase = string.ascii_lowercase
    m.uppercase = string.ascii_uppercase
    m.maketrans = lambda a, b: "".join(
        b[a.index(chr(i))] if chr(i) in a else chr(i) for i in range(256))
    for name in ("upper", "lower", "strip", "lstrip", "rstrip", "split", "rsplit", "replace",
                 "find", "rfind", "index", "rindex", "count", "swapcase", "capitalize",
                 "expandtabs", "zfill", "ljust", "rjust", "center", "translate", "splitlines"):
        setattr(m, name, (lambda n: lambda s, *a: getattr(s, n)(*a))(name))
    m.join = m.joinfields = lambda words, sep=" ": sep.join(words)
    m.splitfields = m.split
    m.atoi = lambda s, base=10: int(s, base)
    m.atol = lambda s, base=10: long(s, base)
    m.atof = float
    return m


def _cstringio_module(name: str) -> Any:
    m: Any = types.ModuleType(name)
    m.StringIO = io.StringIO
    m.InputType = m.OutputType = io.StringIO
    return m


def _itertools_module() -> Any:
    m: Any = types.ModuleType("itertools")
    m.__dict__.update({k: v for k, v in vars(itertools).items() if not k.startswith("__")})
    m.izip = zip
    m.imap = map
    m.ifilter = filter
    m.ifilterfalse = itertools.filterfalse
    m.izip_longest = itertools.zip_longest
    return m


def _builtin_module() -> Any:
    m = types.ModuleType("__builtin__")
    m.__dict__.update(builtins_dict())
    return m


_SHIM_MAKERS = {
    "string": _string_module, "StringIO": lambda: _cstringio_module("StringIO"),
    "cStringIO": lambda: _cstringio_module("cStringIO"), "itertools": _itertools_module,
    "__builtin__": _builtin_module,
}


def import_name(frame: Any, name: str, fromlist: Any, level: Any) -> Any:
    """``IMPORT_NAME`` of 2.7: Python 2 module names mapped to their Python 3 homes;
    level -1 (implicit relative import) tries the package first."""
    from .imports import import_name as host_import

    top = name.split(".")[0]
    if top in _SHIM_MAKERS and name == top:
        m = _SHIMS.get(top)
        if m is None:
            m = _SHIMS[top] = _SHIM_MAKERS[top]()
        return m
    if name in _RENAMED:
        import importlib

        module = importlib.import_module(_RENAMED[name])
        return module
    if level == -1:
        pkg = frame.globals.get("__package__") or (
            frame.globals.get("__name__", "") if "__path__" in frame.globals else
            frame.globals.get("__name__", "").rpartition(".")[0])
        if pkg:
            try:
                return host_import(frame, name, fromlist, 1)
            except ImportError:
                pass
        level = 0
    try:
        return host_import(frame, name, fromlist, level)
    except ModuleNotFoundError as exc:
        raise ImportError(_py2_missing(name, exc)) from None


def _py2_missing(name: str, exc: ModuleNotFoundError) -> str:
    """Python 2's text for a module not found: the requested name from its first
    missing component (``import xml.nosuch.deep`` -> ``No module named nosuch.deep``)."""
    missing = exc.name or ""
    parts = name.split(".")
    if missing and ".".join(parts[: missing.count(".") + 1]) == missing:
        return "No module named " + ".".join(parts[missing.count("."):])
    return "No module named " + (missing.rpartition(".")[2] or name)


# --- a run -----------------------------------------------------------------------------------


def convert_const27(value: Any, owner: Any = None) -> Any:
    """A 2.7 constant as the engine holds it: bytes are ``str`` (latin-1 text), text is
    ``unicode``, a marshalled long is ``long``."""
    from ..code import Code
    from ..values import Py2Long
    from .codeobj import VMCode, convert_const

    t = type(value)
    if t is bytes:
        return value.decode("latin-1")
    if t is str:
        return _u(value)
    if t is Py2Long:
        return int.__new__(long, int(value))
    if t is Code:
        return VMCode(value, converter=convert_const27)
    if t is tuple:
        return tuple(convert_const27(v, owner) for v in value)
    if t is frozenset:
        return frozenset(convert_const27(v, owner) for v in value)
    return convert_const(value, owner)


class Session:
    """What a Python 2 program changes in the host while it runs: latin-1 standard
    streams, ``sys.maxint``, ``sys.exc_clear``."""

    def __enter__(self) -> Session:
        self.saved = setup_streams()
        self.sys_added = [n for n in ("maxint", "exc_clear", "setcheckinterval")
                          if not hasattr(sys, n)]
        sys.maxint = MAXINT  # type: ignore[attr-defined]
        sys.exc_clear = _exc_clear  # type: ignore[attr-defined]
        sys.setcheckinterval = lambda n: None  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc: Any) -> None:
        at_exit()
        restore_streams(self.saved)
        for n in self.sys_added:
            try:
                delattr(sys, n)
            except AttributeError:
                pass


def _exc_clear() -> None:
    from .state import thread_state

    thread_state().exc_info.value = None


__all__ = [
    "Session", "add", "build_class", "builtins_dict", "compare", "convert_const27", "divide",
    "exec_stmt", "float_str", "floor_divide", "getattr2", "import_name", "inplace_divide",
    "lshift", "make_exception", "modulo", "multiply", "power", "print_item", "print_newline",
    "py2_repr", "subscr", "subtract", "to_unicode", "unwind_blocks_27", "with_cleanup",
    "classobj", "instance",
]
