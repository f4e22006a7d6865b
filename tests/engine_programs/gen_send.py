# send(): priming, running averages, two-way communication, send to a fresh generator.
# py2-compatible: yes
from __future__ import print_function


def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / float(count)


avg = averager()
print(next(avg))
print([avg.send(v) for v in (10, 20, 60)])


def echo():
    received = []
    while True:
        try:
            x = yield len(received)
        except GeneratorExit:
            print("closing with", received)
            raise
        received.append(x)


e = echo()
print(e.send(None), e.send("a"), e.send("b"))
e.close()
fresh = averager()
try:
    fresh.send(5)
except TypeError as exc:
    print("TypeError:", exc)
