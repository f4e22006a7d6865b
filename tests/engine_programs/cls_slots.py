# __slots__: no __dict__, AttributeError for other names, slots with inheritance and defaults.
class P:
    __slots__ = ("x", "y")

    def __init__(self, x):
        self.x = x


class Q(P):
    __slots__ = ("z",)


class R(P):
    pass


p = P(1)
try:
    p.w = 5
except AttributeError as exc:
    print("AttributeError")
try:
    print(p.y)
except AttributeError:
    print("unset slot raises AttributeError")
print(hasattr(p, "__dict__"), P.__slots__, type(P.x).__name__)
q = Q(2)
q.z = 3
print(q.x, q.z, hasattr(q, "__dict__"))
r = R(4)
r.anything = 5
print(r.anything, sorted(r.__dict__))
del p.x
print(hasattr(p, "x"))
