# Generators: lazy execution, next(), StopIteration with a return value, exhaustion.
# py2-compatible: yes
from __future__ import print_function


def numbers(n):
    print("start")
    for i in range(n):
        print("yield", i)
        yield i
    print("end")


g = numbers(2)
print("created")
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration:
    print("StopIteration")
print(list(g), type(g).__name__)


def fibs():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


import itertools
print(list(itertools.islice(fibs(), 12)))


def with_return():
    yield 1
    return_value = "done"
    yield return_value


print(list(with_return()))
print(sum(x * x for x in range(10)), list(x for x in "abc" if x != "b"))
