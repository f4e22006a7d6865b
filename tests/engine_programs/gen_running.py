# A generator cannot be re-entered while it runs; gi_running and state attributes.
def selfish():
    yield me.gi_running
    try:
        next(me)
    except ValueError as exc:
        yield "ValueError: %s" % exc


me = selfish()
print(me.gi_running, next(me), next(me), me.gi_running)
print(type(me.gi_code).__name__, me.gi_code.co_name, me.__name__, me.__qualname__)
