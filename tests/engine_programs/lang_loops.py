# for/else and while/else, break and continue, nested loops, range forms, loop variable after loop.
# py2-compatible: yes
from __future__ import print_function


def find(items, target):
    for i, v in enumerate(items):
        if v == target:
            break
    else:
        return "not found"
    return "found at %d" % i


print(find([5, 6, 7], 6), find([5], 9), find([], 1))
n, steps = 27, 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
else:
    print("collatz steps", steps)
out = []
for a in range(4):
    for b in range(4):
        if b > a:
            break
        if (a + b) % 2:
            continue
        out.append((a, b))
print(out)
print(list(range(10, 0, -3)), list(range(-2, 3)), list(range(0)), range(1, 10, 2)[2], len(range(0, 100, 7)))
for last in range(3):
    pass
print(last)
i = 0
while True:
    i += 1
    if i > 5:
        break
print(i)
