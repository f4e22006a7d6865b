# nonlocal across several levels, and its interplay with loops and closures.
def outer():
    x = 0
    log = []

    def middle():
        nonlocal x
        x += 1

        def inner():
            nonlocal x
            x += 10
            return x
        log.append(inner())
        return x
    for _ in range(3):
        middle()
    return x, log


def accumulate():
    total = 0

    def add(n):
        nonlocal total
        total += n
        return total
    return add


print(outer())
acc = accumulate()
print([acc(i) for i in range(5)])


def shadow():
    v = "outer"

    def f():
        v = "local"
        return v

    def g():
        nonlocal v
        v = "changed"
    f()
    g()
    return v


print(shadow())
