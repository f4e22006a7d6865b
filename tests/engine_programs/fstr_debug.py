# min-version: 3.8
# The = specifier of f-strings (3.8).
x, y = 3, "s"
print(f"{x=}", f"{x = }", f"{y=!s}", f"{x*2=:>5}", f"{x=!r:^7}")
print(f"{len([1, 2])=}", f"{x if x else 0=}")
