"""Python 2 values on a Python 3 host: ``str``/``unicode``, ``long``, ``xrange``,
classic classes, and Python 2's ``str()``/``repr()``.

How Python 2 data is represented (the engine's 2.7 mode):

* a Python 2 ``str`` (bytes) is a host ``str`` holding one character per byte
  (latin-1), so names, dict keys and ``getattr`` work unchanged and ``len``
  counts bytes; it is written to files byte for byte;
* ``unicode`` is a host ``str`` subclass named ``unicode`` (its methods give
  ``unicode`` back; ``repr`` is ``u'...'``); ``basestring`` is the host ``str``;
* ``long`` is a host ``int`` subclass named ``long`` (``repr`` ``10L``);
  ``int`` results outside ``sys.maxint`` become ``long`` in the arithmetic
  instructions;
* classic (old-style) classes are :class:`classobj` objects and their
  instances :class:`instance` objects, with Python 2's depth-first lookup;
  ``type(o).__name__`` is ``'instance'``.

What cannot match on a Python 3 host is listed in the engine's README section.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Callable, Optional, cast

MAXINT = sys.maxsize


# --- unicode ---------------------------------------------------------------------------------


class unicode(str):  # noqa: N801 (Python 2's name)
    """Python 2's ``unicode``: host text whose methods give ``unicode`` back."""

    __slots__ = ()

    def __new__(cls, obj: Any = "", encoding: Optional[str] = None, errors: str = "strict") -> Any:
        if encoding is not None:
            data = obj.encode("latin-1") if isinstance(obj, str) else bytes(obj)
            return str.__new__(cls, data.decode(encoding, errors))
        if isinstance(obj, unicode):
            return str.__new__(cls, obj)
        if isinstance(obj, str):
            return str.__new__(cls, ascii_decode(obj))
        method = getattr(type(obj), "__unicode__", None)
        if method is not None:
            return str.__new__(cls, method(obj))
        return str.__new__(cls, py2_str(obj))

    def __repr__(self) -> str:
        return "u" + ascii(str(self))

    def encode(self, encoding: str = "ascii", errors: str = "strict") -> str:  # type: ignore[override]
        """Encode to a Python 2 ``str`` (bytes held as latin-1 text)."""
        return str.encode(self, encoding, errors).decode("latin-1")

    def decode(self, encoding: str = "ascii", errors: str = "strict") -> Any:
        return _u(str.encode(self, "ascii").decode(encoding, errors))

    def __add__(self, other: Any) -> Any:
        if isinstance(other, str):
            return _u(str.__add__(self, to_unicode(other)))
        return NotImplemented

    def __radd__(self, other: Any) -> Any:
        if isinstance(other, str):
            return _u(str.__add__(to_unicode(other), self))
        return NotImplemented

    def __mod__(self, args: Any) -> Any:
        return _u(py2_format(str(self), args))

    def __str__(self) -> str:
        return str.__str__(self)


def _u(s: str) -> Any:
    """Host text as ``unicode`` (no codec involved)."""
    return str.__new__(unicode, s)


def _wrap_unicode_method(name: str) -> Callable[..., Any]:
    base = getattr(str, name)

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        r = base(self, *args, **kwargs)
        t = type(r)
        if t is str:
            return _u(r)
        if t is list:
            return [_u(x) if type(x) is str else x for x in r]
        if t is tuple:
            return tuple(_u(x) if type(x) is str else x for x in r)
        return r

    method.__name__ = name
    return method


for _name in ("capitalize", "center", "expandtabs", "join", "ljust", "lower", "lstrip",
              "partition", "replace", "rjust", "rpartition", "rsplit", "rstrip", "split",
              "splitlines", "strip", "swapcase", "title", "upper", "zfill", "format",
              "__getitem__", "__mul__", "__rmul__", "translate", "casefold"):
    setattr(unicode, _name, _wrap_unicode_method(_name))


def ascii_decode(s: str) -> str:
    """A Python 2 ``str`` as ``unicode`` text through the ASCII codec (its implicit
    conversion), with Python 2's ``UnicodeDecodeError``."""
    for i, ch in enumerate(s):
        if ord(ch) > 127:
            raise UnicodeDecodeError("ascii", s.encode("latin-1"), i, i + 1,
                                     "ordinal not in range(128)")
    return s


def to_unicode(s: Any) -> unicode:
    """Coerce a Python 2 ``str`` (or ``unicode``) to ``unicode``."""
    if isinstance(s, unicode):
        return s
    return str.__new__(unicode, ascii_decode(s))


def is_bytes_str(x: Any) -> bool:
    """True for a Python 2 ``str`` (not ``unicode``)."""
    return isinstance(x, str) and not isinstance(x, unicode)


def from_bytes(data: bytes) -> str:
    """A Python 2 ``str`` holding these bytes."""
    return data.decode("latin-1")


# --- long --------------------------------------------------------------------------------------


class long(int):  # noqa: N801 (Python 2's name)
    """Python 2's ``long``: an int that stays ``long`` through arithmetic."""

    __slots__ = ()

    def __new__(cls, x: Any = 0, base: Optional[int] = None) -> Any:
        if base is not None:
            return int.__new__(cls, x, base)
        if isinstance(x, str):
            x = x.rstrip("lL") if x.strip()[-1:] in ("l", "L") else x
        return int.__new__(cls, x)

    def __repr__(self) -> str:
        return int.__repr__(self) + "L"

    def __str__(self) -> str:
        return int.__repr__(self)


def _wrap_long_method(name: str) -> Callable[..., Any]:
    base = getattr(int, name)

    def method(self: Any, *args: Any) -> Any:
        r = base(self, *args)
        if type(r) is int:
            return int.__new__(long, r)
        if type(r) is tuple:
            return tuple(int.__new__(long, x) if type(x) is int else x for x in r)
        return r

    method.__name__ = name
    return method


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__divmod__",
              "__rdivmod__", "__pow__", "__rpow__", "__lshift__", "__rlshift__", "__rshift__",
              "__rrshift__", "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__",
              "__neg__", "__pos__", "__abs__", "__invert__"):
    setattr(long, _name, _wrap_long_method(_name))


def int_result(r: Any) -> Any:
    """An arithmetic result as Python 2 types it: an int past ``sys.maxint`` is a long."""
    if type(r) is int and not -MAXINT - 1 <= r <= MAXINT:
        return int.__new__(long, r)
    return r


# --- xrange ------------------------------------------------------------------------------------


class xrange:  # noqa: N801 (Python 2's name)
    """Python 2's ``xrange``."""

    __slots__ = ("_r",)

    def __init__(self, *args: Any) -> None:
        for a in args:
            if isinstance(a, float):
                raise TypeError("integer argument expected, got float")
        self._r = range(*args)

    def __iter__(self) -> Any:
        return iter(self._r)

    def __reversed__(self) -> Any:
        return reversed(self._r)

    def __len__(self) -> int:
        return len(self._r)

    def __contains__(self, x: Any) -> bool:
        return x in self._r

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        try:
            return self._r[i]
        except IndexError:
            raise IndexError("xrange object index out of range") from None

    def __repr__(self) -> str:
        r = self._r
        n = len(r)
        stop = r.start + n * r.step
        if r.start == 0 and r.step == 1:
            return f"xrange({stop})"
        if r.step == 1:
            return f"xrange({r.start}, {stop})"
        return f"xrange({r.start}, {stop}, {r.step})"


# --- str() and repr() ----------------------------------------------------------------------------


def float_str(x: float) -> str:
    """Python 2's ``str(float)``: 12 significant digits."""
    if x != x or x in (float("inf"), float("-inf")):
        return repr(x)
    s = format(x, ".12g")
    if all(c in "-0123456789" for c in s):
        s += ".0"
    return s


class Py2Float(float):
    """A float that ``%s`` formats as Python 2's ``str()`` does."""

    __slots__ = ()

    def __str__(self) -> str:
        return float_str(float(self))


def py2_str(x: Any) -> str:
    """Python 2's ``str(x)``."""
    t = type(x)
    if t is str:
        return x
    if t is unicode:
        s = str.__str__(x)
        for i, ch in enumerate(s):
            if ord(ch) > 127:
                raise UnicodeEncodeError("ascii", s, i, i + 1, "ordinal not in range(128)")
        return s
    if t is float:
        return float_str(x)
    if t is long:
        return int.__repr__(x)
    if t in (list, tuple, dict, set, frozenset):
        return py2_repr(x)
    if isinstance(x, (bytes, bytearray)):
        return bytes(x).decode("latin-1")
    if t is bool or x is None or t is int:
        return repr(x)
    if isinstance(x, BaseException) and type(x).__str__ is BaseException.__str__:
        args = x.args
        if not args:
            return ""
        if len(args) == 1:
            return py2_str(args[0])
        return py2_repr(args)
    return str(x)


_REPR_RUNNING: set[int] = set()


def py2_repr(x: Any) -> str:
    """Python 2's ``repr(x)``."""
    t = type(x)
    if t is str:
        return repr(x.encode("latin-1"))[1:]
    if t is unicode or t is long or t is int or t is float or t is bool or x is None:
        return repr(x)
    if t in (list, tuple, dict, set, frozenset):
        key = id(x)
        if key in _REPR_RUNNING:
            marks: dict[type, str] = {list: "[...]", tuple: "(...)", dict: "{...}"}
            return marks.get(t, "...")
        _REPR_RUNNING.add(key)
        try:
            if t is list:
                return "[" + ", ".join(py2_repr(v) for v in x) + "]"
            if t is tuple:
                inner = ", ".join(py2_repr(v) for v in x)
                return "(" + inner + ("," if len(x) == 1 else "") + ")"
            if t is dict:
                return "{" + ", ".join(f"{py2_repr(k)}: {py2_repr(v)}" for k, v in x.items()) + "}"
            return f"{t.__name__}([" + ", ".join(py2_repr(v) for v in x) + "])"
        finally:
            _REPR_RUNNING.discard(key)
    return repr(x)


_SPEC = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d+))?[hlL]?"
    r"(?P<conv>.)", re.S)


class _Py2StrArg(str):
    """A Python 2 ``str`` argument of ``%``: ``%r`` shows it as Python 2 does."""

    __slots__ = ()

    def __repr__(self) -> str:
        return py2_repr(str.__str__(self))


def py2_format(fmt: str, args: Any) -> Any:
    """Python 2's ``fmt % args``: ``%s`` of a float is ``str()``'s 12 digits, ``%r``
    is Python 2's ``repr``; a ``unicode`` format, or a ``unicode`` argument of ``%s``,
    makes the result ``unicode``."""
    uni = isinstance(fmt, unicode)
    convs: list[str] = []
    keyed = False
    for m in _SPEC.finditer(fmt):
        kind = m.group("conv")
        if kind == "%":
            continue
        if m.group("key") is not None:
            keyed = True
        convs.extend("*" for g in ("width", "prec") if m.group(g) == "*")
        convs.append(kind)

    def conv(a: Any, c: str) -> Any:
        nonlocal uni
        t = type(a)
        if t is float:
            return Py2Float(a)
        if t is unicode:
            if c == "s":
                uni = True
            return a
        if t is str:
            return _Py2StrArg(a)
        if t is long:
            return int(a)
        return a

    if keyed:
        if isinstance(args, dict):
            args = {k: conv(v, "s") for k, v in args.items()}
    elif type(args) is tuple:
        args = tuple(conv(a, convs[i] if i < len(convs) else "s") for i, a in enumerate(args))
    else:
        args = conv(args, convs[0] if convs else "s")
    r = str.__mod__(str.__str__(fmt), args)
    return _u(r) if uni else r


# --- classic classes ---------------------------------------------------------------------------


def _cd(obj: Any) -> dict[str, Any]:
    d: dict[str, Any] = object.__getattribute__(obj, "__dict__")
    return d


class classobj:  # noqa: N801 (Python 2's name)
    """A classic (old-style) class: a name, bases and a namespace, searched depth-first."""

    def __init__(self, name: str, bases: tuple[Any, ...], namespace: dict[str, Any]) -> None:
        for b in bases:
            if not isinstance(b, classobj):
                raise TypeError("a new-style class can't have only classic bases")
        d = _cd(self)
        d["__name__"] = name
        d["__bases__"] = tuple(bases)
        namespace.setdefault("__doc__", None)
        d["_ns"] = namespace

    def lookup(self, name: str) -> Any:
        """The attribute ``name`` as the class or a base (depth first) defines it, or _MISSING."""
        d = _cd(self)
        ns = d["_ns"]
        if name in ns:
            return ns[name]
        for b in d["__bases__"]:
            v = classobj.lookup(b, name)
            if v is not _MISSING:
                return v
        return _MISSING

    def __getattribute__(self, name: str) -> Any:
        d = _cd(self)
        if name == "__dict__":
            return d["_ns"]
        if name in ("__name__", "__bases__"):
            return d[name]
        v = classobj.lookup(self, name)
        if v is _MISSING:
            raise AttributeError(f"class {d['__name__']} has no attribute '{name}'")
        if isinstance(v, staticmethod):
            return v.__func__
        if isinstance(v, classmethod):
            return v.__get__(None, cast(Any, self))  # a classic class is the owner
        return v  # functions stay plain (Python 3's unbound methods)

    def __setattr__(self, name: str, value: Any) -> None:
        d = _cd(self)
        if name in ("__name__", "__bases__"):
            d[name] = value
        else:
            d["_ns"][name] = value

    def __delattr__(self, name: str) -> None:
        d = _cd(self)
        if name not in d["_ns"]:
            raise AttributeError(f"class {d['__name__']} has no attribute '{name}'")
        del d["_ns"][name]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        inst = instance.__new__(instance)
        object.__setattr__(inst, "_cls", self)
        init = classobj.lookup(self, "__init__")
        if init is not _MISSING:
            r = _bind(init, inst, self)(*args, **kwargs)
            if r is not None:
                raise TypeError("__init__() should return None")
        elif args or kwargs:
            raise TypeError("this constructor takes no arguments")
        return inst

    def __repr__(self) -> str:
        d = _cd(self)
        return f"<class {d['_ns'].get('__module__')}.{d['__name__']} at {id(self):#x}>"

    def __str__(self) -> str:
        d = _cd(self)
        mod = d["_ns"].get("__module__")
        return f"{mod}.{d['__name__']}" if mod else str(d["__name__"])

    def __instancecheck__(self, obj: Any) -> bool:
        cls = _class_of(obj)
        return cls is not None and classobj.is_subclass_of(cls, self)

    def __subclasscheck__(self, sub: Any) -> bool:
        return isinstance(sub, classobj) and classobj.is_subclass_of(sub, self)

    def is_subclass_of(self, other: Any) -> bool:
        """True when ``other`` is this class or one of its bases (at any depth)."""
        if self is other:
            return True
        return any(classobj.is_subclass_of(b, other) for b in _cd(self)["__bases__"])


_MISSING = object()


def _class_of(obj: Any) -> Optional[classobj]:
    if type(obj) is instance:
        cls: classobj = object.__getattribute__(obj, "_cls")
        return cls
    return None


def _bind(v: Any, inst: Any, cls: Any) -> Any:
    if isinstance(v, staticmethod):
        return v.__func__
    if isinstance(v, classmethod):
        return v.__get__(None, cls)
    get = getattr(type(v), "__get__", None)
    if get is None or isinstance(v, type):
        return v
    if hasattr(v, "__code__") or hasattr(type(v), "__set__") or isinstance(v, property):
        return get(v, inst, cls)
    return v


def _find(inst: Any, name: str) -> Any:
    """Attribute ``name`` of classic instance ``inst``: its dict, its class (bound), or
    ``__getattr__``; _MISSING when none has it."""
    d = object.__getattribute__(inst, "__dict__")
    if name in d:
        return d[name]
    cls = object.__getattribute__(inst, "_cls")
    v = classobj.lookup(cls, name)
    if v is not _MISSING:
        return _bind(v, inst, cls)
    if name != "__getattr__":
        ga = classobj.lookup(cls, "__getattr__")
        if ga is not _MISSING:
            try:
                return _bind(ga, inst, cls)(name)
            except AttributeError:
                return _MISSING
    return _MISSING


class instance:  # noqa: N801 (Python 2's name)
    """An instance of a classic class: every attribute and operator goes through
    the class's (depth-first) lookup and ``__getattr__``."""

    def __getattribute__(self, name: str) -> Any:
        if name == "__class__":
            return object.__getattribute__(self, "_cls")
        if name == "__dict__":
            return object.__getattribute__(self, "__dict__")
        v = _find(self, name)
        if v is _MISSING:
            cls = object.__getattribute__(self, "_cls")
            raise AttributeError(f"{cls.__name__} instance has no attribute '{name}'")
        return v

    def __setattr__(self, name: str, value: Any) -> None:
        cls = object.__getattribute__(self, "_cls")
        sa = classobj.lookup(cls, "__setattr__")
        if sa is not _MISSING:
            _bind(sa, self, cls)(name, value)
        elif name == "__class__":
            object.__setattr__(self, "_cls", value)
        else:
            object.__getattribute__(self, "__dict__")[name] = value

    def __delattr__(self, name: str) -> None:
        cls = object.__getattribute__(self, "_cls")
        da = classobj.lookup(cls, "__delattr__")
        if da is not _MISSING:
            _bind(da, self, cls)(name)
            return
        d = object.__getattribute__(self, "__dict__")
        if name not in d:
            raise AttributeError(f"{cls.__name__} instance has no attribute '{name}'")
        del d[name]

    def __repr__(self) -> str:
        m = _find(self, "__repr__")
        if m is not _MISSING:
            return m()
        cls = object.__getattribute__(self, "_cls")
        return f"<{cls.__dict__.get('__module__')}.{cls.__name__} instance at {id(self):#x}>"

    def __str__(self) -> str:
        m = _find(self, "__str__")
        if m is not _MISSING:
            return m()
        return instance.__repr__(self)

    def __bool__(self) -> bool:
        m = _find(self, "__nonzero__")
        if m is _MISSING:
            m = _find(self, "__len__")
            if m is _MISSING:
                return True
        return bool(m())

    def __hash__(self) -> int:
        m = _find(self, "__hash__")
        if m is not _MISSING:
            return m()
        if _find(self, "__eq__") is not _MISSING or _find(self, "__cmp__") is not _MISSING:
            raise TypeError("unhashable instance")
        return object.__hash__(self)

    def __iter__(self) -> Any:
        m = _find(self, "__iter__")
        if m is not _MISSING:
            return m()
        if _find(self, "__getitem__") is _MISSING:
            raise TypeError("iteration over non-sequence")
        return _SeqIter(self)

    def __next__(self) -> Any:
        m = _find(self, "next")
        if m is _MISSING:
            raise TypeError("instance has no next() method")
        return m()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        m = _find(self, "__call__")
        if m is _MISSING:
            raise AttributeError(
                f"{object.__getattribute__(self, '_cls').__name__} instance has no __call__ method")
        return m(*args, **kwargs)


class _SeqIter:
    def __init__(self, obj: Any) -> None:
        self.obj, self.i = obj, 0

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> Any:
        try:
            v = self.obj[self.i]
        except IndexError:
            raise StopIteration from None
        self.i += 1
        return v


def _forward(name: str, fallback: Optional[Callable[..., Any]] = None) -> Callable[..., Any]:
    def method(self: Any, *args: Any) -> Any:
        m = _find(self, name)
        if m is _MISSING:
            if fallback is not None:
                return fallback(self, *args)
            cls = object.__getattribute__(self, "_cls")
            raise AttributeError(f"{cls.__name__} instance has no attribute '{name}'")
        return m(*args)

    method.__name__ = name
    return method


def _not_implemented(self: Any, *args: Any) -> Any:
    return NotImplemented


def _compare(op: str) -> Callable[..., Any]:
    def method(self: Any, other: Any) -> Any:
        m = _find(self, op)
        if m is not _MISSING:
            return m(other)
        c = _find(self, "__cmp__")
        if c is not _MISSING:
            r = c(other)
            if r is NotImplemented:
                return r
            return {"__eq__": r == 0, "__ne__": r != 0, "__lt__": r < 0, "__le__": r <= 0,
                    "__gt__": r > 0, "__ge__": r >= 0}[op]
        if op == "__eq__":
            return self is other
        if op == "__ne__":
            return self is not other
        return NotImplemented

    method.__name__ = op
    return method


for _name in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
    setattr(instance, _name, _compare(_name))
for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__mod__",
              "__rmod__", "__floordiv__", "__rfloordiv__", "__truediv__", "__rtruediv__",
              "__pow__", "__rpow__", "__lshift__", "__rlshift__", "__rshift__", "__rrshift__",
              "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__", "__iadd__",
              "__isub__", "__imul__", "__divmod__", "__rdivmod__"):
    setattr(instance, _name, _forward(_name, _not_implemented))
for _name in ("__len__", "__getitem__", "__setitem__", "__delitem__", "__neg__", "__pos__",
              "__abs__", "__invert__", "__int__", "__float__", "__complex__", "__index__",
              "__enter__", "__exit__", "__reversed__"):
    setattr(instance, _name, _forward(_name))
# added after the class body, which the type checker cannot see: hence the cast
cast(Any, instance).__contains__ = _forward(
    "__contains__", lambda self, x: any(x == v for v in iter(self)))
