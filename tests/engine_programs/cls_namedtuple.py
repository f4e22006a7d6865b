# namedtuple and typing.NamedTuple with methods, defaults, _replace and _asdict.
import collections
import typing

P = collections.namedtuple("P", "x y")


class Emp(typing.NamedTuple):
    name: str
    dept: str = "none"

    def tag(self):
        return "%s@%s" % (self.name, self.dept)


p = P(1, y=2)
print(p, p.x + p.y, p._replace(x=5), list(p._asdict().items()), P._fields)
e = Emp("ann")
print(e, e.tag(), Emp("bob", "it").tag(), e._fields, tuple(e))
a, b = p
print(a, b, p == (1, 2), isinstance(e, tuple))
