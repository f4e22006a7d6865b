# The print statement: commas, trailing comma (softspace), >> redirection, empty print.
import sys
print "hello", "world", 42
print "no newline",
print "continues"
print
print >>sys.stderr, "to stderr"
print "tuple:", (1, 2), [3], {"a": 1}
x = 5
print "x =", x, "x*2 =", x * 2
print >>sys.stdout, "explicit stdout"
print >>sys.stderr, "last stderr line"
