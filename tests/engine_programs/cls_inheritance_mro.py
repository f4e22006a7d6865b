# Multiple inheritance: the C3 MRO, cooperative super() chains, method resolution.
class Base:
    def who(self):
        return ["Base"]


class Left(Base):
    def who(self):
        return ["Left"] + super().who()


class Right(Base):
    def who(self):
        return ["Right"] + super().who()


class Child(Left, Right):
    def who(self):
        return ["Child"] + super().who()


print([c.__name__ for c in Child.__mro__])
print(Child().who())
print(Child.__bases__ == (Left, Right), Left.__base__ is Base)


class X: pass
class Y: pass
class A(X, Y): pass
class B(Y, X): pass


try:
    class Bad(A, B):
        pass
except TypeError as exc:
    print("TypeError:", type(exc).__name__)
print(issubclass(Child, Base), isinstance(Child(), Right), Base.__subclasses__() == [Left, Right])
