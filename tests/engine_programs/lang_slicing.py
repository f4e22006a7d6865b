# Slices: extended slices, slice assignment of other lengths, deletion, negative steps, slice objects.
# py2-compatible: yes
from __future__ import print_function

a = list(range(10))
print(a[2:8:2], a[::-2], a[-3:], a[:-7:-1], a[100:], a[5:2], a[slice(1, 4)])
a[2:4] = ["x", "y", "z"]
print(a)
a[::3] = [0] * len(a[::3])
print(a)
del a[1::2]
print(a)
try:
    a[::2] = [1]
except ValueError as exc:
    print("ValueError")
s = slice(1, 10, 3)
print(s.start, s.stop, s.step, s.indices(5), "abcdefgh"[s], (1, 2, 3, 4)[::-1])
b = bytearray(b"abcdef")
b[1:3] = b"XYZ"
print(bytes(b), "hello"[1:-1], "hello"[-100:100])
