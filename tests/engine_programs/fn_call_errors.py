# The TypeError messages of bad calls to Python functions (they vary by version).
def f(a, b, c=1):
    return a


class K:
    def method(self, x):
        return x


def show(call):
    try:
        call()
    except TypeError as exc:
        print("TypeError:", exc)


show(lambda: f())
show(lambda: f(1))
show(lambda: f(1, 2, 3, 4))
show(lambda: f(1, 2, d=3))
show(lambda: f(1, a=2))
show(lambda: K().method())
show(lambda: K().method(1, 2))
show(lambda: K.method(1))
