"""Functions with loops, closures and a class, so the bytecode is not trivial."""


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


class Describer(object):
    def __init__(self, sep):
        self.sep = sep

    def __call__(self, mapping):
        keys = sorted(mapping)
        return self.sep.join("%s=%r" % (k, mapping[k]) for k in keys)


def describe(mapping):
    return Describer("; ")(mapping)
