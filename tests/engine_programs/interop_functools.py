# min-version: 3.8
# functools on VM functions and classes: partial, lru_cache, singledispatch, cached_property, wraps.
import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info().hits > 0, fib.cache_info().misses)
power = functools.partial(pow, exp=2) if False else functools.partial(lambda b, e: b ** e, e=3)
print(power(2), power.keywords)


@functools.singledispatch
def show(x):
    return "object %r" % (x,)


@show.register(int)
def _(x):
    return "int %d" % x


@show.register(list)
def _(x):
    return "list of %d" % len(x)


print(show(1), show([1, 2]), show("s"), show(True))


class Data:
    def __init__(self):
        self.computed = 0

    @functools.cached_property
    def expensive(self):
        self.computed += 1
        return "value"


d = Data()
print(d.expensive, d.expensive, d.computed)
print(functools.reduce(lambda a, b: a * b, range(1, 8)))
part = functools.partial(print, "partial:", sep="|")
part(1, 2)
