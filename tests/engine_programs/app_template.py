# A template engine: regex tokenizing of {{ var | filter }} and {% for %}/{% if %} blocks.
import re

TOKENS = re.compile(r"({{.*?}}|{%.*?%})", re.S)
FILTERS = {"upper": str.upper, "title": str.title, "len": len, "rev": lambda s: s[::-1]}


def render(template, ctx):
    out, stack = [], [[]]
    for tok in TOKENS.split(template):
        if tok.startswith("{{"):
            expr, *filters = [p.strip() for p in tok[2:-2].split("|")]
            stack[-1].append(("var", expr, filters))
        elif tok.startswith("{%"):
            words = tok[2:-2].split()
            if words[0] in ("for", "if"):
                stack.append([tuple(words)])
            elif words[0] in ("endfor", "endif"):
                block = stack.pop()
                stack[-1].append(("block", block[0], block[1:]))
        elif tok:
            stack[-1].append(("text", tok))
    emit(stack[0], ctx, out)
    return "".join(out)


def lookup(expr, ctx):
    value = ctx
    for part in expr.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


def emit(nodes, ctx, out):
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "var":
            value = lookup(node[1], ctx)
            for f in node[2]:
                value = FILTERS[f](value)
            out.append(str(value))
        else:
            head, body = node[1], node[2]
            if head[0] == "for":
                for item in lookup(head[3], ctx):
                    emit(body, dict(ctx, **{head[1]: item}), out)
            elif lookup(head[1], ctx):
                emit(body, ctx, out)


tpl = "Hi {{ user.name | title }}!{% if admin %} [admin]{% endif %}\n{% for t in tags %}- {{ t | upper }} ({{ t | len }})\n{% endfor %}"
print(render(tpl, {"user": {"name": "ada lovelace"}, "admin": True, "tags": ["x", "math"]}), end="")
print(render(tpl, {"user": {"name": "bob"}, "admin": False, "tags": []}), end="")
