# Exact arithmetic: Fraction, Decimal contexts, big integers, float formatting and rounding.
from decimal import Decimal, localcontext
from fractions import Fraction

h = sum(Fraction(1, n) for n in range(1, 11))
print(h, float(h), h.limit_denominator(100), Fraction("3.1415").limit_denominator(10))
with localcontext() as ctx:
    ctx.prec = 30
    print(Decimal(1) / Decimal(7), Decimal("2").sqrt())
print(Decimal("1.10") + Decimal("2.205"), round(Decimal("2.675"), 2), Decimal(0.1))
print(2 ** 200, (2 ** 200) % 1000007, -7 // 2, -7 % 2, divmod(-7, -2), 7 // -2)
print(round(2.5), round(3.5), round(-0.5), round(1.25, 1), 0.1 + 0.2, 1e16 + 1, 1 / 3)
print(float("inf") > 10 ** 300, float("nan") == float("nan"), int(1e20), 10 ** 20 == 1e20)
print(int("ff", 16), int("0b101", 0), oct(64), bin(-5), hex(2 ** 70), (255).bit_length())
print(complex(1, 2) * complex(3, -1), abs(3 + 4j), pow(3, 100, 7), pow(2, -2))
