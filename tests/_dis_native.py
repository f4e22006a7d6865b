# ruff: noqa
# Runs under the *oracle* interpreter (Python 2.7 and 3.6+): keep it version-neutral.
# usage: python _dis_native.py MODE [--text] FILE...
#   MODE src: compile each source file (filename = its basename), write its pyc to
#             FILE + ".<ver>.pyc" next to OUTDIR (see env DIS_NATIVE_OUT), then dis it;
#   MODE pyc: load each pyc and dis it.
# Prints one JSON object per line: file, opt, md5 of the normalised text (and the text
# with --text), or error.
import hashlib
import io
import json
import marshal
import os
import re
import sys

import dis

PY2 = sys.version_info[0] == 2
VER = sys.version_info[:2]
ADDR = re.compile(r" at 0x[0-9a-fA-F]+")


def sort_frozensets(text):
    """Sort the top-level items of every ``frozenset({...})`` in ``text``."""
    out = []
    i = 0
    key = "frozenset({"
    n = len(text)
    while True:
        j = text.find(key, i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j + len(key)])
        k = start = j + len(key)
        if j > 0 and text[j - 1] in "'\"":
            i = k  # the text of a string constant, not a set
            continue
        items = []
        depth = 0
        quote = None
        while k < n:
            ch = text[k]
            if quote:
                if ch == "\\":
                    k += 2
                    continue
                if ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
            elif ch in "([{":
                depth += 1
            elif ch in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(text[start:k].strip())
                start = k + 1
            k += 1
        items.append(text[start:k].strip())
        out.append(", ".join(sorted(items)))
        i = k
    return "".join(out)


def options():
    opts = [("dis", {})]
    if VER >= (3, 11):
        opts.append(("caches", {"show_caches": True}))
    if VER >= (3, 13):
        opts.append(("offsets", {"show_offsets": True}))
    if VER >= (3, 14):
        opts.append(("positions", {"show_positions": True}))
    if VER >= (3, 13):
        every = {}
        for _name, kw in opts:
            every.update(kw)
        opts.append(("all", every))
    return opts


def capture(fn):
    if PY2:
        import StringIO
        buf = StringIO.StringIO()
        old = sys.stdout
        sys.stdout = buf
        try:
            fn(None)
        finally:
            sys.stdout = old
        text = buf.getvalue()
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        return text
    buf = io.StringIO()
    fn(buf)
    return buf.getvalue()


def walk(code):
    stack = [code]
    while stack:
        c = stack.pop()
        yield c
        stack.extend(reversed([k for k in c.co_consts if hasattr(k, "co_code")]))


def header():
    if PY2:
        import imp
        return imp.get_magic() + b"\0" * 4
    import importlib.util
    size = 16 if VER >= (3, 7) else 12
    return importlib.util.MAGIC_NUMBER + b"\0" * (size - 4)


def emit(path, opt, text, want_text):
    text = sort_frozensets(ADDR.sub(" at 0x", text))
    digest = hashlib.md5(text.encode("utf-8", "surrogatepass") if not PY2
                         else text.encode("utf-8")).hexdigest()
    rec = {"file": path, "opt": opt, "md5": digest}
    if want_text:
        rec["text"] = text
    sys.stdout.write(json.dumps(rec) + "\n")


def handle(path, code, want_text):
    for name, kw in options():
        if PY2:
            text = capture(lambda f: dis.dis(code))
        else:
            text = capture(lambda f: dis.dis(code, file=f, **kw))
        emit(path, name, text, want_text)
    if not PY2:
        emit(path, "info", "\n\n".join(dis.code_info(c) for c in walk(code)) + "\n", want_text)


def main():
    mode = sys.argv[1]
    args = sys.argv[2:]
    want_text = False
    if args and args[0] == "--text":
        want_text = True
        args = args[1:]
    if args == ["-"]:
        args = [line.strip() for line in sys.stdin if line.strip()]
    out_dir = os.environ.get("DIS_NATIVE_OUT")
    for path in args:
        try:
            if mode == "src":
                with open(path, "rb") as fh:
                    source = fh.read()
                code = compile(source, os.path.basename(path), "exec")
                pyc = os.path.join(out_dir, os.path.basename(path) + "c")
                with open(pyc, "wb") as fh:
                    fh.write(header() + marshal.dumps(code))
                path = pyc
            else:
                with open(path, "rb") as fh:
                    data = fh.read()
                size = 8 if PY2 else (16 if VER >= (3, 7) else 12)
                code = marshal.loads(data[size:])
            handle(path, code, want_text)
        except Exception as exc:  # noqa: BLE001 - report and go on
            sys.stdout.write(json.dumps({"file": path, "error": repr(exc)}) + "\n")


main()
