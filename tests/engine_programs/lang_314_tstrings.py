# min-version: 3.14
# Template strings (PEP 750): t"..." gives a Template of strings and interpolations.
from string.templatelib import Interpolation, Template

name, n = "world", 3
t = t"hello {name!r} x{n:>4}"
print(type(t).__name__, t.strings, [(i.value, i.expression, i.conversion, i.format_spec) for i in t.interpolations])
print("".join(part if isinstance(part, str) else format(part.value, part.format_spec) for part in t))
print(isinstance(t, Template), isinstance(t.interpolations[0], Interpolation))
