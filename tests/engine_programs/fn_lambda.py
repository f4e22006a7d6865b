# Lambdas: closures, default-argument capture, immediately-invoked, nested.
# py2-compatible: yes
from __future__ import print_function

adders = [lambda x, n=n: x + n for n in range(3)]
late = [lambda x: x + n for n in range(3)]
print([a(10) for a in adders], [l(10) for l in late])
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
print((lambda *a, **k: (a, sorted(k)))(1, 2, z=3))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(10))
