# min-version: 3.10
# match: sequence patterns, star captures, nesting, strings are not sequences here.
def shape(seq):
    match seq:
        case []:
            return "empty"
        case [x]:
            return "one %r" % (x,)
        case [x, y] if x == y:
            return "pair of equals"
        case [first, *middle, last] if len(middle) > 2:
            return "long: %r..%r (%d between)" % (first, last, len(middle))
        case [(a, b), *rest]:
            return "starts with a pair %r %r, rest %r" % (a, b, rest)
        case [_, [_, *inner]]:
            return "nested inner %r" % (inner,)
        case (x, y, *_):
            return "at least two: %r %r" % (x, y)
        case _:
            return "not a sequence"


for v in ([], [1], [2, 2], [1, 2, 3, 4, 5], [(1, 2), 3], [0, [1, 2, 3]], (5, 6, 7), "str", range(3), {1: 2}):
    print(repr(v), "->", shape(v))
