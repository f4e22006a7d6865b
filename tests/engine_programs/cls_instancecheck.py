# min-version: 3.7
# __instancecheck__/__subclasscheck__ on metaclasses, __class_getitem__, isinstance with tuples.
class DuckMeta(type):
    def __instancecheck__(cls, obj):
        return hasattr(obj, "quack")

    def __subclasscheck__(cls, sub):
        return hasattr(sub, "quack")


class Duck(metaclass=DuckMeta):
    pass


class Robot:
    def quack(self):
        return "beep"


class Box:
    def __class_getitem__(cls, item):
        return "Box of %s" % getattr(item, "__name__", item)


print(isinstance(Robot(), Duck), isinstance(3, Duck), issubclass(Robot, Duck))
print(isinstance(3, (str, int)), isinstance("s", (int, (float, str))), Box[int], Box["x"])
