# Comprehension scopes: the loop variable does not leak, closures in comprehensions, class bodies.
x = "outer"
squares = [x * x for x in range(4)]
print(x, squares)
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs2 = [lambda i=i: i for i in range(3)]
print([f() for f in funcs2])


def in_function(n):
    factor = 10
    return [k * factor for k in range(n)], {k: [k * j for j in range(k)] for k in range(n)}


print(in_function(3))


class Table:
    size = 3
    rows = [r for r in range(size)]
    pairs = [(r, c) for r in range(2) for c in range(2)]


print(Table.rows, Table.pairs)


def nested_closure():
    base = 100
    return [[lambda: base + a + b for a in range(2)] for b in range(2)]


print([[f() for f in row] for row in nested_closure()])
