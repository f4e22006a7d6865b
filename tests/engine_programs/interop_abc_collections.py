# Host ABC checks on VM classes (collections.abc, __subclasshook__), and a VM Mapping in host code.
import collections.abc as cabc


class Reg(cabc.Mapping):
    def __init__(self, **kw):
        self._d = dict(kw)

    def __getitem__(self, k):
        return self._d[k]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)


class Sized:
    def __len__(self):
        return 0


r = Reg(b=2, a=1)
print(dict(r), sorted(r.keys()), list(r.values()), r.get("z", 0), "a" in r, r == {"a": 1, "b": 2})
print(isinstance(Sized(), cabc.Sized), isinstance(Sized(), cabc.Iterable), issubclass(Reg, cabc.Collection))
print(sorted(dict(**r).items()), len(r))
