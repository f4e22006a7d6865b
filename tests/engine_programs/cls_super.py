# Zero-argument super() and __class__: in methods, classmethods, properties, __new__, subclasses.
class A:
    def __init__(self):
        self.trail = ["A"]

    @classmethod
    def make(cls):
        return "A.make(%s)" % cls.__name__

    def name(self):
        return "A"

    @property
    def label(self):
        return "label-A"


class B(A):
    def __init__(self):
        super().__init__()
        self.trail.append("B")

    @classmethod
    def make(cls):
        return "B+" + super().make()

    def name(self):
        return "B/" + super().name() + "/" + __class__.__name__

    @property
    def label(self):
        return super().label + "+B"


class C(B):
    def __new__(cls, *args):
        inst = super().__new__(cls)
        inst.made_by = "C.__new__"
        return inst

    def name(self):
        return "C/" + super().name()


c = C()
print(c.trail, c.made_by, C.make(), c.name(), c.label)
print(super(C, c).name(), super(B, c).name())


class D(A):
    def helper(self):
        # super() inside a comprehension: a TypeError until 3.12 inlined comprehensions
        try:
            return [super().name() for _ in range(2)]
        except TypeError as exc:
            return "TypeError: %s" % exc

    def nested(self):
        def inner():
            return __class__.__name__
        return inner()


print(D().helper(), D().nested())
