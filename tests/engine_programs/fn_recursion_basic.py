# Ordinary recursion: fibonacci, ackermann, hanoi, memoised by a dict.
# py2-compatible: yes
from __future__ import print_function


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))


moves = []


def hanoi(n, a, b, c):
    if n:
        hanoi(n - 1, a, c, b)
        moves.append((a, c))
        hanoi(n - 1, b, a, c)


memo = {}


def ways(n):
    if n < 0:
        return 0
    if n == 0:
        return 1
    if n not in memo:
        memo[n] = ways(n - 1) + ways(n - 2) + ways(n - 3)
    return memo[n]


print(fib(18), ack(2, 3))
hanoi(5, "A", "B", "C")
print(len(moves), moves[:4])
print(ways(60))
