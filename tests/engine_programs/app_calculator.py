# A small interpreter: tokenizer, recursive-descent parser to an AST, and an evaluator with variables.
import re

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*)|(\w+)|(\*\*|[-+*/%()=,]))")


def tokenize(text):
    pos, out = 0, []
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise SyntaxError("bad character at %d: %r" % (pos, text[pos]))
        num, name, op = m.groups()
        out.append(("num", float(num)) if num else ("name", name) if name else ("op", op))
        pos = m.end()
    return out


class Parser:
    def __init__(self, tokens):
        self.toks, self.i = tokens, 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", None)

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise SyntaxError("expected %r, got %r" % (value, tok[1]))
        self.i += 1
        return tok

    def statement(self):
        if self.peek()[0] == "name" and self.i + 1 < len(self.toks) and self.toks[self.i + 1][1] == "=":
            name = self.take()[1]
            self.take("=")
            return ("set", name, self.expr())
        return self.expr()

    def expr(self):
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            node = (self.take()[1], node, self.term())
        return node

    def term(self):
        node = self.power()
        while self.peek()[1] in ("*", "/", "%"):
            node = (self.take()[1], node, self.power())
        return node

    def power(self):
        node = self.atom()
        if self.peek()[1] == "**":
            self.take()
            return ("**", node, self.power())
        return node

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return ("num", value)
        if kind == "name":
            if self.peek()[1] == "(":
                self.take("(")
                args = [self.expr()]
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.expr())
                self.take(")")
                return ("call", value, args)
            return ("var", value)
        if value == "(":
            node = self.expr()
            self.take(")")
            return node
        if value == "-":
            return ("neg", self.atom())
        raise SyntaxError("unexpected %r" % (value,))


FUNCS = {"max": max, "min": min, "abs": abs}
OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
       "/": lambda a, b: a / b, "%": lambda a, b: a % b, "**": lambda a, b: a ** b}


def evaluate(node, env):
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        return env[node[1]]
    if kind == "neg":
        return -evaluate(node[1], env)
    if kind == "set":
        env[node[1]] = evaluate(node[2], env)
        return env[node[1]]
    if kind == "call":
        return FUNCS[node[1]](*[evaluate(a, env) for a in node[2]])
    return OPS[kind](evaluate(node[1], env), evaluate(node[2], env))


env = {}
for line in ["x = 3", "y = x ** 2 ** 1 + 1", "max(x, y, 4) * -2", "(1 + 2) * (3 + 4) % 5",
             "z", "1 / 0", "2 $ 3", "min(1, (2"]:
    try:
        print(line, "=>", evaluate(Parser(tokenize(line)).statement(), env))
    except (SyntaxError, KeyError, ZeroDivisionError) as exc:
        # ZeroDivisionError's text is the host float's (it changed in 3.14): name only
        print(line, "=>", type(exc).__name__, "" if isinstance(exc, ZeroDivisionError) else exc)
print(sorted(env.items()))
