# min-version: 3.8
# Assignment expressions in while, if, calls and nested scopes.
import re

data = iter([3, 1, 4, 1, 5, 0, 9])
seen = []
while (n := next(data)) != 0:
    seen.append(n)
print(seen, n)
if (m := re.match(r"(\w+)@(\w+)", "ann@example")) is not None:
    print(m.group(1), m.group(2))
print((y := 10) + y, [z := 5, z ** 2])


def f():
    lst = [(w := i) for i in range(3)]
    return w, lst


print(f())
print(len(s := "hello"), s)
