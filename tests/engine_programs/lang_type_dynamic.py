# Dynamic classes and functions: type() with 3 arguments, types.FunctionType-free closures, setattr.
import types

Base = type("Base", (), {"greet": lambda self: "hi from " + type(self).__name__})
Child = type("Child", (Base,), {"x": 1, "__repr__": lambda self: "<Child x=%d>" % self.x})
c = Child()
print(c.greet(), c, Child.__mro__[1].__name__, Child.__dict__["x"], type(Child).__name__)
ns = types.SimpleNamespace(a=1, b="two")
ns.c = [3]
print(ns, ns == types.SimpleNamespace(a=1, b="two", c=[3]), sorted(vars(ns)))
setattr(Child, "added", property(lambda self: self.x * 100))
print(c.added, isinstance(c.greet, types.MethodType), type(len).__name__)
mod = types.ModuleType("made_at_runtime", "a runtime module")
mod.value = 5
print(mod.__name__, mod.__doc__, mod.value, type(mod).__name__)
