# Closures and cells: shared cells, counters, cells of arguments, __closure__.
# py2-compatible: yes
from __future__ import print_function


def make_counter():
    count = [0]

    def inc():
        count[0] += 1
        return count[0]

    def get():
        return count[0]
    return inc, get


def pair(x):
    def getx():
        return x

    def setx(v):
        # rebinding through a helper list is the py2-compatible way
        box[0] = v
    box = [x]
    return getx, setx, lambda: box[0]


inc, get = make_counter()
inc()
inc()
print(get(), inc(), get())
getx, setx, getbox = pair(5)
setx(9)
print(getx(), getbox())
print(len(inc.__closure__), type(inc.__closure__[0]).__name__)
print(inc.__code__.co_freevars, make_counter.__code__.co_cellvars)


def curry(f, *a):
    return lambda *b: f(*(a + b))


print(curry(lambda x, y, z: x * 100 + y * 10 + z, 1, 2)(3))
