# Generators, .next(), closures and list comprehension variable leaking (Python 2).
def gen():
    yield 1
    yield 2


g = gen()
print g.next(), g.next(), next(g, "end")
print [leak for leak in range(3)], leak


def counter():
    count = [0]

    def inc():
        count[0] += 1
        return count[0]
    return inc


c = counter()
c()
print c(), c.func_name, c.func_closure is not None
it = iter([1, 2])
print it.next()
