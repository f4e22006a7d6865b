# yield from: delegation of next/send/throw/close and return values.
def inner():
    got = []
    try:
        while True:
            x = yield len(got)
            if x is None:
                return got
            got.append(x)
    except KeyError:
        yield "inner handled KeyError"
    finally:
        print("inner finally")


def outer():
    result = yield from inner()
    print("inner returned", result)
    yield "after"


o = outer()
print(next(o), o.send("a"), o.send("b"))
print(o.send(None))
o2 = outer()
next(o2)
print(o2.throw(KeyError("x")))
o2.close()


def chain(*its):
    for it in its:
        yield from it


print(list(chain([1, 2], "ab", range(3), (x * x for x in range(3)))))


def flatten(tree):
    for node in tree:
        if isinstance(node, list):
            yield from flatten(node)
        else:
            yield node


print(list(flatten([1, [2, [3, [4, [5]]]], 6])))
