"""Imports from VM code: ``IMPORT_NAME``/``IMPORT_FROM``/``IMPORT_STAR``, and the finder
that runs the program's own modules in the engine.

The standard library and installed packages come from the host.  The
program's own modules -- pycs or sources in the program's directory or on
``--path`` -- are found by :class:`ProgramFinder` (put first on
``sys.meta_path`` for a run) and executed by the engine.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from typing import Any, Optional, Sequence

from .objects import NULL


def import_name(frame: Any, name: str, fromlist: Any, level: Any) -> Any:
    """``IMPORT_NAME``: call ``__import__`` from the frame's builtins."""
    b = frame.builtins
    imp = b.get("__import__", NULL) if type(b) is dict else getattr(b, "__import__", NULL)
    if imp is NULL:
        raise ImportError("__import__ not found")
    locals_ = frame.locals
    return imp(name, frame.globals, locals_, fromlist, level)


def import_from(frame: Any, module: Any, name: str) -> Any:
    """``IMPORT_FROM``: the attribute, or the submodule being imported, or ImportError."""
    if type(module) is LazyImport:  # lazy from m import name (3.15)
        return LazyImport(module.frame_globals, module.builtins, module.name, module.fromlist,
                          module.level, module, name)
    try:
        return getattr(module, name)
    except AttributeError:
        pass
    pkgname = getattr(module, "__name__", None)
    if isinstance(pkgname, str):
        found = sys.modules.get(f"{pkgname}.{name}")
        if found is not None:
            return found
    else:
        pkgname = "<unknown module name>"
    form = frame.code.traits["import_from"]
    if form != "full":  # 2.7 and 3.6 name neither the module nor its path
        raise ImportError(f"cannot import name {name}" if form == "py2"
                          else f"cannot import name '{name}'")
    spec = getattr(module, "__spec__", None)
    path = getattr(module, "__file__", None)
    initializing = bool(getattr(spec, "_initializing", False))
    if initializing:
        msg = (
            f"cannot import name '{name}' from partially initialized module '{pkgname}' "
            f"(most likely due to a circular import) ({path if path else 'unknown location'})"
        )
    elif path is None:
        msg = f"cannot import name '{name}' from '{pkgname}' (unknown location)"
    else:
        msg = f"cannot import name '{name}' from '{pkgname}' ({path})"
    err = ImportError(msg, name=pkgname, path=path)
    try:
        err.name_from = name  # type: ignore[attr-defined]  # 3.12+ suggestions
    except AttributeError:
        pass
    raise err


def import_star(frame: Any, module: Any) -> None:
    """``from module import *`` into the frame's locals."""
    loc = frame.locals
    if loc is None:
        raise SystemError("no locals found during 'import *'")
    try:
        names = module.__all__
        public_only = False
    except AttributeError:
        try:
            names = module.__dict__.keys()
        except AttributeError:
            raise ImportError("from-import-* object has no __dict__ and no __all__") from None
        public_only = True
    modname = getattr(module, "__name__", "?")
    for name in list(names):
        if not isinstance(name, str):
            what = "__dict__" if public_only else "__all__"
            key = "Key" if public_only else "Item"
            raise TypeError(f"{key} in {modname}.{what} must be str, not {type(name).__name__}")
        if public_only and name.startswith("_"):
            continue
        loc[name] = getattr(module, name)


# --- the program's own modules ------------------------------------------------------------------


class ProgramFinder(importlib.abc.MetaPathFinder):
    """Find the program's modules (pycs, or sources compiled by the host) in ``paths``."""

    def __init__(self, paths: Sequence[str], python_version: Optional[str] = None,
                 python: Optional[str] = None) -> None:
        self.paths = [os.path.abspath(p) for p in paths]
        self.python_version = python_version
        self.python = python

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        parts = fullname.split(".")
        if path is None:
            dirs = self.paths
        else:
            # a submodule is the program's only when its package is (bytescope's own
            # lazily imported modules, or any host package's, are never the program's)
            parent = sys.modules.get(fullname.rpartition(".")[0])
            if not isinstance(getattr(parent, "__loader__", None), ProgramLoader):
                return None
            dirs = [os.path.abspath(p) for p in path]
        base = parts[-1]
        for d in dirs:
            pkg = os.path.join(d, base)
            init = _module_file(pkg, "__init__")
            if init is not None and os.path.isdir(pkg):
                loader = ProgramLoader(fullname, init, self.python_version, self.python)
                spec = importlib.util.spec_from_file_location(
                    fullname, init, loader=loader, submodule_search_locations=[pkg]
                )
                return spec
            found = _module_file(d, base)
            if found is not None:
                loader = ProgramLoader(fullname, found, self.python_version, self.python)
                return importlib.util.spec_from_file_location(fullname, found, loader=loader)
        return None


def _module_file(directory: str, base: str) -> Optional[str]:
    """A module's source or pyc in ``directory`` (a loose ``base.pyc`` or ``base.py``, or
    ``__pycache__/base.*.pyc``)."""
    for suffix in (".pyc", ".py"):
        candidate = os.path.join(directory, base + suffix)
        if os.path.isfile(candidate):
            return candidate
    cache = os.path.join(directory, "__pycache__")
    if os.path.isdir(cache):
        for entry in sorted(os.listdir(cache)):
            if entry.startswith(base + ".") and entry.endswith(".pyc") and entry.count(".") == 2:
                return os.path.join(cache, entry)
    return None


class ProgramLoader(importlib.abc.Loader):
    """Execute one of the program's modules in the engine."""

    def __init__(self, fullname: str, path: str, python_version: Optional[str],
                 python: Optional[str] = None) -> None:
        self.fullname = fullname
        self.path = path
        self.python_version = python_version
        self.python = python

    def create_module(self, spec: Any) -> Any:
        return None

    def exec_module(self, module: Any) -> None:
        from .program import load_code, run_module_code

        code = load_code(self.path, self.python_version, self.python)
        if self.path.endswith(".pyc"):
            module.__cached__ = self.path
        run_module_code(code, module.__dict__)

    def get_source(self, fullname: str) -> Optional[str]:
        if self.path.endswith(".py"):
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                return fh.read()
        return None

    def get_filename(self, fullname: str) -> str:
        return self.path

    def is_package(self, fullname: str) -> bool:
        return os.path.basename(self.path).startswith("__init__")


def install_finder(finder: ProgramFinder) -> None:
    """Put ``finder`` first on ``sys.meta_path`` (and drop stale imports of its modules)."""
    sys.meta_path.insert(0, finder)
    # the path entry finders' directory caches, as importlib.invalidate_caches() refreshes
    # them, but without its importlib.metadata part: from 3.13 that imports json and more
    # into sys.modules, which a program can see
    for entry in list(sys.path_importer_cache.values()):
        refresh = getattr(entry, "invalidate_caches", None)
        if refresh is not None:
            refresh()


def remove_finder(finder: ProgramFinder) -> None:
    """Take ``finder`` off ``sys.meta_path``."""
    try:
        sys.meta_path.remove(finder)
    except ValueError:
        pass


_ = importlib.machinery  # the machinery module is part of what this module relies on


# --- 3.15 lazy imports (PEP 810) -------------------------------------------------------------


class LazyImport:
    """What ``lazy import m`` / ``lazy from m import x`` binds (3.15): the import
    happens when a name holding it is first loaded (see :func:`reify`)."""

    __slots__ = ("frame_globals", "name", "fromlist", "level", "parent", "attr", "builtins")

    def __init__(self, globals_: Any, builtins: Any, name: str, fromlist: Any, level: Any,
                 parent: Optional[LazyImport] = None, attr: Optional[str] = None) -> None:
        self.frame_globals = globals_
        self.builtins = builtins
        self.name = name
        self.fromlist = fromlist
        self.level = level
        self.parent = parent
        self.attr = attr

    def resolve(self) -> Any:
        """Import now; return the module (or the attribute ``from ... import`` names)."""
        if self.parent is not None:
            module = self.parent.resolve()
            return _from(module, self.attr or "")
        b = self.builtins
        imp = b.get("__import__", NULL) if type(b) is dict else getattr(b, "__import__", NULL)
        if imp is NULL:
            raise ImportError("__import__ not found")
        return imp(self.name, self.frame_globals, None, self.fromlist, self.level)

    def __repr__(self) -> str:
        target = self.name if self.attr is None else f"{self.parent.name}.{self.attr}"  # type: ignore[union-attr]
        return f"<lazy_import '{target}'>"


LazyImport.__name__ = LazyImport.__qualname__ = "lazy_import"


def _from(module: Any, name: str) -> Any:
    try:
        return getattr(module, name)
    except AttributeError:
        pass
    found = sys.modules.get(f"{getattr(module, '__name__', '')}.{name}")
    if found is not None:
        return found
    raise ImportError(f"cannot import name '{name}' from '{getattr(module, '__name__', '?')}'")


def lazy_import_name(frame: Any, name: str, fromlist: Any, level: Any) -> LazyImport:
    """``IMPORT_NAME`` with the lazy flag: nothing is imported yet."""
    return LazyImport(frame.globals, frame.builtins, name, fromlist, level)


def reify(mapping: Any, name: str, lazy: LazyImport) -> Any:
    """A name holding a lazy import was loaded: import, and bind the result instead."""
    value = lazy.resolve()
    try:
        if mapping.get(name) is lazy:
            mapping[name] = value
    except Exception:
        pass
    return value
