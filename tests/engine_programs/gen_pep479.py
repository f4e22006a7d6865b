# min-version: 3.7
# PEP 479: a StopIteration raised inside a generator becomes RuntimeError.
def leaky():
    yield 1
    raise StopIteration("leak")


def via_next():
    it = iter([])
    yield next(it)


for g in (leaky(), via_next()):
    try:
        print(list(g))
    except RuntimeError as exc:
        print("RuntimeError:", exc, "| cause:", type(exc.__cause__).__name__)
