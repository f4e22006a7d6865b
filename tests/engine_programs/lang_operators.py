# Operators: floor division and modulo signs, power, bitwise, chained comparisons, and/or values.
# py2-compatible: yes
from __future__ import print_function

print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 2 ** 10, 2 ** -1, (-2) ** 3, -2 ** 2)
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, -16 >> 2, 255 >> 4)
print(1 < 2 < 3, 1 < 3 < 2, 1 == 1.0 != 2, 3 > 2 >= 2 > 1)
print(0 or "x", "" or [] or None, 1 and 2, 0 and 1 / 0, not [], not 0.0)
x = [1]
print(x is x, x is not [1], 1 in x, 2 not in x, "b" in "abc", (1, 2) in [(1, 2)])
print(7.0 // 2, 7.5 % 2, -0.0 == 0.0, abs(-3), +True, -True, True + True)
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5))


def side(v, log=[]):
    log.append(v)
    return v


print(side(1) < side(2) < side(0) < side(9), side.__defaults__[0])
