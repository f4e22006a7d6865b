# Subclasses of dict (__missing__), list and str, and how builtins call their overrides.
class Default(dict):
    def __missing__(self, key):
        self[key] = value = len(key)
        return value


class Logged(list):
    def append(self, x):
        super().append(x * 10)


class Shout(str):
    def shout(self):
        return self.upper() + "!"


d = Default(a=1)
print(d["a"], d["word"], sorted(d.items()), d.get("zz", "get bypasses __missing__"))
lst = Logged([1])
lst.append(2)
lst.extend([3])
print(lst, len(lst), type(lst + [4]).__name__)
s = Shout("hey")
print(s.shout(), s + " you", type(s.strip()).__name__, isinstance(s, str))


class Cnt(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v + 100)


c = Cnt()
c["x"] = 1
c.update(y=2)
print(sorted(c.items()))
