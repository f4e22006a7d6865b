# Calls with several * and ** unpackings (PEP 448) and keyword ordering.
def show(*args, **kwargs):
    return list(args), list(kwargs.items())


a, b = [1, 2], (3, 4)
d1, d2 = {"x": 1}, {"y": 2}
print(show(*a, *b, 5, *range(2)))
print(show(0, *a, z=0, **d1, **d2))
print(show(**d1, w=3, **d2))
try:
    show(**d1, **{"x": 2})
except TypeError as exc:
    print("TypeError:", exc)
print([*a, *b], (*a, 9), {*a, *b} == {1, 2, 3, 4}, {**d1, **d2, "x": 5})
