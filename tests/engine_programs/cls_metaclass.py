# Metaclasses: __new__, __init__, __call__, __prepare__, class keyword arguments.
class Meta(type):
    log = []

    @classmethod
    def __prepare__(mcs, name, bases, **kwargs):
        Meta.log.append(("prepare", name, sorted(kwargs)))
        ns = {"injected": name.lower()}
        return ns

    def __new__(mcs, name, bases, ns, **kwargs):
        Meta.log.append(("new", name, [k for k in ns if not k.startswith("__")]))
        cls = super().__new__(mcs, name, bases, dict(ns))
        cls.options = kwargs
        return cls

    def __init__(cls, name, bases, ns, **kwargs):
        Meta.log.append(("init", name))
        super().__init__(name, bases, ns)

    def __call__(cls, *args, **kwargs):
        Meta.log.append(("call", cls.__name__, args))
        return super().__call__(*args, **kwargs)

    def __repr__(cls):
        return "<class %s via Meta>" % cls.__name__


class Model(metaclass=Meta, table="models"):
    a = 1

    def __init__(self, v):
        self.v = v


class Sub(Model, flag=True):
    b = 2


m = Sub(5)
for entry in Meta.log:
    print(entry)
print(Model.options, Sub.options, Model.injected, Sub.injected, m.v)
print(repr(Sub), type(Sub).__name__, isinstance(Sub, Meta))
Dyn = Meta("Dyn", (object,), {"z": 3})
print(Dyn.z, Dyn.options)
