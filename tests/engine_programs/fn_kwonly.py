# Keyword-only parameters, their defaults and the errors for missing/unexpected ones.
def f(a, *, b, c=3):
    return a, b, c


def g(*args, key=None, **rest):
    return args, key, sorted(rest.items())


print(f(1, b=2), f(1, c=4, b=5))
print(g(1, 2, key="k", z=1, y=2), g())
print(f.__kwdefaults__, g.__kwdefaults__)
for call in (lambda: f(1), lambda: f(1, 2), lambda: f(1, b=2, d=4)):
    try:
        call()
    except TypeError as exc:
        print("TypeError:", exc)
print(f.__code__.co_kwonlyargcount, g.__code__.co_kwonlyargcount)
