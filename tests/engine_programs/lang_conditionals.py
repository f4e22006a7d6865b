# Conditional expressions, truthiness of values and objects, nested ternaries, short-circuits.
# py2-compatible: yes
from __future__ import print_function


class Falsy(object):
    def __bool__(self):
        return False
    __nonzero__ = __bool__


class Sized(object):
    def __len__(self):
        return 0


for v in (0, 1, "", "a", [], [0], {}, None, 0.0, Falsy(), Sized(), object):
    print(type(v).__name__, "truthy" if v else "falsy")


def grade(n):
    return "A" if n >= 90 else "B" if n >= 80 else "C" if n >= 70 else "F"


print([grade(n) for n in (95, 85, 75, 5)])
x = None
print(x or "default", x and x.attr, (x is None) and "is None")
if not x and not []:
    print("both falsy")
elif x:
    print("unreachable")
