# min-version: 3.8
# The walrus operator in comprehensions binds in the containing scope.
def f(data):
    if any((hit := v) > 10 for v in data):
        return "first over 10: %d" % hit
    return "none"


values = [y for x in range(6) if (y := x * x) % 2]
print(values, y)
print(f([1, 5, 12, 30]), f([1]))
total = 0
partial_sums = [total := total + v for v in range(5)]
print(partial_sums, total)


def counter():
    [count := c for c in range(3)]
    return count


print(counter())
