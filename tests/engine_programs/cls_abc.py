# abc: abstract methods, registration, collections.abc mixins on VM classes.
import abc
import collections.abc


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...

    def twice(self):
        return 2 * self.area()


class Sq(Shape):
    def area(self):
        return 9


try:
    Shape()
except TypeError:
    print("cannot instantiate Shape")
print(Sq().twice(), isinstance(Sq(), Shape), sorted(Shape.__abstractmethods__))


class Bag(collections.abc.MutableSet):
    def __init__(self, items=()):
        self.items = list(dict.fromkeys(items))

    def __contains__(self, x):
        return x in self.items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def add(self, x):
        if x not in self.items:
            self.items.append(x)

    def discard(self, x):
        if x in self.items:
            self.items.remove(x)


b = Bag([3, 1, 3, 2])
b |= {5}
print(list(b), len(b), 2 in b, b <= Bag([1, 2, 3, 5, 8]), sorted(b & {1, 5, 7}))


class Anything:
    pass


Shape.register(Anything)
print(isinstance(Anything(), Shape), issubclass(list, collections.abc.Sequence))
