# Host builtins consuming VM iterables and generators: sum, zip, dict, any/all short-circuit, str.join.
log = []


def gen(n, tag):
    for i in range(n):
        log.append("%s%d" % (tag, i))
        yield i


print(sum(gen(4, "s")), list(zip(gen(3, "a"), gen(5, "b"))))
print(any(x > 1 for x in gen(10, "any")), all(x < 1 for x in gen(10, "all")))
print(dict(zip("abc", gen(3, "d"))), "-".join(str(x) for x in gen(3, "j")), sorted(gen(3, "o"), reverse=True))
print(log)
print(list(enumerate(gen(2, "e"), start=5)), set(gen(3, "set")) == {0, 1, 2}, max(gen(4, "m")))
print(list(map(str.upper, "abc")), list(reversed([x for x in gen(3, "r")])), tuple(filter(None, gen(4, "f"))))
