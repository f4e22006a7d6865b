# Host containers and operators calling VM dunders: list.index/count use __eq__, dict keys __hash__,
# `in` on host lists, sorted() uses __lt__, str() and format() call __str__/__format__.
class Loose:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return getattr(other, "v", other) == self.v

    def __hash__(self):
        return hash(self.v)

    def __lt__(self, other):
        return self.v < other.v

    def __repr__(self):
        return "L%d" % self.v


items = [Loose(3), Loose(1), Loose(2)]
print(items.index(1), items.count(Loose(2)), 3 in items, Loose(9) in items)
print(sorted(items), {Loose(1): "one"}[1] if 1 in {Loose(1): "one"} else "missing")
print(min(items), max(items), sorted(set(items + [Loose(1)])))
print(list(map(repr, items)), str(items), "{}".format(items[0]))
