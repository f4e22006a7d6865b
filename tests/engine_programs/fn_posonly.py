# min-version: 3.8
# Positional-only parameters (PEP 570).
def f(a, b=2, /, c=3, *, d=4):
    return a, b, c, d


def kw(a, /, **kwargs):
    return a, kwargs


print(f(1), f(1, 5), f(1, 5, 6), f(1, c=7, d=8))
print(kw(1, a=2))
try:
    f(a=1)
except TypeError as exc:
    print("TypeError:", exc)
print(f.__code__.co_posonlyargcount, f.__code__.co_argcount)
