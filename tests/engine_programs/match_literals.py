# min-version: 3.10
# match: literal, capture, wildcard, or-patterns, guards, value patterns.
import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2


def classify(x):
    match x:
        case 0 | 1:
            return "bit"
        case True:
            return "never reached for True (1 matched)"
        case None:
            return "none"
        case "hello" | "hi":
            return "greeting"
        case Color.RED:
            return "red"
        case int(n) if n < 0:
            return "negative %d" % n
        case float() | complex():
            return "inexact"
        case str() as s if len(s) > 5:
            return "long string " + s
        case other:
            return "other %r" % (other,)


for v in (0, 1, True, None, "hi", Color.RED, Color.GREEN, -5, 2.5, 3j, "abcdefg", "ab", 7):
    print(repr(v), "->", classify(v))
