# Star-unpacking in assignments, for loops, nested targets and displays.
a, *b = [1, 2, 3, 4]
*c, d = "xyz"
e, *f, g = range(6)
(h, i), *j = [(1, 2), 3, 4]
print(a, b, c, d, e, f, g, h, i, j)
for first, *rest in [(1, 2, 3), (4,), "ab"]:
    print(first, rest)
[k, [l, *m]] = [1, [2, 3, 4]]
print(k, l, m)
print([*range(3), *"ab"], (*[1], *(2, 3)), {*"aa", *"b"} == {"a", "b"}, {**{"x": 1}, "y": 2})
x, y = y_swap = 1, 2
y, x = x, y
print(x, y, y_swap)
head, *_ = [9]
print(head, _)
