# Class decorators: registration, adding methods, replacing the class.
registry = []


def register(cls):
    registry.append(cls.__name__)
    return cls


def add_repr(cls):
    def __repr__(self):
        fields = ", ".join("%s=%r" % kv for kv in sorted(vars(self).items()))
        return "%s(%s)" % (type(self).__name__, fields)
    cls.__repr__ = __repr__
    return cls


def singleton(cls):
    instance = cls()
    return lambda: instance


@register
@add_repr
class Item:
    def __init__(self, a=1, b="x"):
        self.a, self.b = a, b


@singleton
class Config:
    def __init__(self):
        self.loaded = True


print(registry, Item(), Item(2, "y"))
print(Config() is Config(), Config().loaded)
