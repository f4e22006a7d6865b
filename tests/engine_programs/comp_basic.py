# List, set and dict comprehensions with conditions and several for clauses.
# py2-compatible: yes
from __future__ import print_function

words = "the quick brown fox jumps over the lazy dog".split()
print([w.upper() for w in words if len(w) > 3])
print(sorted({len(w) for w in words}))
print(sorted({w: len(w) for w in words}.items()))
print([(x, y) for x in range(3) for y in range(x)])
print([[r * c for c in range(4)] for r in range(3)])
print([x for x in range(20) if x % 2 if x % 3])
print(sorted({k: v for k, v in zip("abc", range(3)) if v}.items()))
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(row) for row in zip(*matrix)], [v for row in matrix for v in row])
