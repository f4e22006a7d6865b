# Generator return values: StopIteration.value, yield from results, return in try/finally.
def g():
    try:
        yield 1
        return "ret"
    finally:
        print("finally runs")


it = g()
print(next(it))
try:
    next(it)
except StopIteration as exc:
    print("value:", exc.value, exc.args)


def outer():
    result = yield from g()
    yield "outer got " + result


print(list(outer()))
