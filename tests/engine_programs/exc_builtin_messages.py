# Messages of common built-in errors (those stable across versions) and of a bad lambda call.
def show(f):
    try:
        f()
    except Exception as exc:
        print(type(exc).__name__ + ":", exc)


show(lambda: 1 / 0)
show(lambda: [][3])
show(lambda: (1, 2)[5])
show(lambda: {}["key"])
show(lambda: None.attr)
show(lambda: int("nope"))
show(lambda: [].pop())
show(lambda: {}.popitem())
show(lambda: iter(5))
show(lambda: len(5))
show(lambda: "abc".index("z"))
show(lambda: [1].remove(2))
show(lambda: float("x"))
show(lambda: chr(-1))
show(lambda: next(iter([])))
show(lambda: object().x)
show(lambda: (lambda a: a)())
