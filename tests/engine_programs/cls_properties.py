# property: getter, setter, deleter, computed values, overriding in subclasses, read-only errors.
# py2-compatible: yes
from __future__ import print_function


class Temperature(object):
    def __init__(self):
        self._c = 0.0
        self.log = []

    @property
    def celsius(self):
        self.log.append("get")
        return self._c

    @celsius.setter
    def celsius(self, value):
        self.log.append("set")
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @celsius.deleter
    def celsius(self):
        self.log.append("del")
        self._c = 0.0

    fahrenheit = property(lambda self: self._c * 9 / 5 + 32, doc="derived")


t = Temperature()
t.celsius = 100
print(t.celsius, t.fahrenheit)
del t.celsius
print(t.celsius, t.log)
try:
    t.celsius = -500
except ValueError as exc:
    print("ValueError:", exc)
try:
    t.fahrenheit = 3
except AttributeError:
    print("read-only property")
print(Temperature.fahrenheit.__doc__, type(Temperature.celsius).__name__)


class Kelvin(Temperature):
    @property
    def celsius(self):
        return "overridden"


print(Kelvin().celsius)
