# Class namespaces: __dict__, __qualname__ of nested classes, __doc__, __module__, type() with 3 args.
class Outer:
    """Outer doc"""
    value = 1

    class Inner:
        class Deepest:
            pass

    def method(self):
        class Local:
            pass
        return Local


print(Outer.__qualname__, Outer.Inner.__qualname__, Outer.Inner.Deepest.__qualname__)
print(Outer().method().__qualname__, Outer.__doc__, Outer.__module__, Outer.Inner.__doc__)
print(sorted(k for k in Outer.__dict__ if not k.startswith("__")))
Dyn = type("Dyn", (Outer,), {"extra": 2, "method": lambda self: "dyn"})
print(Dyn.__name__, Dyn.value, Dyn.extra, Dyn().method(), Dyn.__bases__[0].__name__)
print(type(Outer.__dict__).__name__, "value" in vars(Outer))
Outer.added = "later"
print(Dyn.added, Outer().added)
del Outer.added
print(hasattr(Dyn, "added"))
