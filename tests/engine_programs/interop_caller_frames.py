# Host library code that looks at its caller's frame, called from VM code: namedtuple/enum/typing
# take __module__ from it, warnings the location at stacklevel, doctest the calling module.
import collections
import doctest
import enum
import sys
import typing
import warnings

P = collections.namedtuple("P", "x y")
E = enum.Enum("E", "a b")
T = typing.NamedTuple("T", [("a", int)])
print(P.__module__, E.__module__, T.__module__, repr(P(1, 2)), E.a)

warnings.simplefilter("always")
warnings.formatwarning = lambda m, c, f, n, line=None: "%s:%d %s: %s\n" % (f.rsplit("/", 1)[-1], n, c.__name__, m)
sys.stderr = sys.stdout


def old_api():
    warnings.warn("use new_api", DeprecationWarning, stacklevel=2)


old_api()
warnings.warn("here")


def double(x):
    """
    >>> double(21)
    42
    """
    return 2 * x


print(doctest.testmod().attempted >= 1)
print(sys._getframe().f_code.co_name, sys._getframe(0).f_globals is globals())
