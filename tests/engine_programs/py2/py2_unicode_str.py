# -*- coding: utf-8 -*-
# str (bytes) vs unicode: types, mixing, encode/decode, u'' literals, len of encoded text.
s = "caf\xc3\xa9"
u = u"caf\xe9"
print type(s).__name__, type(u).__name__, len(s), len(u)
print s.decode("utf-8") == u, u.encode("utf-8") == s, repr(u), repr(s)
try:
    s + u"x"
except UnicodeDecodeError as e:
    print "UnicodeDecodeError", e.start
print type("abc" + u"x").__name__, type("a" + "b").__name__, isinstance(u, basestring)
print unicode(5), str(u"ascii"), repr(unichr(233)), ord(u"\xe9")
try:
    str(u)
except UnicodeEncodeError as e:
    print "UnicodeEncodeError", e.reason
print u"%s-%d" % (u"x", 3), "%s" % u"y", type("%s" % u"y").__name__
print "abc".upper(), u"abc".upper(), "x".join(["a", "b"]), u"-".join(["a", "b"])
