# Type names and builtins that differ in Python 2: buffer, file, apply, intern, coerce.
print type(1).__name__, type(1L).__name__, type(u"").__name__, type("").__name__
print apply(lambda a, b: a + b, (1, 2)), coerce(1, 2.0), intern("x") == "x"
print type(range(3)).__name__, type(map(str, [1])).__name__, type(zip()).__name__
print round(2.5), round(-2.5), 10 / 3.0
