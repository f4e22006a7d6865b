# min-version: 3.11
# ExceptionGroup and except*: splitting, nesting, re-raising the unhandled rest.
def raiser():
    raise ExceptionGroup("batch", [ValueError("v1"), TypeError("t1"), ValueError("v2"),
                                   ExceptionGroup("nested", [KeyError("k1")])])


try:
    raiser()
except* ValueError as eg:
    print("values:", [str(e) for e in eg.exceptions])
except* (TypeError, KeyError) as eg:
    print("others:", repr(eg))
try:
    try:
        raiser()
    except* ValueError:
        print("handled values only")
except ExceptionGroup as rest:
    print("rest:", rest.message, [type(e).__name__ for e in rest.exceptions])
eg = ExceptionGroup("g", [ValueError(1), OSError(2)])
match, rest = eg.split(ValueError)
print(repr(match), repr(rest), repr(eg.subgroup(lambda e: isinstance(e, OSError))))
try:
    raise ValueError("plain")
except* ValueError as eg:
    print("plain wrapped:", type(eg).__name__, eg.exceptions)
print(isinstance(BaseExceptionGroup("b", [KeyboardInterrupt()]), ExceptionGroup))
