# min-version: 3.10
# A tiny expression evaluator written with structural pattern matching.
def ev(e, env):
    match e:
        case int() | float():
            return e
        case str(name):
            return env[name]
        case ("+", a, b):
            return ev(a, env) + ev(b, env)
        case ("*", a, b):
            return ev(a, env) * ev(b, env)
        case ("let", str(name), value, body):
            return ev(body, {**env, name: ev(value, env)})
        case ("if", cond, then, else_):
            return ev(then, env) if ev(cond, env) else ev(else_, env)
        case ("fn", [*params], body):
            return lambda *args: ev(body, {**env, **dict(zip(params, args))})
        case ("call", f, *args):
            return ev(f, env)(*[ev(a, env) for a in args])
        case _:
            raise SyntaxError("bad expression %r" % (e,))


prog = ("let", "sq", ("fn", ["x"], ("*", "x", "x")),
        ("let", "y", 7, ("+", ("call", "sq", "y"), ("if", 0, 100, 1))))
print(ev(prog, {}))
try:
    ev(("?",), {})
except SyntaxError as exc:
    print("SyntaxError:", exc)
