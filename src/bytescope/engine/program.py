"""Running a whole program: ``bytescope run`` and :func:`bytescope.run`.

Loads the code (a pyc of any supported version, or a source file compiled by
the host), sets up ``__main__``, ``sys.argv`` and the finder for the program's
own modules, runs the module code in the engine, and turns the outcome into
what native CPython would give: the exit status of ``sys.exit``, or a
traceback on stderr and status 1.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any, Optional, Sequence

from ..code import Code
from ..errors import InputError
from .codeobj import VMCode
from .frame import Frame
from .objects import NULL


def load_code(path: str, python_version: Optional[str] = None,
              python: Optional[str] = None, main: bool = False) -> VMCode:
    """Return the module code of a pyc or ``.py`` file, ready to run.

    A ``.py`` is compiled by the host, or by the interpreter ``python`` (named
    as ``python FILE`` names its main script when ``main``).  Raises
    :class:`~bytescope.errors.BytescopeError` for a file that cannot be read.
    """
    from ..pyc import load

    if path.endswith(".py") and python is not None:
        from ..foreign import compile_with

        if not os.path.isfile(path):
            raise InputError(f"{path}: no such file")
        code = compile_with(python, "main" if main else "file", path).code
        if not isinstance(code, Code):
            raise InputError(f"{path}: {python} did not make a code object")
        return VMCode(code)
    if path.endswith(".py") and python_version is None:
        try:
            with open(path, "rb") as fh:
                source = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
        name = os.path.abspath(path) if sys.version_info >= (3, 9) else path
        host = compile(source, name, "exec", dont_inherit=True)
        return VMCode(Code.from_host(host))
    pyc = load(path, python_version=python_version)
    code = pyc.code
    if not isinstance(code, Code):
        raise InputError(f"{path}: the pyc does not hold a code object")
    return VMCode(code)


def code_from_host(host_code: types.CodeType) -> VMCode:
    """Return the VM code of a host code object (host version semantics)."""
    return VMCode(Code.from_host(host_code))


def _builtins_dict(globals_: dict[str, Any]) -> dict[str, Any]:
    b = globals_.get("__builtins__")
    if isinstance(b, dict):
        return b
    if isinstance(b, types.ModuleType):
        return b.__dict__
    import builtins

    return builtins.__dict__


def run_code_in(code: VMCode, globals_: dict[str, Any], locals_: Any, closure: Any = None) -> Any:
    """Run module-level (or exec'd) ``code`` with these namespaces; return its value."""
    from .loop import execute
    from .state import thread_state

    fast = [NULL] * code.nlocalsplus
    if closure:
        base = code.nlocalsplus - code.nfree
        fast[base : base + len(closure)] = list(closure)
    frame = Frame(code, fast, globals_, _builtins_dict(globals_), locals_)
    ts = thread_state()
    if ts.depth >= ts.engine.recursion_limit:
        raise RecursionError("maximum recursion depth exceeded")
    ts.depth += 1
    return execute(ts, frame)


def run_module_code(code: VMCode, namespace: dict[str, Any]) -> Any:
    """Run a module's code with ``namespace`` as its globals and locals."""
    import builtins

    if code.version.strings == "py2":  # a Python 2 module gets Python 2's builtins
        if namespace.get("__builtins__", builtins) is builtins:
            from .py2runtime import builtins_dict

            namespace["__builtins__"] = builtins_dict()
    else:
        namespace.setdefault("__builtins__", builtins)
    return run_code_in(code, namespace, namespace)


# --- whole programs ---------------------------------------------------------------------------


def run(
    target: Optional[str] = None,
    args: Sequence[str] = (),
    *,
    command: Optional[str] = None,
    module: Optional[str] = None,
    python_version: Optional[str] = None,
    python: Optional[str] = None,
    paths: Sequence[str] = (),
    max_instructions: Optional[int] = None,
    timeout: Optional[float] = None,
    hooks: Any = None,
    tier_b: bool = True,
    tier: Optional[str] = None,
    finalize: bool = False,
) -> int:
    """Run a program in the engine as ``python`` would; return its exit status.

    ``target`` is a pyc or ``.py`` file; or give ``command`` (``-c``) or
    ``module`` (``-m``).  ``args`` become ``sys.argv[1:]``.  ``paths`` are
    more directories holding the program's own modules.  ``python`` names
    an interpreter that compiles the ``.py`` sources (target, ``-c`` code, the
    program's modules; default the host).  The program's
    output goes to the real ``sys.stdout``/``sys.stderr``; an uncaught
    exception is printed as native CPython prints it (exit status 1).

    ``finalize`` (for a process that exits next, as the command line does):
    end as the interpreter does, the program's ``atexit`` functions first,
    then ``__main__``'s names cleared so that objects' finalizers run (a
    suspended generator's ``finally``, ``__del__``) while the engine is there.

    Raises :class:`~bytescope.engine.errors.EngineError` when the bytecode
    cannot run (hostile code, a limit reached) and
    :class:`~bytescope.errors.BytescopeError` when the file cannot be read.
    """
    from .builtins_ import host_room
    from .errors import EngineError
    from .hooks import StopRun
    from .imports import ProgramFinder, install_finder, remove_finder
    from .state import Engine, set_engine

    if sum(x is not None for x in (target, command, module)) != 1:
        raise InputError("give exactly one of a file, -c CODE or -m MODULE")
    engine = Engine(
        max_instructions=max_instructions, timeout=timeout, hooks=hooks, tier_b=tier_b, tier=tier
    )
    if python is not None:
        engine.settings["python"] = python
    main = types.ModuleType("__main__")
    ns = main.__dict__
    ns["__builtins__"] = __import__("builtins")
    saved = _save_state()
    finder = None
    try:
        if command is not None and python is not None:
            from ..foreign import compile_with

            code = VMCode(compile_with(python, "exec", "<string>", command).code)
        elif command is not None:
            code = code_from_host(compile(command, "<string>", "exec", dont_inherit=True))
            argv0 = "-c"
            home = os.getcwd()
            sys_path0 = ""
        elif module is not None:
            path, fullname, package = _find_module(module, paths)
            code = load_code(path, python_version, python)
            argv0 = path
            home = os.getcwd()
            sys_path0 = home
            ns["__file__"] = path
            ns["__package__"] = package
            from importlib.machinery import ModuleSpec

            from .imports import ProgramLoader

            loader = ProgramLoader(fullname, os.path.abspath(path), python_version, python)
            ns["__loader__"] = loader
            ns["__spec__"] = ModuleSpec(fullname, loader, origin=path)
        else:
            assert target is not None
            code = load_code(target, python_version, python, main=True)
            argv0 = target
            home = os.path.dirname(os.path.abspath(target))
            sys_path0 = home
            absolute = code.traits["main_file_absolute"]
            ns["__file__"] = os.path.abspath(target) if absolute else target
            if code.traits["main_cached"]:
                ns["__cached__"] = None
            from .imports import ProgramLoader

            ns["__loader__"] = ProgramLoader("__main__", os.path.abspath(target), python_version,
                                            python)
        if code.traits["main_annotations"]:
            ns["__annotations__"] = {}
        set_engine(engine)
        host_room(engine.recursion_limit)
        sys.argv = [argv0, *args]
        if sys.path:
            sys.path[0] = sys_path0
        else:
            sys.path.append(sys_path0)
        sys.modules["__main__"] = main
        finder = ProgramFinder([home, *paths], python_version, python)
        install_finder(finder)
        from . import hooks as hooks_module
        from . import limits

        hooks_module.install(hooks)
        from .hostpatch import patched

        limits.reset()
        watchdog = limits.Watchdog(timeout) if timeout is not None else None
        py2 = code.version.strings == "py2"
        if code.version.version >= (3, 14) and sys.version_info < (3, 14):
            from .templatelib import module as templatelib

            templatelib()  # t-strings' string.templatelib, on a host without it
        if py2:
            from .py2runtime import Session, at_exit

            session: Any = Session()
        else:
            import contextlib

            session = contextlib.nullcontext()
        with patched(engine), session:
            status = 0
            try:
                if watchdog is not None:
                    watchdog.start()
                if module is not None and ns["__package__"]:
                    import importlib

                    importlib.import_module(ns["__package__"])  # -m runs its packages first
                run_module_code(code, ns)
            except SystemExit as exc:
                status = _exit_status(exc)
            except (EngineError, StopRun):
                raise
            except BaseException as exc:  # the program's uncaught exception
                reason = limits.stop_reason()
                if reason is not None:  # the watchdog's interrupt, or a swallowed limit
                    raise reason from None
                from .report import print_uncaught

                if py2:
                    at_exit()
                _flush()
                print_uncaught(exc, code.version)
                _flush()
                status = 130 if isinstance(exc, KeyboardInterrupt) else 1
            finally:
                if watchdog is not None:
                    watchdog.cancel()
            if finalize:
                status = _finalize(ns, status)
        _flush()
        reason = limits.stop_reason()
        if reason is not None:  # the program swallowed the limit error and ended
            raise reason
        return status
    finally:
        from . import hooks as hooks_module

        hooks_module.install(None)
        if finder is not None:
            remove_finder(finder)
        _restore_state(saved)
        set_engine(None)


def _finalize(ns: dict[str, Any], status: int) -> int:
    """The end of an interpreter run (``Py_FinalizeEx``): ``atexit`` functions, then the
    main module's names cleared in CPython's order; return the exit status."""
    import atexit
    import gc
    import threading

    if threading.active_count() > 1:
        return status  # the host's own exit waits for the threads first
    try:
        atexit._run_exitfuncs()
    except SystemExit as exc:
        status = _exit_status(exc)
    _flush()
    for single in (True, False):  # _PyModule_ClearDict: _names first, then the rest
        for key in list(ns):
            if not isinstance(key, str) or key == "__builtins__" or ns.get(key) is None:
                continue
            if single and not (key.startswith("_") and not key.startswith("__")):
                continue
            try:
                ns[key] = None
            except Exception:
                pass
    gc.collect()
    _flush()
    return status


def _find_module(name: str, paths: Sequence[str]) -> tuple[str, str, str]:
    """The file ``-m name`` runs (a package runs its ``__main__``), the module's
    full name and its package's name."""
    from .imports import _module_file

    parts = name.split(".")
    for base in [os.getcwd(), *paths]:
        d = os.path.join(base, *parts[:-1])
        pkg = os.path.join(d, parts[-1])
        if os.path.isdir(pkg):
            found = _module_file(pkg, "__main__")
            if found:
                return found, name + ".__main__", name
        found = _module_file(d, parts[-1])
        if found:
            return found, name, ".".join(parts[:-1])
    raise InputError(f"No module named {name}")


def _exit_status(exc: SystemExit) -> int:
    """The exit status ``SystemExit`` gives (a non-int code is printed to stderr)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    _flush()
    try:
        print(code, file=sys.stderr)
    except Exception:
        pass
    return 1


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _save_state() -> dict[str, Any]:
    return {
        "argv": list(sys.argv), "path": list(sys.path), "main": sys.modules.get("__main__"),
        "limit": sys.getrecursionlimit(),
    }


def _restore_state(saved: dict[str, Any]) -> None:
    sys.argv[:] = saved["argv"]
    sys.path[:] = saved["path"]
    if saved["main"] is not None:
        sys.modules["__main__"] = saved["main"]
    sys.setrecursionlimit(saved["limit"])
