# Classes: instance and class attributes, methods, classmethod, staticmethod, bound methods.
# py2-compatible: yes
from __future__ import print_function


class Point(object):
    dims = 2
    created = 0

    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.created += 1

    def norm2(self):
        return self.x ** 2 + self.y ** 2

    @classmethod
    def origin(cls):
        return cls(0, 0)

    @staticmethod
    def parse(text):
        x, y = text.split(",")
        return Point(int(x), int(y))

    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)


p = Point(3, 4)
print(p, p.norm2(), Point.origin(), Point.parse("5,6"), Point.created)
m = p.norm2
print(m(), m.__self__ is p, m.__func__ is Point.norm2 or m.__func__ is Point.__dict__["norm2"])
p.dims = 3
print(p.dims, Point.dims, sorted(vars(p)))
del p.dims
print(p.dims)
print(type(p).__name__, isinstance(p, Point), issubclass(Point, object))
print(getattr(p, "z", "no z"), hasattr(p, "x"))
setattr(p, "z", 7)
print(p.z)
