# Python 2 exception syntax: except E, e; raise E, "msg"; string exceptions are gone in 2.6+.
try:
    raise ValueError, "old style raise"
except ValueError, e:
    print "caught", e, e.args, e.message
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("k"), None
except KeyError, e:
    print "KeyError", e
import sys
try:
    raise TypeError("t")
except:
    t, v, tb = sys.exc_info()
    print t.__name__, v, tb is not None
print issubclass(ValueError, StandardError)
