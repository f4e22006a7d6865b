from __future__ import print_function

import math

from . import util


class Shape(object):
    registry = []

    def area(self):
        raise NotImplementedError(type(self).__name__)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(util.fmt(v) for v in self.params()))

    def __lt__(self, other):
        return self.area() < other.area()


class Circle(Shape):
    def __init__(self, r):
        self.r = r
        Shape.registry.append(self)

    def params(self):
        return [self.r]

    def area(self):
        return math.pi * self.r ** 2


class Square(Shape):
    def __init__(self, side):
        self.side = side
        Shape.registry.append(self)

    def params(self):
        return [self.side]

    def area(self):
        return self.side * self.side
