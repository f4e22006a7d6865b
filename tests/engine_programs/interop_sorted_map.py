# VM functions called by host code: sorted/min/max key=, map, filter, functools.reduce, cmp_to_key.
# py2-compatible: yes
from __future__ import print_function
import functools

words = ["pear", "Apple", "fig", "banana", "cherry"]
print(sorted(words, key=lambda w: w.lower()), sorted(words, key=len, reverse=True))
print(min(words, key=lambda w: w[-1]), max(words, key=lambda w: (len(w), w)))


def compare(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or ((a > b) - (a < b))


print(sorted(words, key=functools.cmp_to_key(compare)))
print(list(map(lambda x, y: x * y, [1, 2, 3], [4, 5, 6])), list(filter(lambda w: "a" in w, words)))
print(functools.reduce(lambda acc, w: acc + len(w), words, 0))
words.sort(key=lambda w: w[1])
print(words)


class Item(object):
    def __init__(self, n):
        self.n = n

    def __lt__(self, other):
        return self.n > other.n


print([i.n for i in sorted(Item(v) for v in [3, 1, 2])], max(Item(1), Item(5)).n)
