# throw() and close(): handled, unhandled, finally blocks, ignoring GeneratorExit.
def worker():
    try:
        while True:
            try:
                yield "working"
            except ValueError as exc:
                yield "recovered from %s" % exc
    finally:
        print("cleanup")


w = worker()
print(next(w))
print(w.throw(ValueError("v1")))
print(next(w))
try:
    w.throw(KeyError("k"))
except KeyError as exc:
    print("propagated", type(exc).__name__, exc.args)
print(next(w, "exhausted"))


def stubborn():
    while True:
        try:
            yield
        except GeneratorExit:
            print("ignoring exit")


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as exc:
    print("RuntimeError:", exc)


def quiet():
    yield 1


q = quiet()
q.close()
print(list(q))
q2 = quiet()
next(q2)
q2.close()
print(next(q2, "closed"))
try:
    quiet().throw(IndexError, IndexError("typed"))
except IndexError as exc:
    print("IndexError", exc)
