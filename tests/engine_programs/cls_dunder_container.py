# Container dunders: len, getitem with slices, setitem, delitem, contains, reversed, bool.
class Seq:
    def __init__(self, *items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return Seq(*self.items[key])
        return self.items[key]

    def __setitem__(self, key, value):
        self.items[key] = value

    def __delitem__(self, key):
        del self.items[key]

    def __contains__(self, value):
        return value in self.items

    def __reversed__(self):
        return iter(self.items[::-1])

    def __repr__(self):
        return "Seq%r" % (tuple(self.items),)


s = Seq(1, 2, 3, 4, 5)
print(len(s), s[0], s[-1], s[1:4], s[::2], 3 in s, 9 in s, list(reversed(s)))
s[0] = 10
del s[1]
s[1:3] = [7, 8]
print(s, bool(s), bool(Seq()))
print(list(s), sorted(s), sum(s), [x for x in s])
try:
    s[20]
except IndexError as exc:
    print("IndexError:", exc)


class OnlyGetitem:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * i


print(list(OnlyGetitem()), 4 in OnlyGetitem(), 5 in OnlyGetitem())
