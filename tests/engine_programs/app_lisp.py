# A small Lisp: reader, environments with closures, recursion, tail of a list interpreter.
import operator as op


def tokenize(s):
    return s.replace("(", " ( ").replace(")", " ) ").split()


def read(tokens):
    tok = tokens.pop(0)
    if tok == "(":
        lst = []
        while tokens[0] != ")":
            lst.append(read(tokens))
        tokens.pop(0)
        return lst
    try:
        return int(tok)
    except ValueError:
        return tok


class Env(dict):
    def __init__(self, params=(), args=(), outer=None):
        super().__init__(zip(params, args))
        self.outer = outer

    def find(self, name):
        if name in self:
            return self
        if self.outer is None:
            raise NameError("unbound symbol " + name)
        return self.outer.find(name)


def global_env():
    env = Env()
    env.update({"+": op.add, "-": op.sub, "*": op.mul, "<": op.lt, "=": op.eq,
                "list": lambda *a: list(a), "car": lambda l: l[0], "cdr": lambda l: l[1:],
                "null?": lambda l: l == []})
    return env


def ev(x, env):
    if isinstance(x, str):
        return env.find(x)[x]
    if isinstance(x, int):
        return x
    head = x[0]
    if head == "if":
        return ev(x[2] if ev(x[1], env) else x[3], env)
    if head == "define":
        env[x[1]] = ev(x[2], env)
        return None
    if head == "lambda":
        params, body = x[1], x[2]
        return lambda *args: ev(body, Env(params, args, env))
    f = ev(head, env)
    return f(*[ev(a, env) for a in x[1:]])


env = global_env()
for src in ["(define fact (lambda (n) (if (< n 2) 1 (* n (fact (- n 1))))))", "(fact 20)",
            "(define make-adder (lambda (n) (lambda (x) (+ x n))))", "((make-adder 5) 10)",
            "(define len (lambda (l) (if (null? l) 0 (+ 1 (len (cdr l))))))",
            "(len (list 1 2 3 4))", "(undefined 1)"]:
    try:
        print(src, "=>", ev(read(tokenize(src)), env))
    except NameError as exc:
        print(src, "=>", "NameError:", exc)
