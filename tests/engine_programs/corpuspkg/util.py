from __future__ import print_function

CALLS = {"fmt": 0}


def fmt(value):
    CALLS["fmt"] += 1
    if isinstance(value, float):
        return "%.3g" % value
    return repr(value)


def counter(start=0):
    state = [start]

    def tick(step=1):
        state[0] += step
        return state[0]
    return tick
