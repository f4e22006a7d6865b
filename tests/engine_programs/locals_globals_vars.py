# locals(), globals(), vars() in functions, classes and the module (3.13 made locals() a snapshot).
G = 1


def f(a, b=2):
    c = a + b
    snap = locals()
    d = 4
    return sorted(snap), sorted(locals())


def modify():
    x = 1
    locals()["x"] = 99
    return x


def with_snapshot():
    x = 1
    loc = locals()
    x = 2
    return loc["x"], locals()["x"]


print(f(1), modify(), with_snapshot())
print("G" in globals(), globals()["G"], globals() is vars(), __name__ in (globals()["__name__"],))


class K:
    a = 1
    names = sorted(locals())


print(K.names, sorted(k for k in vars(K) if not k.startswith("__")))


class Obj:
    def __init__(self):
        self.p = 1


print(vars(Obj()))
try:
    vars(5)
except TypeError as exc:
    print("TypeError:", exc)
