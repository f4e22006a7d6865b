# Rich comparisons: reflected fallbacks, total_ordering, sorting objects, chained comparisons.
import functools


@functools.total_ordering
class Ver:
    def __init__(self, s):
        self.t = tuple(int(p) for p in s.split("."))

    def __eq__(self, o):
        return isinstance(o, Ver) and self.t == o.t

    def __lt__(self, o):
        return self.t < o.t

    def __hash__(self):
        return hash(self.t)

    def __repr__(self):
        return ".".join(map(str, self.t))


vs = [Ver("1.10"), Ver("1.2"), Ver("1.2.1"), Ver("0.9")]
print(sorted(vs), max(vs), min(vs), Ver("1.0") <= Ver("1.0") < Ver("2"))
print(Ver("1.2") >= Ver("1.1"), Ver("1") != Ver("1"), Ver("1") == "1")


class Loud:
    def __init__(self, n):
        self.n = n

    def __gt__(self, o):
        print("gt", self.n, getattr(o, "n", o))
        return True


print(3 < Loud(1))
try:
    Loud(1) < Loud(2) < 5
except TypeError as exc:
    print("TypeError:", exc)
