# Unpacking errors: too many / not enough values (messages vary by version).
def show(f):
    try:
        f()
    except (ValueError, TypeError) as exc:
        print(type(exc).__name__ + ":", exc)


def two(v):
    a, b = v
    return a, b


def star(v):
    a, b, *c = v
    return a, b, c


show(lambda: two([1, 2, 3]))
show(lambda: two([1]))
show(lambda: two(iter(range(5))))
show(lambda: star([1]))
show(lambda: two(5))
show(lambda: two("ab"))
show(lambda: star("abcd"))
