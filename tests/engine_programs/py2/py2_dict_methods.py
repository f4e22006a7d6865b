# has_key, iteritems/iterkeys/itervalues, keys() as lists, dict.sort of keys, cmp= sorting.
d = {"b": 2, "a": 1, "c": 3}
print d.has_key("a"), d.has_key("z")
print sorted(d.iteritems()), sorted(d.iterkeys()), sorted(d.itervalues())
keys = d.keys()
keys.sort()
print keys, type(d.items()).__name__, type(d.iteritems()).__name__
print sorted([3, 1, 2], cmp=lambda a, b: cmp(b, a)), cmp(1, 2), cmp("b", "a")
print sorted(d.viewkeys()), map(None, [1, 2], [3, 4]), filter(None, [0, 1, 2])
print map(lambda x: x * 2, [1, 2]), zip([1, 2], "ab"), reduce(lambda a, b: a + b, [1, 2, 3])
