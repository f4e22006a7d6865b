# min-version: 3.15
# 3.15: unpacking in comprehensions (PEP 798).
lists = [[1, 2], [3], []]
print([*xs for xs in lists], {*xs for xs in lists} == {1, 2, 3}, {**d for d in [{"a": 1}, {"b": 2}]})
print(list(*xs for xs in lists))
