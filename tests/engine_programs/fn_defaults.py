# Default values: evaluated once at def time, shared mutable defaults, __defaults__.
# py2-compatible: yes
from __future__ import print_function

calls = []


def default_source(tag):
    calls.append(tag)
    return tag


def f(a, b=default_source("b"), c=default_source("c")):
    return (a, b, c)


def append(x, into=[]):
    into.append(x)
    return into


def g(x, y=None):
    if y is None:
        y = []
    y.append(x)
    return y


print(calls)
print(f(1), f(1, 2), f(1, 2, 3), f(1, c=9))
print(append(1), append(2), append(3))
print(g(1), g(2))
print(f.__defaults__)
f.__defaults__ = ("B", "C")
print(f(0))
print(append.__defaults__)
