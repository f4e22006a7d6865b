# A JSON round trip of nested data, with a hand-written serializer compared to the json module.
import json


def dump(v, indent=0):
    pad = "  " * indent
    if isinstance(v, dict):
        if not v:
            return "{}"
        inner = ",\n".join('%s  "%s": %s' % (pad, k, dump(v[k], indent + 1)) for k in sorted(v))
        return "{\n%s\n%s}" % (inner, pad)
    if isinstance(v, list):
        return "[" + ", ".join(dump(x, indent) for x in v) + "]"
    if isinstance(v, str):
        return json.dumps(v)
    if v is True or v is False or v is None:
        return {True: "true", False: "false", None: "null"}[v]
    return repr(v)


data = {"name": "widget", "tags": ["a", "b\n", "\u00e9"], "size": {"w": 3, "h": 4.5},
        "ok": True, "none": None, "empty": {}, "nested": [[1, [2, [3]]], {"k": False}]}
text = dump(data)
print(text)
back = json.loads(text)
print(back == data, json.dumps(back, sort_keys=True) == json.dumps(data, sort_keys=True))
print(json.dumps(data, sort_keys=True, indent=1, separators=(",", ":"))[:60])
print(json.loads('[1, 2.5e3, "x", null, {"a": [true]}]'))
