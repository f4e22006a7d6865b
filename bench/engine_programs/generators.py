"""Generator pipelines: chained generators, yield from, generator expressions, send()."""
import sys


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


def squares(it):
    for x in it:
        yield x * x


def windows(it, size):
    window = []
    for x in it:
        window.append(x)
        if len(window) == size:
            yield tuple(window)
            del window[0]


def flatten(it):
    for group in it:
        yield from group


def accumulator():
    total = 0
    while True:
        value = yield total
        total += value


def main(n):
    acc = accumulator()
    next(acc)
    last = 0
    for v in flatten(windows(squares(evens(numbers(n))), 3)):
        last = acc.send(v % 1000)
    extra = sum(x for x in (y * 3 for y in numbers(n // 2)) if x % 7)
    print(last, extra)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 300000)
