# with-statement targets: tuples, attributes and subscripts as `as` targets.
import contextlib


@contextlib.contextmanager
def pair():
    yield (1, [2, 3])


class Holder:
    pass


h = Holder()
store = {}
with pair() as (a, (b, c)):
    print(a, b, c)
with pair() as h.attr:
    pass
with pair() as store["k"]:
    pass
print(h.attr, store)
