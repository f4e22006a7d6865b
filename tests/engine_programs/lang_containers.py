# Lists, tuples, dicts and sets: methods, ordering, views, copies, comparisons.
lst = [3, 1, 4, 1, 5, 9, 2, 6]
lst.append(5)
lst.insert(0, 0)
lst.extend(range(2))
print(lst, lst.index(4), lst.count(1), lst.pop(), lst.pop(0), sorted(lst), lst[::-1][:3])
lst.remove(1)
lst.reverse()
print(lst, lst * 2 == lst + lst, [1, 2] < [1, 3], (1, 2) + (3,), (1,) * 3, max(lst), min(lst))
d = {"b": 2, "a": 1}
d["c"] = 3
d.update({"a": 10}, z=26)
print(d, list(d), list(d.values()), d.get("q"), d.pop("b"), d.popitem(), "a" in d)
keys = d.keys()
d["new"] = 0
print(list(keys), keys & {"a", "x"}, dict.fromkeys("xy", 0), {k: v for k, v in sorted(d.items())})
s = {1, 2, 3}
t = {3, 4}
print(s | t, s & t, s - t, s ^ t, s <= {1, 2, 3, 4}, s.isdisjoint({9}), frozenset([2, 1]) == {1, 2})
s.add(10)
s.discard(1)
print(sorted(s), len(s), {(1, 2): "tuple key"}[1, 2], list(zip(*{1: "a", 2: "b"}.items())))
nested = [[0] * 2] * 2
nested[0][0] = 1
print(nested, [[0] * 2 for _ in range(2)], tuple(reversed((1, 2, 3))), sorted("bca", reverse=True))
