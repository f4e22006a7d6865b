# UnboundLocalError and NameError for free variables (messages vary by version).
def f():
    try:
        print(x)
    except UnboundLocalError as exc:
        print("UnboundLocalError:", exc)
    x = 1
    return x


def g():
    v = 1

    def inner():
        return v
    del v
    try:
        inner()
    except NameError as exc:
        print(type(exc).__name__ + ":", exc)


def h():
    try:
        return undefined_name
    except NameError as exc:
        print("NameError:", exc)


f()
g()
h()
print(issubclass(UnboundLocalError, NameError))
