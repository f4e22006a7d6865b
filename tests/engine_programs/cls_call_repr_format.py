# __call__, __repr__, __str__, __format__, __bool__, __int__, __index__, __round__.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __call__(self, factor):
        return Money(self.cents * factor)

    def __repr__(self):
        return "Money(%d)" % self.cents

    def __str__(self):
        return "$%d.%02d" % divmod(self.cents, 100)

    def __format__(self, spec):
        if spec == "c":
            return "%dc" % self.cents
        return format(str(self), spec)

    def __bool__(self):
        return self.cents != 0

    def __int__(self):
        return self.cents // 100

    def __index__(self):
        return self.cents

    def __float__(self):
        return self.cents / 100.0

    def __round__(self, n=None):
        return "rounded %r" % (n,)


m = Money(1234)
print(repr(m), str(m), m(2), "{0:c} {0:>10} {0!r}".format(m), f"{m:c}|{m!s:<8}|")
print(bool(m), bool(Money(0)), int(m), float(m), round(m), round(m, 1))
print([0, 1, 2, 3][Money(2)], hex(Money(255)), "ab" * Money(3))
print("%s and %r" % (m, m))
