# ruff: noqa
# Runs under the *oracle* interpreter (2.7 and 3.6+): keep it version-neutral.
# usage: python _dis_api_native.py < list of pyc paths
# Prints one JSON object per code object (pre-order):
#   {"file", "path": [index of each nested code in its parent's consts...],
#    "lastis": [the offsets used below],
#    "disassemble": [dis.disassemble(co, lasti) text per lasti (-1 first)],
#    "bytecode": [Bytecode(co, first_line=1000, current_offset=lasti).dis() per lasti] (3.x),
#    "caches": dis.disassemble(co, lasti, show_caches=True) per lasti (3.11+),
#    "offsets": the same with show_offsets=True (3.13+), "positions": show_positions (3.14+),
#    "info": dis.code_info(co) (3.x),
#    "raw": dis.dis(co.co_code) (bare bytecode: no tables, no lines),
#    "string": 2.7's dis.disassemble_string(co.co_code, lasti, varnames, names, consts),
#    "labels": dis.findlabels(co.co_code), "linestarts": [[offset, line]...]}
# A text whose native call raised is the string "error: <type>".
import dis
import json
import marshal
import sys
import types

PY2 = sys.version_info[0] == 2
VER = sys.version_info[:2]
HEADER = 8 if PY2 else (16 if VER >= (3, 7) else 12)

if PY2:
    from StringIO import StringIO
else:
    from io import StringIO


def text_of(fn, *args, **kwargs):
    buf = StringIO()
    try:
        if PY2:
            saved = sys.stdout
            sys.stdout = buf
            try:
                fn(*args, **kwargs)
            finally:
                sys.stdout = saved
        else:
            fn(*args, file=buf, **kwargs)
    except Exception as exc:
        return "error: " + type(exc).__name__
    return buf.getvalue()


def offsets(co):
    """Instruction offsets, as the version's dis walks them."""
    if PY2:
        code, out, i = co.co_code, [], 0
        while i < len(code):
            out.append(i)
            i += 3 if ord(code[i]) >= dis.HAVE_ARGUMENT else 1
        return out
    return [ins.offset for ins in dis.get_instructions(co)]


def lastis(co):
    offs = offsets(co)
    if not offs:
        return [-1]
    picks = [-1, offs[0], offs[len(offs) // 2], offs[-1]]
    if VER >= (3, 11):
        picks.append(offs[len(offs) // 3] + 2)  # inside an instruction (a cache)
    return picks


def walk(co, path):
    yield co, path
    for i, c in enumerate(co.co_consts):
        if isinstance(c, types.CodeType):
            for item in walk(c, path + [i]):
                yield item


def record(path, co, where):
    picks = lastis(co)
    rec = {"file": path, "path": where, "lastis": picks}
    rec["disassemble"] = [text_of(dis.disassemble, co, lasti) for lasti in picks]
    if not PY2:
        rec["bytecode"] = [
            dis.Bytecode(co, first_line=1000, current_offset=None if lasti < 0 else lasti).dis()
            for lasti in picks]
        rec["info"] = dis.code_info(co)
    options = []
    if VER >= (3, 11):
        options.append(("caches", {"show_caches": True}))
    if VER >= (3, 13):
        options.append(("offsets", {"show_offsets": True}))
    if VER >= (3, 14):
        options.append(("positions", {"show_positions": True}))
    for name, kwargs in options:
        rec[name] = [text_of(dis.disassemble, co, lasti, **kwargs) for lasti in picks]
    rec["raw"] = text_of(dis.dis, co.co_code)
    if PY2:
        rec["string"] = text_of(dis.disassemble_string, co.co_code, picks[-1], co.co_varnames,
                                co.co_names, co.co_consts)
    rec["labels"] = dis.findlabels(co.co_code)
    rec["linestarts"] = [[o, l] for o, l in dis.findlinestarts(co)]
    return rec


def main():
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        with open(path, "rb") as f:
            data = f.read()
        top = marshal.loads(data[HEADER:])
        for co, where in walk(top, []):
            sys.stdout.write(json.dumps(record(path, co, where)) + "\n")


main()
