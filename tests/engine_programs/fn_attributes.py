# Function objects: names, docstrings, attributes set on them, __dict__, __module__.
def outer():
    def inner():
        """inner's doc"""
    return inner


def plain():
    pass


plain.tag = "tagged"
plain.count = 0
plain.count += 1
fn = outer()
print(fn.__name__, fn.__qualname__, fn.__doc__, fn.__module__)
print(plain.__name__, plain.__qualname__, plain.__doc__, plain.tag, plain.count)
print(sorted(plain.__dict__.items()))
plain.__name__ = "renamed"
print(plain.__name__, callable(plain), type(plain).__name__)
print(outer.__code__.co_name, outer.__code__.co_varnames, plain.__defaults__)
print((lambda: 0).__name__, (lambda: 0).__qualname__)
