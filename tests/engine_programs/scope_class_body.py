# Class bodies: names of the class are not visible in methods or (3.x) comprehensions.
y = "global y"


class A:
    y = "class y"
    z = y + "!"
    items = [y for _ in range(1)]

    def method(self):
        return y

    try:
        bad = [z for _ in range(1)]
    except NameError as exc:
        bad = "NameError"


print(A.z, A.items, A().method(), A.bad)


def f():
    x = "function x"

    class B:
        x = "class x"
        seen = x

        def get(self):
            return x
    return B


B = f()
print(B.seen, B().get())
