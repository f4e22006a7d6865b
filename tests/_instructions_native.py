# ruff: noqa
# Runs under the *oracle* interpreter (3.4+): keep it version-neutral.
# usage: python _instructions_native.py < list of pyc paths
# Prints one JSON object per code object (pre-order, as dis visits them):
#   {"file", "path": [index of each nested code in its parent's consts...],
#    "get": [[field, ...] per instruction of dis.get_instructions],
#    "caches": (3.11/3.12) the same with show_caches=True,
#    "bytecode": the same for iter(dis.Bytecode(co)),
#    "linestarts": [[offset, line]...], "labels": [...]}
# Each field is made comparable: code objects as "code:NAME:FIRSTLINENO", other argvals
# by repr with addresses removed, positions and cache_info as lists.
import dis
import json
import marshal
import re
import sys
import types

VER = sys.version_info[:2]
ADDR = re.compile(r" at 0x[0-9a-fA-F]+")
HEADER = 16 if VER >= (3, 7) else 12


def canon(value):
    if isinstance(value, types.CodeType):
        return "code:%s:%d" % (value.co_name, value.co_firstlineno)
    if isinstance(value, frozenset):
        return "set:" + ",".join(sorted(ADDR.sub("", repr(v)) for v in value))
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [canon(v) for v in value]
    if isinstance(value, list):
        return [canon(v) for v in value]
    if isinstance(value, bytes) and len(value) <= 64:
        return "bytes:" + value.hex()
    if isinstance(value, (bool, int)) and not isinstance(value, bool):
        return value
    if value is None or isinstance(value, bool):
        return value
    return "repr:" + ADDR.sub("", repr(value))


def fields(ins):
    out = []
    for name in ins._fields:
        value = getattr(ins, name)
        if name == "argrepr":
            out.append(value)  # compared after the host's normalisation
        elif name == "argval":
            out.append(canon(value))
        elif name == "cache_info":
            out.append(None if value is None else [[n, s, d.hex()] for n, s, d in value])
        else:
            out.append(canon(value))
    return out


def walk(co, path):
    yield co, path
    for i, c in enumerate(co.co_consts):
        if isinstance(c, types.CodeType):
            for item in walk(c, path + [i]):
                yield item


def main():
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        with open(path, "rb") as f:
            data = f.read()
        top = marshal.loads(data[HEADER:])
        for co, where in walk(top, []):
            rec = {"file": path, "path": where}
            rec["get"] = [fields(i) for i in dis.get_instructions(co)]
            if (3, 11) <= VER < (3, 13):
                rec["caches"] = [fields(i) for i in dis.get_instructions(co, show_caches=True)]
            rec["bytecode"] = [fields(i) for i in dis.Bytecode(co)]
            rec["first_line"] = [fields(i) for i in dis.get_instructions(co, first_line=1000)]
            rec["linestarts"] = [[o, l] for o, l in dis.findlinestarts(co)]
            rec["labels"] = dis.findlabels(co.co_code)
            sys.stdout.write(json.dumps(rec) + "\n")


main()
