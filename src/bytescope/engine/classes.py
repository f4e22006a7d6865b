"""Class creation: the engine's ``__build_class__`` and zero-argument ``super()``.

The host's ``__build_class__`` cannot run a VM class body, so ``LOAD_BUILD_CLASS``
pushes the engine's, which does what CPython's does (PEP 560 ``__mro_entries__``,
the most derived metaclass, ``__prepare__``, the ``__classcell__`` checks) and
runs the body in the engine with the prepared namespace as its locals.
"""

from __future__ import annotations

import builtins
import importlib.util
import types
from typing import Any

from .function import Function

_HOST_BUILD_CLASS = builtins.__build_class__
#: the host evaluates annotations lazily itself (PEP 649, 3.14+)
_HOST_LAZY_ANNOTATIONS = importlib.util.find_spec("annotationlib") is not None
_HOST_SUPER = super


def load_build_class(frame: Any) -> Any:
    """Return what ``LOAD_BUILD_CLASS`` pushes: the engine's builder, unless the program
    replaced ``__build_class__`` in its builtins."""
    b = frame.builtins
    found = b.get("__build_class__") if type(b) is dict else getattr(b, "__build_class__", None)
    if found is None:
        raise NameError("__build_class__ not found")
    if found is _HOST_BUILD_CLASS:
        return build_class
    return found


def build_class(func: Any, name: Any, /, *bases: Any, **kwds: Any) -> Any:
    """The engine's ``__build_class__(func, name, *bases, metaclass=..., **kwds)``."""
    if not isinstance(func, Function):
        if callable(func):
            return _HOST_BUILD_CLASS(func, name, *bases, **kwds)
        raise TypeError("__build_class__: func must be a function")
    if not isinstance(name, str):
        raise TypeError("__build_class__: name is not a string")
    orig_bases = bases
    bases = types.resolve_bases(bases)
    meta = kwds.pop("metaclass", None)
    if meta is None:
        meta = type(bases[0]) if bases else type
        isclass = True
    else:
        isclass = isinstance(meta, type)
    if isclass:
        meta = _calculate_meta(meta, bases)
    prepare = getattr(meta, "__prepare__", None)
    ns = {} if prepare is None else prepare(name, bases, **kwds)
    if not hasattr(ns, "__getitem__") or not hasattr(type(ns), "keys") and not isinstance(ns, dict):
        meta_name = meta.__name__ if isclass else "<metaclass>"
        raise TypeError(f"{meta_name}.__prepare__() must return a mapping, not {type(ns).__name__}")
    cell = run_class_body(func, ns)
    if bases != orig_bases:
        ns["__orig_bases__"] = orig_bases
    classdict_cell = None
    if type(ns) is dict:
        _implicit_methods(ns)
        if not _HOST_LAZY_ANNOTATIONS:
            classdict_cell = _eager_annotations(ns)
    cls = meta(name, bases, ns, **kwds)
    if classdict_cell is not None and isinstance(cls, type):
        classdict_cell.cell_contents = cls.__dict__
    if isinstance(cls, type) and isinstance(cell, types.CellType):
        try:
            cell_cls = cell.cell_contents
        except ValueError:
            raise RuntimeError(
                f"__class__ not set defining {name!r} as {cls!r}. "
                "Was __classcell__ propagated to type.__new__?"
            ) from None
        if cell_cls is not cls:
            raise TypeError(f"__class__ set to {cell_cls!r} defining {name!r} as {cls!r}")
    return cls


def _eager_annotations(ns: dict[str, Any]) -> Any:
    """A 3.14+ class body on a host without lazy annotations: evaluate them now into
    ``__annotations__`` (what host code such as dataclasses reads), and take out the
    ``__classdictcell__`` the host's ``type`` would not fill.  Returns that cell."""
    annotate = ns.get("__annotate_func__", ns.get("__annotate__"))
    if annotate is not None and "__annotations__" not in ns:
        try:
            ns["__annotations__"] = annotate(1)
        except Exception:  # forward references: evaluated when first read, as 3.14 does
            ns["__annotations__"] = LazyAnnotations(annotate)
    return ns.pop("__classdictcell__", None)


def _filled(name: str) -> Any:
    base = getattr(dict, name)

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        self.fill()
        return base(self, *args, **kwargs)

    method.__name__ = name
    return method


class LazyAnnotations(dict):  # type: ignore[type-arg]
    """A class's ``__annotations__`` on a host without PEP 649: the class's
    ``__annotate__`` runs when the dict is first read (a name defined after the
    class is found then; an undefined one raises NameError then)."""

    __slots__ = ("annotate",)

    def __init__(self, annotate: Any) -> None:
        super().__init__()
        self.annotate = annotate

    def fill(self) -> None:
        """Evaluate the annotations (once)."""
        annotate = self.annotate
        if annotate is not None:
            dict.update(self, annotate(1))
            self.annotate = None


for _name in ("__repr__", "__getitem__", "__iter__", "__len__", "__contains__", "__eq__",
              "__ne__", "__or__", "__ror__", "__reversed__", "keys", "items", "values", "get",
              "copy", "pop", "popitem", "setdefault", "update", "__setitem__", "__delitem__"):
    setattr(LazyAnnotations, _name, _filled(_name))


def _calculate_meta(meta: Any, bases: tuple[Any, ...]) -> Any:
    winner = meta
    for base in bases:
        t = type(base)
        if issubclass(winner, t):
            continue
        if issubclass(t, winner):
            winner = t
            continue
        raise TypeError(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
            "subclass of the metaclasses of all its bases"
        )
    return winner


def _implicit_methods(ns: dict[str, Any]) -> None:
    """What ``type.__new__`` does for plain functions, done for VM functions too:
    ``__new__`` is a staticmethod, ``__init_subclass__``/``__class_getitem__`` classmethods."""
    f = ns.get("__new__")
    if type(f) is Function:
        ns["__new__"] = staticmethod(f)
    for name in ("__init_subclass__", "__class_getitem__"):
        f = ns.get(name)
        if type(f) is Function:
            ns[name] = classmethod(f)


def run_class_body(func: Function, ns: Any) -> Any:
    """Run a class body function with ``ns`` as its locals; return what it returns."""
    from .calls import new_frame
    from .loop import execute
    from .state import thread_state

    frame = new_frame(func, [], None)
    frame.locals = ns
    ts = thread_state()
    if ts.depth >= ts.engine.recursion_limit:
        raise RecursionError("maximum recursion depth exceeded")
    ts.depth += 1
    return execute(ts, frame)


def zero_arg_super(frame: Any) -> Any:
    """``super()`` with no arguments in VM ``frame``: ``super(__class__, <first argument>)``."""
    from .objects import NULL

    code = frame.code
    if code.co_argcount == 0 and not code.co_flags & 0x4:
        raise RuntimeError("super(): no arguments")
    first = frame.fast[0] if frame.fast else NULL
    if type(first) is types.CellType and 0 < len(code.localsplus) and code.kinds[0] & 0x40:
        try:
            first = first.cell_contents
        except ValueError:
            first = NULL
    if first is NULL:
        raise RuntimeError("super(): arg[0] deleted")
    try:
        i = code.localsplus.index("__class__", code.co_nlocals)
    except ValueError:
        raise RuntimeError("super(): __class__ cell not found") from None
    cell = frame.fast[i]
    try:
        cls = cell.cell_contents
    except (ValueError, AttributeError):
        raise RuntimeError("super(): empty __class__ cell") from None
    if not isinstance(cls, type):
        raise RuntimeError(f"super(): __class__ is not a type ({type(cls).__name__})")
    return checked_super(code.traits, cls, first)


def checked_super(traits: Any, cls: Any, obj: Any) -> Any:
    """Return ``super(cls, obj)``; raise its TypeError with the pyc's version's message
    (the host's own text changed in 3.13) when ``obj`` is neither an instance nor a
    subtype of ``cls``."""
    try:
        return _HOST_SUPER(cls, obj)
    except TypeError as exc:
        if not str(exc).startswith("super(type, obj)"):
            raise
        if traits["super_check"] == "named":
            what = obj.__name__ if isinstance(obj, type) else type(obj).__name__
            kind = "type" if isinstance(obj, type) else "instance of"
            text = (f"super(type, obj): obj ({kind} {what}) is not an instance or subtype "
                    f"of type ({getattr(cls, '__name__', cls)}).")
        else:
            text = "super(type, obj): obj must be an instance or subtype of type"
        raise TypeError(text) from None


# what LOAD_BUILD_CLASS pushes stands for the host's builtin: traces name it so
build_class.__module__ = "builtins"
build_class.__qualname__ = build_class.__name__ = "__build_class__"
