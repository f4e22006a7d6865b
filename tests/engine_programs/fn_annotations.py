# Annotations of functions, of the module and of classes (evaluated eagerly before 3.14).
x: int = 5
y: "list of str"


def f(a: int, b: "str" = "s", *args: float, c: bool = True, **kw: dict) -> list:
    return [a, b, args, c, kw]


class C:
    field: int = 1
    other: str

    def method(self, v: float) -> None:
        return None


print(f(1))
print(sorted(f.__annotations__.items(), key=lambda kv: kv[0]))
print(sorted(C.method.__annotations__))
print(C.field, "other" in C.__dict__)
print(x, "y" in globals())
