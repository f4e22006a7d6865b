# __set_name__ on descriptors (PEP 487) and validated fields.
class Field:
    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name
        self.private = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private, None)

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError("%s.%s must be %s" % (self.owner, self.name, self.kind.__name__))
        setattr(obj, self.private, value)


class Person:
    name = Field(str)
    age = Field(int)


p = Person()
p.name = "Ann"
p.age = 33
print(p.name, p.age, Person.name.name, Person.age.private, Person.age.owner)
try:
    p.age = "old"
except TypeError as exc:
    print("TypeError:", exc)
print(sorted(vars(p)))
