"""A small module to try bytescope on: `bytescope info examples/fib.cpython-312.pyc`."""

import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    """Return the n-th Fibonacci number."""
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Counter:
    def __init__(self, start=0):
        self.count = start

    def step(self, by=1):
        try:
            self.count += by
        except TypeError:
            raise ValueError("step needs a number")
        return self.count


def squares(limit):
    return [i * i for i in range(limit) if i % 2 == 0]


if __name__ == "__main__":
    print(fib(30), Counter().step(), squares(10))
