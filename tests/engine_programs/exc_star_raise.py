# min-version: 3.11
# except* handlers that raise: new exceptions are grouped with the unhandled ones.
try:
    try:
        raise ExceptionGroup("eg", [ValueError("a"), KeyError("b")])
    except* ValueError:
        raise RuntimeError("from handler")
except ExceptionGroup as outer:
    print(outer.message, sorted(type(e).__name__ for e in outer.exceptions))
try:
    try:
        raise ExceptionGroup("eg", [ValueError("a")])
    except* ValueError as eg:
        raise
except ExceptionGroup as again:
    print("re-raised:", [str(e) for e in again.exceptions])
