# -*- coding: utf-8 -*-
# ruff: noqa: UP004, UP009, UP010, UP025, UP031, F821
# (runs on Python 2.7 too)
"""A target process for the live-attach tests (runs on Python 2.7 and 3.6+).

Defines functions of many shapes, calls them enough to get them specialised,
prints one JSON line (pid, and per function: its address and the hex of its own
``marshal.dumps(f.__code__)``), then blocks in ``blocked_here`` until stdin closes
or it is killed.  With ``--abort`` it calls ``os.abort()`` instead of blocking.
"""
from __future__ import print_function

import binascii
import json
import marshal
import os
import sys
import threading

PY3 = sys.version_info[0] >= 3


def consts():
    a = (-12345678901234567890123456789, 2 ** 100, -1, 0, 7, 1.5, -0.25, 3j, -2.5j)
    b = (u"h\xe9llo", u"\u20ac uro", u"\U0001f600 smile", "ascii", b"by\x00tes", u"")
    c = (None, True, False, Ellipsis, (1, (2, (3, "deep"))))
    d = a[0] in (1, 2, 3)
    e = a[1] in {11, 12, 13}
    f = a[1:3], b[::2]  # constant slices (folded into co_consts from 3.14)
    return a, b, c, d, e, f


def outer(n):
    cell = [n]

    def inner(k):
        cell[0] += k
        return cell[0]
    return inner


class Klass(object):
    attr = 3

    def method(self, x):
        return self.attr + x

    @staticmethod
    def static(x, y=2):
        return x * y


def gen(n):
    for i in range(n):
        yield i * 2


def nested(x):
    def level1(y):
        def level2(z):
            return x + y + z
        return level2
    return level1(x)(x)


def loops(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            total += i
        elif i % 5 == 0:
            total -= 1
        else:
            try:
                total += len(str(i))
            except ValueError:
                total = 0
    return total


def uniq(zz_alpha_unique_arg):
    zz_beta_unique_local = zz_alpha_unique_arg
    return zz_beta_unique_local


FUNCS = {"uniq": uniq, "consts": consts, "outer": outer, "Klass.method": Klass.__dict__["method"],
         "Klass.static": Klass.__dict__["static"].__func__, "gen": gen, "nested": nested,
         "loops": loops}
if PY3:
    exec("async def coro(x):\n    return x + 1\n", globals())
    FUNCS["coro"] = globals()["coro"]
INNER = outer(1)
FUNCS["outer.<locals>.inner" if PY3 else "inner"] = INNER


def warm():
    k = Klass()
    for i in range(3000):
        consts()
        INNER(i)
        k.method(i)
        Klass.static(i, 3)
        list(gen(3))
        nested(i)
        loops(20)
        if PY3:
            c = coro(i)
            try:
                c.send(None)
            except StopIteration:
                pass


def blocked_here(event):
    event.wait()  # BLOCKED-LINE
    return 0


def dis_text(code):
    import dis
    import re
    if PY3:
        import io
        buf = io.StringIO()
        dis.dis(code, file=buf)
    else:
        import StringIO
        buf = StringIO.StringIO()
        old = sys.stdout
        sys.stdout = buf
        try:
            dis.dis(code)
        finally:
            sys.stdout = old
    return re.sub(r" at 0x[0-9a-fA-F]+", " at 0x?", buf.getvalue())


def monitor():
    """Turn on sys.monitoring (3.12+) and a trace function, and run everything once more:
    the interpreter then rewrites instructions as INSTRUMENTED_*."""
    if sys.version_info >= (3, 12):
        mon = sys.monitoring
        mon.use_tool_id(4, "bytescope-test")
        mon.register_callback(4, mon.events.LINE, lambda *a: None)
        mon.register_callback(4, mon.events.INSTRUCTION, lambda *a: None)
        mon.set_events(4, mon.events.LINE | mon.events.INSTRUCTION | mon.events.CALL)
    sys.settrace(lambda *a: None)
    k = Klass()
    consts()
    INNER(1)
    k.method(1)
    Klass.static(1, 3)
    list(gen(3))
    nested(1)
    loops(20)
    uniq(1)


def main():
    warm()
    if "--monitor" in sys.argv:
        monitor()
    out = {"pid": os.getpid(), "version": "%d.%d" % sys.version_info[:2], "funcs": {},
           "main_thread": threading.current_thread().ident}
    for name, fn in sorted(FUNCS.items()):
        code = getattr(fn, "__code__", None) or fn.func_code
        out["funcs"][name] = [id(fn), binascii.hexlify(marshal.dumps(code)).decode("ascii"),
                              dis_text(code)]
    print(json.dumps(out))
    sys.stdout.flush()
    if "--abort" in sys.argv:
        os.abort()
    ev = threading.Event()
    t = threading.Thread(target=lambda: (sys.stdin.read(), ev.set()))
    t.daemon = True
    t.start()
    blocked_here(ev)


if __name__ == "__main__":
    main()
