# with: __exit__ receives the exception, returning True suppresses it; exceptions in __enter__/__exit__.
class CM:
    def __init__(self, name, suppress=False, fail_enter=False, fail_exit=False):
        self.name, self.suppress, self.fail_enter, self.fail_exit = name, suppress, fail_enter, fail_exit

    def __enter__(self):
        if self.fail_enter:
            raise RuntimeError("enter failed " + self.name)
        return self

    def __exit__(self, et, ev, tb):
        print(self.name, "exit got", et and et.__name__, ev, tb is not None)
        if self.fail_exit:
            raise OSError("exit failed " + self.name)
        return self.suppress


with CM("s", suppress=True):
    1 / 0
for cm in (CM("e", fail_enter=True), CM("x", fail_exit=True)):
    try:
        with cm:
            print("body of", cm.name)
            raise KeyError("body")
    except Exception as exc:
        print("outside:", type(exc).__name__, exc, "| context:", type(exc.__context__).__name__)
with CM("a") as a, CM("b", suppress=True) as b:
    raise ValueError(a.name + b.name)
print("done")
