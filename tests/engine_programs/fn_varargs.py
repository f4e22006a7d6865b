# *args and **kwargs, in definitions and calls, several unpackings in one call.
# py2-compatible: yes
from __future__ import print_function


def collect(*args, **kwargs):
    return args, sorted(kwargs.items())


def fixed(a, b, c=0, d=0):
    return a + b * 10 + c * 100 + d * 1000


print(collect())
print(collect(1, 2, x=3))
print(collect(*[1, 2], **{"k": "v"}))
print(fixed(*(1, 2)), fixed(1, *(2, 3)), fixed(**{"a": 1, "b": 2, "d": 4}))
args = (1, 2, 3)
kw = {"d": 9}
print(fixed(*args, **kw))
t = tuple(range(5))
print(collect(*t))


def passthrough(*a, **k):
    return fixed(*a, **k)


print(passthrough(5, 6, d=7))
try:
    fixed(1, 2, **{"a": 5})
except TypeError as exc:
    print("TypeError", type(exc).__name__)
