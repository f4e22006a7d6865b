# Augmented assignment on names, attributes and subscripts (evaluated once), lists vs tuples.
log = []


def key(k):
    log.append("key %s" % k)
    return k


class Obj:
    def __init__(self):
        self.v = 1


d = {"a": 1}
d[key("a")] += 10
o = Obj()
o.v *= 7
o.v **= 2
o.v //= 3
o.v %= 10
o.v -= 1
o.v <<= 3
o.v >>= 1
o.v |= 1
o.v &= 0xF
o.v ^= 2
print(d, o.v, log)
a = [1]
b = a
a += [2]
print(a, b, a is b)
t = (1,)
u = t
t += (2,)
print(t, u, t is u)
s = "ab"
s *= 3
print(s)
x = 10
x /= 4
print(x)
m = [[1, 2], [3, 4]]
m[key(1)][key(0)] += 100
print(m, log)
