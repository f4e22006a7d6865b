# Exceptions raised inside comprehensions propagate; names the comprehension cannot see.
def bad(v):
    if v == 2:
        raise ValueError("bad value %d" % v)
    return v


for make in (lambda: [bad(v) for v in range(4)],
             lambda: {v: bad(v) for v in range(4)},
             lambda: sum(bad(v) for v in range(4)),
             lambda: {1 / (v - 1) for v in range(3)}):
    try:
        print(make())
    except (ValueError, ZeroDivisionError) as exc:
        print(type(exc).__name__, exc)
try:
    [undefined_here for _ in range(1)]
except NameError as exc:
    print("NameError:", exc)
