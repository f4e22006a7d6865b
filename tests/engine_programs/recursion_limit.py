# RecursionError at the limit: caught, its message, and the program carries on.
import sys


def down(n):
    return down(n + 1)


reached = [0]


def count(n):
    reached[0] = n
    count(n + 1)


try:
    down(0)
except RecursionError as exc:
    print("RecursionError:", str(exc).split(" while ")[0])
sys.setrecursionlimit(200)
try:
    count(0)
except RecursionError:
    print("limit 200 reached at depth", reached[0])
sys.setrecursionlimit(1000)
print("still running", sys.getrecursionlimit())
