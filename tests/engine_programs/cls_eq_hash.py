# __eq__/__hash__ in sets and dicts; __eq__ alone makes a class unhashable.
class Key:
    def __init__(self, k):
        self.k = k

    def __eq__(self, other):
        return isinstance(other, Key) and self.k.lower() == other.k.lower()

    def __hash__(self):
        return hash(self.k.lower())

    def __repr__(self):
        return "Key(%r)" % self.k


class NoHash:
    def __eq__(self, other):
        return True


d = {Key("A"): 1}
d[Key("a")] = 2
s = {Key("x"), Key("X"), Key("y")}
print(d, len(s), Key("Y") in s, sorted(k.k.lower() for k in s))
print(NoHash.__hash__ is None)
try:
    {NoHash()}
except TypeError as exc:
    print("TypeError for an unhashable set element")
print(NoHash() == 3, [1, 2].count(NoHash()) if False else [NoHash()].count(5))


class Collide:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return 1

    def __eq__(self, o):
        return self.v == o.v


cs = {Collide(i % 5) for i in range(20)}
print(len(cs), sorted(c.v for c in cs))
