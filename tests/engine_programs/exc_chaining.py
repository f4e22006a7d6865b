# Exception chaining: implicit __context__, explicit __cause__, raise from None.
def implicit():
    try:
        {}["k"]
    except KeyError:
        raise ValueError("during handling")


def explicit():
    try:
        int("x")
    except ValueError as exc:
        raise RuntimeError("wrapped") from exc


def suppressed():
    try:
        [][1]
    except IndexError:
        raise LookupError("clean") from None


for f in (implicit, explicit, suppressed):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e, "| context:", type(e.__context__).__name__,
              "| cause:", type(e.__cause__).__name__, "| suppress:", e.__suppress_context__)
try:
    try:
        raise KeyError(1)
    except KeyError as inner:
        try:
            raise TypeError(2)
        except TypeError as middle:
            raise OSError(3)
except OSError as outer:
    chain = []
    e = outer
    while e is not None:
        chain.append(type(e).__name__)
        e = e.__context__
    print(chain)
err = ValueError("manual")
err.__cause__ = KeyError("set by hand")
print(err.__cause__, err.__suppress_context__)
