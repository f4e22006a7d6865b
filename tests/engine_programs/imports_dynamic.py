# importlib.import_module and __import__ of the program's modules and of stdlib modules.
import importlib

errors = importlib.import_module("corpuspkg.errors")
deep = importlib.import_module(".sub.deep", "corpuspkg")
print(errors.PkgFailure("x", 3), deep.where())
mod = __import__("corpuspkg.util", fromlist=["fmt"])
print(mod.__name__, mod.fmt(1.5))
top = __import__("corpuspkg.sub")
print(top.__name__, top.sub.NAME)
json = importlib.import_module("json")
print(json.dumps({"b": 1, "a": [1, 2]}, sort_keys=True))
try:
    importlib.import_module("corpuspkg.nothing_here")
except ImportError as exc:
    print(type(exc).__name__, exc.name)
