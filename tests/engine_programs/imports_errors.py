# ImportError and ModuleNotFoundError: names and the module they refer to.
try:
    import no_such_module_anywhere
except ModuleNotFoundError as exc:
    print("ModuleNotFoundError", exc.name, exc)
try:
    from corpuspkg import no_such_name
except ImportError as exc:
    print("ImportError", exc.name, type(exc).__name__)
try:
    from corpuspkg.util import nothing
except ImportError as exc:
    print("ImportError", exc.name)
try:
    import corpuspkg.nope.deeper
except ImportError as exc:
    print(type(exc).__name__, exc.name)
