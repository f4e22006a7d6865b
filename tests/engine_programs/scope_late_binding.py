# Late binding of closures in loops and the usual fixes.
# py2-compatible: yes
from __future__ import print_function
import functools

funcs = []
for i in range(4):
    funcs.append(lambda: i)
print([f() for f in funcs])
fixed = [functools.partial(lambda v: v, i) for i in range(4)]
print([f() for f in fixed])


def make(i):
    return lambda: i * i


print([make(i)() for i in range(4)])
i = 100
print([f() for f in funcs])
