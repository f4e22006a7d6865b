# min-version: 3.9
# 3.9 features: dict union operators, str.removeprefix/removesuffix, builtin generic aliases.
a = {"x": 1, "y": 2}
b = {"y": 20, "z": 30}
print(a | b, b | a)
a |= {"w": 0}
print(a)
print("prefix_name".removeprefix("prefix_"), "file.py".removesuffix(".py"), "x".removeprefix("y"))
alias = list[int]
print(alias, alias.__origin__ is list, alias.__args__, dict[str, list[int]])


def f(items: list[str]) -> dict[str, int]:
    return {s: len(s) for s in items}


print(f(["ab", "c"]), f.__annotations__["return"])
