# Python 2 string module functions, % formatting with longs and unicode, string.letters.
import string
print string.upper("abc"), string.join(["a", "b"], "-"), string.letters[:3], string.atoi("42")
print "%d %s %r %5.2f" % (10L, "s", u"u", 3.14159), "%(x)s" % {"x": "dict"}
print "a,b".split(","), "  pad ".strip(), "x".zfill(3), "%c" % 65
