# min-version: 3.10
# match: mapping patterns, **rest, literal keys, nested mappings, value keys.
class Keys:
    KIND = "kind"


def handle(msg):
    match msg:
        case {"type": "move", "dx": dx, "dy": dy}:
            return "move %d,%d" % (dx, dy)
        case {"type": "say", "text": str(text), **rest} if rest:
            return "say %r with %r" % (text, sorted(rest))
        case {"type": "say", "text": text}:
            return "say " + text
        case {"user": {"name": name, "roles": [*roles]}}:
            return "user %s roles %s" % (name, roles)
        case {Keys.KIND: k} if False:
            return "unreachable"
        case {}:
            return "some mapping"
        case _:
            return "not a mapping"


for m in ({"type": "move", "dx": 1, "dy": -1, "extra": 0}, {"type": "say", "text": "hi", "loud": 1},
          {"type": "say", "text": "yo"}, {"user": {"name": "ann", "roles": ["a", "b"]}},
          {"other": 1}, [("type", "move")]):
    print(handle(m))
