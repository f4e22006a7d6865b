# min-version: 3.10
# 3.10 features: parenthesised context managers, zip(strict=True), int.bit_count, X | Y unions.
import contextlib


@contextlib.contextmanager
def cm(n):
    yield n * 10


with (
    cm(1) as a,
    cm(2) as b,
):
    print(a + b)
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as exc:
    print("ValueError:", exc)
print((255).bit_count(), isinstance(3, int | str), int | None)
