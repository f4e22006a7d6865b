# from package import * follows __all__; a module's globals after import.
from corpuspkg import *

print(sorted(k for k in dir() if not k.startswith("_")))
print(VERSION, describe(Square(3)), util.fmt(0.5))
try:
    PkgError
except NameError:
    print("PkgError is not in __all__")
