# What inlined comprehensions (3.12+, PEP 709) change that a program can see.
def f():
    outer = 1
    return [sorted(locals()) for _ in range(1)][0]


def g():
    y = "before"
    result = [y for y in range(2)]
    return y, result


class C:
    a = 5
    seen = [sorted(k for k in vars()) for _ in range(1)]


print(f())
print(g())
print([("." in n) for n in [f.__code__.co_consts[i].__class__.__name__ for i in range(len(f.__code__.co_consts))]].count(True))
print(sum(1 for c in f.__code__.co_consts if hasattr(c, "co_code")))
