# Classic division: int / int floors, float division, // and divmod, negative operands.
print 7 / 2, -7 / 2, 7 / 2.0, 7 // 2.0, 1 / 3, 2 ** -1
print divmod(-7, 2), -7 % 2, 7.5 / 2
a = 10
a /= 4
print a, type(a).__name__


class Num(object):
    def __div__(self, other):
        return "__div__ called"

    def __truediv__(self, other):
        return "__truediv__ called"


print Num() / 2
