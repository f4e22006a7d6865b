# Descriptors: data vs non-data precedence, __get__ on the class, __delete__, methods as descriptors.
class Data:
    def __get__(self, obj, owner):
        return ("data", obj is None, owner.__name__)

    def __set__(self, obj, value):
        obj.__dict__["stored"] = value

    def __delete__(self, obj):
        obj.__dict__["deleted"] = True


class NonData:
    def __get__(self, obj, owner):
        return "nondata"


class Host:
    d = Data()
    n = NonData()


h = Host()
h.__dict__["d"] = "instance d"
h.__dict__["n"] = "instance n"
print(h.d, h.n, Host.d, Host.n)
h.d = 5
del h.d
print(sorted(h.__dict__.items()))


class Bound:
    def method(self):
        return self


b = Bound()
f = Bound.__dict__["method"]
print(f.__get__(b, Bound)() is b, f.__get__(None, Bound) is f)
print(type(staticmethod(len).__get__(None, object)).__name__, classmethod(lambda c: c).__get__(None, Bound)() is Bound)
