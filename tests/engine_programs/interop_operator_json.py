# Host modules using VM objects: operator getters, json default= and object_hook, JSONEncoder subclass.
import json
import operator


class P:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def dist(self, k=1):
        return (abs(self.x) + abs(self.y)) * k


ps = [P(3, 4), P(1, 1), P(-5, 0)]
print([operator.attrgetter("x")(p) for p in ps], sorted(ps, key=operator.methodcaller("dist"))[0].x)
print(operator.itemgetter(2, 0)([10, 20, 30]), operator.methodcaller("dist", k=10)(ps[1]))


def encode(o):
    if isinstance(o, P):
        return {"__p__": [o.x, o.y]}
    raise TypeError("cannot encode %r" % type(o).__name__)


def decode(d):
    if "__p__" in d:
        return P(*d["__p__"])
    return d


text = json.dumps({"points": ps}, default=encode, sort_keys=True)
print(text)
back = json.loads(text, object_hook=decode)
print([(p.x, p.y) for p in back["points"]])


class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set):
            return sorted(o)
        return super().default(o)


print(json.dumps({"s": {3, 1, 2}}, cls=Enc))
try:
    json.dumps({"bad": object()}, cls=Enc)
except TypeError as exc:
    print("TypeError from JSONEncoder.default")
