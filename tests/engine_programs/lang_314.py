# min-version: 3.14
# 3.14 features: except without parentheses (PEP 758), deferred annotations (PEP 649).
def f(x: UndefinedName) -> AlsoUndefined:
    return x


try:
    int("q")
except ValueError, TypeError:
    print("caught without parentheses")
print(f(3))
try:
    f.__annotations__
except NameError as exc:
    print("NameError when annotations are asked for:", exc)


class C:
    attr: Later


Later = int
print(C.__annotations__)
