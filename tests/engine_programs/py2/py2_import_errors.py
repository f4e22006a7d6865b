# Python 2: failed imports say "No module named x" (the first missing part on, unquoted) and
# "cannot import name x".
for name in ["no_such_module_anywhere", "os.nothing", "xml.nosuch.deep", "xml.dom.nosuch"]:
    try:
        __import__(name)
    except ImportError as exc:
        print "__import__", name, "->", exc
try:
    import xml.nosuch.deep
except ImportError as exc:
    print "ImportError", exc
try:
    from os import no_such_name_here
except ImportError as exc:
    print "ImportError", exc
