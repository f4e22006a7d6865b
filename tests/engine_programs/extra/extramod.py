"""A module found only through the program's module path (--path / PYTHONPATH)."""

GREETING = "hello from extramod"


def double(x):
    return [x, x]
