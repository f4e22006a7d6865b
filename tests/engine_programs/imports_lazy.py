# min-version: 3.7
# A module-level __getattr__ and __dir__ (PEP 562) in the program's own package.
from corpuspkg import lazy

print(lazy.EAGER, lazy.lazy_thing, lazy.lazy_other, lazy._made, dir(lazy))
try:
    lazy.missing
except AttributeError as exc:
    print("AttributeError:", exc)
from corpuspkg.lazy import lazy_imported
print(lazy_imported)
