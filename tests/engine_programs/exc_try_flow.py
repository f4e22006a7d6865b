# try/except/else/finally: every path, return and break through finally, nested handlers.
# py2-compatible: yes
from __future__ import print_function


def path(kind):
    log = []
    try:
        log.append("try")
        if kind == "raise":
            raise ValueError("v")
        if kind == "return":
            return log + ["returned"]
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


print(path("raise"), path("none"), path("return"))


def finally_overrides():
    try:
        return "try"
    finally:
        print("finally runs before the return")


print(finally_overrides())


def loop_with_finally():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append("f%d" % i)
    return out


print(loop_with_finally())


def nested():
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise IndexError("from handler")
        finally:
            print("inner finally")
    except IndexError as exc:
        return "outer caught %s %s" % (type(exc).__name__, exc.args)


print(nested())
try:
    try:
        raise TypeError("t")
    except (ValueError, TypeError) as e:
        print("tuple handler", type(e).__name__)
        raise
except Exception as e2:
    print("re-raised", e2)
