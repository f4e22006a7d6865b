# Float edge values: NaN identity in containers, -0.0, infinities, huge ints vs floats.
import math

nan = float("nan")
lst = [nan]
print(nan == nan, nan in lst, lst.count(nan), lst.index(nan), {nan: 1}.get(nan), nan is nan)
print(math.copysign(1, -0.0), -0.0 == 0.0, str(-0.0), repr(0.0 * -1), 1 / float("inf"))
print(float("inf") - float("inf") != float("inf") - float("inf"), math.isinf(1e308 * 10))
print(2 ** 1023 * 2.0 if False else float(2 ** 1023), 10 ** 400 > 1e308, math.isclose(0.1 + 0.2, 0.3))
try:
    float(10 ** 400)
except OverflowError as exc:
    print("OverflowError")
print(max(nan, 1), max(1, nan), sorted([3, 1.5, 2]), int(-0.9), int(2.9), math.trunc(-2.5))
