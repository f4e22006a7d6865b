# Generator expressions: the first iterable is evaluated at once, the rest lazily; scope.
# py2-compatible: yes
from __future__ import print_function

log = []


def src(tag, items):
    log.append(tag)
    return items


g = (x + y for x in src("outer", [1, 2]) for y in src("inner", [10, 20]))
print(log)
print(list(g), log)
x = "global x"
print(list(x for x in range(3)), x)
try:
    (1 / 0 for _ in range(1))
    print("not evaluated yet")
    list(1 / v for v in [1, 0])
except ZeroDivisionError as exc:
    print("ZeroDivisionError")
print(sorted((b, a) for a, b in enumerate("cab")))
print(max((len(w), w) for w in "the quick brown fox".split()))
