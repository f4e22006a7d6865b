# Generator pipelines with itertools: islice, chain, tee, groupby, accumulate, takewhile.
# py2-compatible: yes
from __future__ import print_function
import itertools


def read_lines():
    text = "alpha 3\nbeta 5\n\ngamma 2\nalpha 4\nbeta 1\n"
    for line in text.splitlines():
        yield line


def parse(lines):
    for line in lines:
        if line.strip():
            name, value = line.split()
            yield name, int(value)


def running_totals(pairs):
    totals = {}
    for name, value in pairs:
        totals[name] = totals.get(name, 0) + value
        yield name, totals[name]


records = list(running_totals(parse(read_lines())))
print(records)
keyed = sorted(parse(read_lines()))
print([(k, [v for _, v in grp]) for k, grp in itertools.groupby(keyed, key=lambda kv: kv[0])])
a, b = itertools.tee(x * 2 for x in range(5))
print(list(a), list(b))
print(list(itertools.takewhile(lambda v: v < 4, itertools.count())))
print(list(itertools.chain.from_iterable(([i] * i for i in range(4)))))
print(list(itertools.islice((n for n in itertools.count(1) if n % 7 == 0), 3)))
