# A matrix class with operator overloading: multiplication, powers, determinant, transposes.
from fractions import Fraction


class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]
        self.n, self.m = len(self.rows), len(self.rows[0])

    @classmethod
    def identity(cls, n):
        return cls([[int(i == j) for j in range(n)] for i in range(n)])

    def __matmul__(self, o):
        return Matrix([[sum(self.rows[i][k] * o.rows[k][j] for k in range(self.m))
                        for j in range(o.m)] for i in range(self.n)])

    def __pow__(self, e):
        result, base = Matrix.identity(self.n), self
        while e:
            if e & 1:
                result = result @ base
            base = base @ base
            e >>= 1
        return result

    def __eq__(self, o):
        return self.rows == o.rows

    @property
    def T(self):
        return Matrix(zip(*self.rows))

    def det(self):
        a = [[Fraction(v) for v in row] for row in self.rows]
        d = Fraction(1)
        for c in range(self.n):
            p = next((r for r in range(c, self.n) if a[r][c] != 0), None)
            if p is None:
                return Fraction(0)
            if p != c:
                a[c], a[p] = a[p], a[c]
                d = -d
            d *= a[c][c]
            for r in range(c + 1, self.n):
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
        return d

    def __repr__(self):
        return "\n".join(" ".join("%4s" % v for v in row) for row in self.rows)


fibm = Matrix([[1, 1], [1, 0]])
print((fibm ** 30).rows[0][1])
m = Matrix([[2, -1, 0], [1, 3, 2], [0, 1, 4]])
print(m @ m.T)
print(m.det(), Matrix([[1, 2], [2, 4]]).det(), (m ** 0) == Matrix.identity(3))
