# Mutual recursion and recursion through methods, lambdas and generators.
def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print(is_even(800), is_odd(777))


def gen_depth(n):
    if n:
        yield from gen_depth(n - 1)
    yield n


print(sum(gen_depth(300)))
walk = lambda n: n if n <= 0 else walk(n - 2)
print(walk(900))
