# format(), str.format and f-strings calling __format__ of VM classes, with ! conversions.
class Temp:
    def __init__(self, c):
        self.c = c

    def __format__(self, spec):
        unit = spec[-1:] if spec[-1:] in ("C", "F") else "C"
        value = self.c if unit == "C" else self.c * 9 / 5 + 32
        return "%.1f%s" % (value, unit)

    def __repr__(self):
        return "Temp(%r)" % self.c

    def __str__(self):
        return "%s degrees" % self.c


t = Temp(100)
print(format(t, "F"), format(t, ""), "{:C}|{!r}|{!s}".format(t, t, t), f"{t:F}|{t!r}|{t}")
print("{0[1]} {0[0]} {1.c}".format(["a", "b"], t), "{name:>6}".format(name="x"))
print("%-5s|%5.1f|%x|%c" % ("ab", 2.25, 255, 65), "%(a)s-%(b)s" % {"a": 1, "b": 2})
