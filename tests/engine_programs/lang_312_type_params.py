# min-version: 3.12
# PEP 695: type parameters on functions and classes, and type alias statements.
type Pair[T] = tuple[T, T]
type IntList = list[int]


def first[T](items: list[T]) -> T:
    return items[0]


class Box[T]:
    def __init__(self, item: T):
        self.item = item

    def get(self) -> T:
        return self.item

    def map[U](self, f) -> "Box[U]":
        return Box(f(self.item))


print(first([3, 2]), Box(5).map(str).get() + "!", Pair.__name__, IntList.__value__)
print(Box.__type_params__, first.__type_params__[0].__name__, Pair.__type_params__)
print(type(IntList).__name__, Pair[int].__args__)
