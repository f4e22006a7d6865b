"""Class-heavy code: small objects, properties, dunder arithmetic, inheritance, isinstance."""
import sys


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y

    @property
    def norm2(self):
        return self.dot(self)


class Shape:
    def __init__(self, origin):
        self.origin = origin

    def area(self):
        raise NotImplementedError

    def moved(self, d):
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        clone.origin = self.origin + d
        return clone


class Rect(Shape):
    def __init__(self, origin, w, h):
        super().__init__(origin)
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Circle(Shape):
    def __init__(self, origin, r):
        super().__init__(origin)
        self.r = r

    def area(self):
        return 3.0 * self.r * self.r


def main(n):
    shapes = []
    for i in range(200):
        o = Vec(i % 17, i % 23)
        shapes.append(Rect(o, i % 5 + 1, i % 7 + 1) if i % 2 else Circle(o, i % 4 + 1))
    step = Vec(1, -1)
    total = 0.0
    checksum = 0
    for r in range(n):
        for s in shapes:
            s2 = s.moved(step * (r % 3))
            total += s2.area()
            if isinstance(s2, Circle):
                checksum += int(s2.origin.norm2) % 11
            else:
                checksum += (s2.origin - s.origin).dot(step)
    print("%.1f %d" % (total, checksum))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 800)
