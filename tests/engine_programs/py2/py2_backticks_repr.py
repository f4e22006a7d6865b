# Backticks, <> inequality, octal literals 0777, tuple parameters.
x = [1, "a"]
print `x`, `3 + 4`, 1 <> 2, 0777, 010 + 1


def f((a, b), c):
    return a + b + c


print f((1, 2), 3), (lambda (p, q): p * q)((3, 4))
