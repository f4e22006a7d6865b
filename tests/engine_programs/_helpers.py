"""Shared helpers of the corpus programs (a plain sibling module)."""
from __future__ import print_function


def show(label, value):
    print("%s: %r" % (label, value))


def show_exc(label, func, *args, **kwargs):
    try:
        result = func(*args, **kwargs)
    except Exception as exc:
        print("%s: %s: %s" % (label, type(exc).__name__, exc))
    else:
        print("%s: ok %r" % (label, result))


def sorted_items(d):
    return sorted(d.items(), key=lambda kv: repr(kv[0]))
