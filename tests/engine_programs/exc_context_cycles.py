# min-version: 3.9
# Cycles in the __context__ chain (bpo-25782, a hang natively before 3.9): raising while such a chain is handled ends.
def cycle():
    try:
        raise ValueError(1)
    except ValueError as ex:
        ex.__context__ = ex
        raise TypeError(2)
try:
    cycle()
except Exception as e:
    exc = e
print(type(exc).__name__, type(exc.__context__).__name__, exc.__context__.__context__ is exc.__context__)

class A(Exception): pass
class B(Exception): pass
class C(Exception): pass
def cycle3():
    try:
        raise A
    except A as a:
        try:
            raise B
        except B as b:
            try:
                raise C
            except C as c:
                a.__context__ = c
                raise a
try:
    cycle3()
except Exception as e:
    print(type(e).__name__, type(e.__context__).__name__, type(e.__context__.__context__).__name__)
