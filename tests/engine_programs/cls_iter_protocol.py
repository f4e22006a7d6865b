# The iterator protocol: __iter__/__next__, StopIteration, iter(callable, sentinel), iterables in host code.
class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


class Repeat:
    def __init__(self, items, times):
        self.items, self.times = items, times

    def __iter__(self):
        for _ in range(self.times):
            for it in self.items:
                yield it


print(list(Countdown(4)), sum(Countdown(10)), max(Countdown(3)))
print(list(Repeat("ab", 3)), dict(zip(Countdown(3), "xyz")), sorted(Repeat([3, 1], 2)))
it = iter(Countdown(2))
print(next(it), next(it), next(it, "done"))
state = [0]


def source():
    state[0] += 1
    return state[0]


print(list(iter(source, 5)), any(x > 2 for x in Countdown(5)), all(Countdown(0)))
a, b, c = Countdown(3)
print(a, b, c, list(enumerate(Countdown(2), 1)), tuple(map(str, Countdown(3))))
