# A backtracking sudoku solver (a 4x4 and a 9x9 puzzle).
def solve(grid, n):
    box = int(n ** 0.5)
    for i in range(n * n):
        if grid[i] == 0:
            r, c = divmod(i, n)
            used = {grid[r * n + k] for k in range(n)} | {grid[k * n + c] for k in range(n)}
            br, bc = r - r % box, c - c % box
            used |= {grid[(br + a) * n + bc + b] for a in range(box) for b in range(box)}
            for v in range(1, n + 1):
                if v not in used:
                    grid[i] = v
                    if solve(grid, n):
                        return True
            grid[i] = 0
            return False
    return True


small = [1, 0, 0, 0, 0, 0, 3, 0, 0, 4, 0, 0, 0, 0, 0, 2]
print(solve(small, 4), small)
puzzle = ("530070000600195000098000060800060003400803001700020006060000280000419005000080079")
grid = [int(ch) for ch in puzzle]
print(solve(grid, 9))
for r in range(0, 81, 27):
    print(grid[r:r + 9])
