# Generator methods and generators closing over instance state; generator as __iter__.
class Range2D:
    def __init__(self, w, h):
        self.w, self.h = w, h

    def __iter__(self):
        for y in range(self.h):
            for x in range(self.w):
                yield x, y

    def rows(self):
        return ([(x, y) for x in range(self.w)] for y in range(self.h))

    @classmethod
    def squares(cls, n):
        for i in range(1, n + 1):
            yield cls(i, i)

    @staticmethod
    def count():
        n = 0
        while True:
            n += 1
            yield n


r = Range2D(2, 2)
print(list(r), list(r.rows()), [len(list(s)) for s in Range2D.squares(3)])
c = Range2D.count()
print(next(c), next(c), next(c))
