"""N-queens: every solution by backtracking with sets, and by permutations and generators."""
import itertools
import sys


def solve(n):
    cols, diag1, diag2 = set(), set(), set()
    placed = []
    count = 0

    def place(row):
        nonlocal count
        if row == n:
            count += 1
            return
        for c in range(n):
            if c in cols or row + c in diag1 or row - c in diag2:
                continue
            cols.add(c)
            diag1.add(row + c)
            diag2.add(row - c)
            placed.append(c)
            place(row + 1)
            placed.pop()
            cols.discard(c)
            diag1.discard(row + c)
            diag2.discard(row - c)
    place(0)
    return count


def by_permutations(n):
    cols = range(n)
    return sum(1 for vec in itertools.permutations(cols)
               if n == len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols)))


n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
print(solve(n + 1), by_permutations(n - 1))
