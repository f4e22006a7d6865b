# enum: Enum, IntEnum, auto, iteration, lookups, aliases, methods on members.
import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1  # alias

    def describe(self):
        return "%s is %d" % (self.name.lower(), self.value)


class Level(enum.IntEnum):
    LOW = 10
    HIGH = 20


class Auto(enum.Enum):
    A = enum.auto()
    B = enum.auto()


class Perm(enum.Flag):
    R = 4
    W = 2
    X = 1


print([c.name for c in Color], Color(2).name, Color["BLUE"].value, Color.CRIMSON is Color.RED)
print(repr(Color.RED), Color.RED.describe(), len(Color), Color.RED in Color)
print(Level.LOW < Level.HIGH, Level.HIGH + 1, int(Level.LOW), Level(20).name)
print([a.value for a in Auto], Auto.B.name)
rw = Perm.R | Perm.W
print(rw.value, Perm.W in rw, Perm.X in rw, bool(Perm.R & Perm.X))
try:
    Color(9)
except ValueError as exc:
    print("ValueError:", exc)
print(sorted(Color.__members__))
print({Color.RED: "r"}[Color.CRIMSON], Color.RED == 1, Level.LOW == 10)
