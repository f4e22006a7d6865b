# xrange, long integers and the L suffix, sys.maxint, int overflow into long.
import sys
r = xrange(1, 10, 3)
print type(r).__name__, list(r), len(r), r[1]
big = sys.maxint + 1
print type(sys.maxint).__name__, type(big).__name__, repr(10L), 2 ** 64, repr(2 ** 64)
print long(3), type(long(3)).__name__, 5L + 1, type(5L + 1).__name__, isinstance(5L, (int, long))
print sum(xrange(100)), [i * i for i in xrange(5)]
print repr(1L << 70), hex(255L), oct(8)
