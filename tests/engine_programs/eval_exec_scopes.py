# exec with a custom mapping for locals, exec defining a class, closures made by exec'd code.
class Recorder(dict):
    def __init__(self):
        super().__init__()
        self.lookups = []

    def __getitem__(self, key):
        self.lookups.append(key)
        return super().__getitem__(key)

    def __missing__(self, key):
        raise KeyError(key)


loc = Recorder()
loc["a"] = 5
exec("b = a + 1\nc = b * 2", {}, loc)
print(sorted(loc.items()), loc.lookups)
ns = {}
exec("""
class Greeter:
    prefix = "hello"
    def greet(self, who):
        return self.prefix + " " + who

def make_adder(n):
    return lambda x: x + n
""", ns)
print(ns["Greeter"]().greet("exec"), ns["make_adder"](10)(5), ns["Greeter"].__module__)
counter = 0


def bump():
    global counter
    exec("global counter\ncounter += 5")
    return counter


print(bump(), counter)
print(eval("lambda q: q * 3")(4), eval("(lambda: __name__)()"))
