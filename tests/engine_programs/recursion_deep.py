# Deep recursion that works natively (within the default limit) and with a raised limit.
import sys


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def sum_list(xs, i=0):
    if i == len(xs):
        return 0
    return xs[i] + sum_list(xs, i + 1)


print(depth(900), sum_list(list(range(800))))
sys.setrecursionlimit(6000)
print(depth(5000))


class Node:
    def __init__(self, nxt):
        self.nxt = nxt

    def length(self):
        return 1 + (self.nxt.length() if self.nxt else 0)


head = None
for _ in range(3000):
    head = Node(head)
print(head.length())
