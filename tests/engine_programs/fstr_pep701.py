# min-version: 3.12
# f-strings of 3.12 (PEP 701): reused quotes, backslashes, comments and newlines inside.
songs = ["a", "b"]
print(f"{", ".join(songs)}")
print(f"{"\n".join(songs)!r}")
print(f"{f"{f"{1 + 1}"}"}")
value = 7
print(f"{
    value  # a comment inside the replacement field
    * 2
}")
print(f"{'\t'.join(['x', 'y'])!r}")
