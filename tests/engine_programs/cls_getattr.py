# __getattr__, __getattribute__, __setattr__, __delattr__ and proxies.
class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", [])

    def __getattr__(self, name):
        self._log.append("get " + name)
        return getattr(self._target, name)

    def __setattr__(self, name, value):
        self._log.append("set " + name)
        setattr(self._target, name, value)

    def __delattr__(self, name):
        self._log.append("del " + name)
        delattr(self._target, name)


class Target:
    pass


t = Target()
t.a = 1
p = Proxy(t)
print(p.a)
p.b = 2
del p.a
print(sorted(vars(t)), p._log)
try:
    p.missing
except AttributeError as exc:
    print("AttributeError:", type(exc).__name__)


class Counting:
    def __init__(self):
        self.hits = 0

    def __getattribute__(self, name):
        if name != "hits":
            object.__setattr__(self, "hits", object.__getattribute__(self, "hits") + 1)
        if name == "magic":
            return 42
        return object.__getattribute__(self, name)


c = Counting()
print(c.magic, c.magic, getattr(c, "magic"), hasattr(c, "nope"), c.hits)
