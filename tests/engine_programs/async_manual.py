# Driving coroutines by hand: send(None), custom awaitables with __await__, types.coroutine.
import types


class Tick:
    def __init__(self, label):
        self.label = label

    def __await__(self):
        reply = yield ("tick", self.label)
        return "%s->%s" % (self.label, reply)


@types.coroutine
def raw_yield(v):
    got = yield v
    return got


async def task():
    a = await Tick("one")
    b = await Tick("two")
    c = await raw_yield("raw")
    return [a, b, c]


coro = task()
print(coro.send(None))
print(coro.send("r1"))
print(coro.send("r2"))
try:
    coro.send("r3")
except StopIteration as exc:
    print("result:", exc.value)
c2 = task()
c2.send(None)
try:
    c2.throw(KeyError("injected"))
except KeyError as exc:
    print("KeyError", exc)
c3 = task()
c3.close()
print(c3.cr_running, type(c3).__name__)
