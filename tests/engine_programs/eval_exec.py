# eval/exec/compile of source strings: namespaces, defining functions, modes, errors.
ns = {}
exec("def sq(x):\n    return x * x\nresult = sq(7)", ns)
print(ns["result"], ns["sq"](3), sorted(k for k in ns if k != "__builtins__"))
print(eval("a + b * 2", {"a": 1, "b": 5}), eval("[i for i in range(n)]", {"n": 3}))
code = compile("x = 40\ny = x + 2", "<generated>", "exec")
g = {}
exec(code, g)
print(g["y"], type(code).__name__, code.co_filename)
expr = compile("2 ** 10", "<expr>", "eval")
print(eval(expr))
loc = {}
exec("z = w * 2", {"w": 21}, loc)
print(loc)
try:
    eval("1 +")
except SyntaxError as exc:
    print("SyntaxError", exc.filename, exc.lineno)
try:
    exec("raise KeyError('from exec')")
except KeyError as exc:
    print("KeyError", exc)


def in_function():
    v = 3
    return eval("v * 2"), eval("v", {"v": "global view"})


print(in_function())
exec("print('exec print', __name__)")
single = compile("1 + 1", "<single>", "single")
exec(single)
