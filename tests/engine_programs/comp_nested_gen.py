# Nested comprehensions and generator expressions over each other, with closures.
import itertools

grid = [[(r, c) for c in range(3)] for r in range(3)]
diag = [grid[i][i] for i in range(3)]
flat = [cell for row in grid for cell in row if sum(cell) % 2 == 0]
print(diag, flat)
primes = [n for n in range(2, 40) if all(n % d for d in range(2, int(n ** 0.5) + 1))]
print(primes)
triples = [(a, b, c) for c in range(1, 20) for b in range(1, c) for a in range(1, b)
           if a * a + b * b == c * c]
print(triples)
print({k: sorted(g) for k, g in itertools.groupby(sorted(range(10), key=lambda v: v % 3), key=lambda v: v % 3)})
print(sum(sum(x for x in row) for row in [[1, 2], [3, 4]]), list(zip(*[(i, i * i) for i in range(4)])))
