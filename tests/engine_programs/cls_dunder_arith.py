# Arithmetic dunders: forward, reflected, in-place, unary, NotImplemented fallbacks.
class V:
    def __init__(self, *c):
        self.c = c

    def __repr__(self):
        return "V%r" % (self.c,)

    def __add__(self, o):
        if isinstance(o, V):
            return V(*[a + b for a, b in zip(self.c, o.c)])
        if isinstance(o, (int, float)):
            return V(*[a + o for a in self.c])
        return NotImplemented

    __radd__ = __add__

    def __mul__(self, k):
        return V(*[a * k for a in self.c]) if isinstance(k, int) else NotImplemented

    def __rmul__(self, k):
        return self * k

    def __matmul__(self, o):
        return sum(a * b for a, b in zip(self.c, o.c))

    def __neg__(self):
        return V(*[-a for a in self.c])

    def __abs__(self):
        return sum(a * a for a in self.c) ** 0.5

    def __iadd__(self, o):
        self.c = (self + o).c
        return self

    def __truediv__(self, k):
        return V(*[a / k for a in self.c])

    def __floordiv__(self, k):
        return V(*[a // k for a in self.c])

    def __mod__(self, k):
        return V(*[a % k for a in self.c])

    def __pow__(self, k, mod=None):
        return V(*[pow(a, k, mod) for a in self.c])

    def __lshift__(self, n):
        return V(*(self.c[n:] + self.c[:n]))

    def __and__(self, o):
        return "and"

    def __rxor__(self, o):
        return "rxor with %r" % (o,)

    def __invert__(self):
        return V(*reversed(self.c))


a, b = V(1, 2), V(3, 4)
print(a + b, a + 1, 1 + a, a * 3, 3 * a, a @ b, -a, abs(V(3, 4)))
print(a / 2, b // 3, b % 3, pow(b, 2), pow(b, 2, 5), V(1, 2, 3) << 1, a & b, 5 ^ a, ~b)
c = a
c += b
print(c is a, a)
for op in (lambda: a + "s", lambda: "s" * a, lambda: a - b):
    try:
        op()
    except TypeError as exc:
        print("TypeError:", exc)
