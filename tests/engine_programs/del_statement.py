# del of names, attributes, items, slices, and in loops; deleting undefined names.
# py2-compatible: yes
from __future__ import print_function

x = 1
del x
try:
    x
except NameError as exc:
    print("NameError after del")
lst = list(range(10))
del lst[0], lst[-1]
del lst[::3]
del lst[1:2]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(sorted(d))


class O(object):
    pass


o = O()
o.a = o.b = 1
del o.a
print(sorted(vars(o)))
try:
    del o.zzz
except AttributeError:
    print("AttributeError on del of a missing attribute")
try:
    del d["zzz"]
except KeyError as exc:
    print("KeyError", exc)


def f():
    y = 5
    del y
    try:
        return y
    except NameError:
        return "local deleted"


print(f())
a = b = c = 3
del a, b
print("c" in dir(), "a" in dir())
