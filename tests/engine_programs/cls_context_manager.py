# Class-based context managers: __enter__ result, __exit__ arguments, suppression, nesting order.
# py2-compatible: yes
from __future__ import print_function


class Managed(object):
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress


with Managed("a") as value:
    print("body", value)
with Managed("outer", suppress=True), Managed("inner"):
    raise KeyError("k")
print("after suppression")
try:
    with Managed("x") as x, Managed("y") as y:
        print(x, y)
        raise ValueError("boom")
except ValueError as exc:
    print("caught", exc)


def early_return():
    with Managed("ret"):
        return "returned"


print(early_return())
for i in range(3):
    with Managed("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
        print("loop body", i)
