# min-version: 3.10
# match: class patterns, __match_args__, keyword patterns, dataclasses, builtin class patterns.
from dataclasses import dataclass


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


@dataclass
class Circle:
    center: Point
    r: float


@dataclass
class Rect:
    corner: Point
    w: float
    h: float


def describe(s):
    match s:
        case Point(0, 0):
            return "origin"
        case Point(x, 0) | Point(0, x):
            return "on an axis at %r" % x
        case Point(x=x, y=y) if x == y:
            return "diagonal %r" % x
        case Circle(Point(x, y), r=r) if r > 10:
            return "big circle at %r,%r" % (x, y)
        case Circle(center=c, r=r):
            return "circle r=%r" % r
        case Rect(_, w, h) if w == h:
            return "square %r" % w
        case Rect(w=w):
            return "rect w=%r" % w
        case int(v) | float(v):
            return "number %r" % v
        case [Point(), *_]:
            return "list of points"
        case _:
            return "unknown"


for s in (Point(0, 0), Point(3, 0), Point(0, 4), Point(2, 2), Point(1, 2), Circle(Point(1, 1), 20),
          Circle(Point(0, 0), 1), Rect(Point(0, 0), 2, 2), Rect(Point(0, 0), 2, 3), 5, 2.5,
          [Point(1, 1)], "x"):
    print(describe(s))
try:
    match Point(1, 2):
        case Point(1, 2, 3):
            pass
except TypeError as exc:
    print("TypeError:", exc)
