# The exec statement: in globals, in globals and locals, defining functions.
exec "a = 1 + 2"
print a
g = {}
exec "def f(x): return x * 10" in g
print g["f"](4)
gl, lo = {"base": 5}, {}
exec "result = base * 2" in gl, lo
print lo, "result" in gl
code = compile("y = 7", "<s>", "exec")
exec code
print y
