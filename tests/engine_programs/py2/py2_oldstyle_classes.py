# Old-style classes: type is instance/classobj, MRO depth-first, no super(), __getattr__ for dunders.
class Old:
    x = 1

    def hello(self):
        return "old " + self.__class__.__name__


class New(object):
    pass


class A:
    def who(self):
        return "A"


class B(A):
    pass


class C(A):
    def who(self):
        return "C"


class D(B, C):
    pass


o = Old()
print type(o).__name__, type(Old).__name__, type(New()).__name__, type(New).__name__
print o.hello(), D().who(), isinstance(o, Old), o.__class__ is Old


class Dyn:
    def __getattr__(self, name):
        if name == "__len__":
            return lambda: 7
        return "dyn " + name


print Dyn().anything, len(Dyn())
