# New-style class features in 2.7: super with arguments, __metaclass__, properties, __cmp__.
class Meta(type):
    def __new__(mcs, name, bases, ns):
        ns["tag"] = name.lower()
        return type.__new__(mcs, name, bases, ns)


class Base(object):
    __metaclass__ = Meta

    def __init__(self, v):
        self.v = v

    def __cmp__(self, other):
        return cmp(self.v, other.v)

    def __nonzero__(self):
        return self.v != 0


class Child(Base):
    def __init__(self, v):
        super(Child, self).__init__(v * 2)


items = [Child(3), Child(1), Child(2)]
print [c.v for c in sorted(items)], Child.tag, type(Child).__name__, bool(Child(0))
print Child(1) == Child(1), Child(1) < Child(2)
