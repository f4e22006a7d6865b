# min-version: 3.7
# contextlib: contextmanager, ExitStack callbacks, suppress, redirect_stdout, closing, nullcontext.
import contextlib
import io


@contextlib.contextmanager
def tag(name):
    print("<%s>" % name)
    try:
        yield name
    except ZeroDivisionError:
        print("swallowed in", name)
    finally:
        print("</%s>" % name)


with tag("a") as t:
    print("inside", t)
with tag("b"):
    1 / 0
with contextlib.ExitStack() as stack:
    for i in range(3):
        stack.callback(print, "callback", i)
    stack.enter_context(tag("stacked"))
with contextlib.suppress(KeyError, IndexError):
    [][0]
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured")
print(repr(buf.getvalue()))


class Res:
    def close(self):
        print("closed Res")


with contextlib.closing(Res()):
    pass
with contextlib.nullcontext(5) as five:
    print(five)


@tag("decorated")
def decorated():
    print("decorated body")


decorated()
