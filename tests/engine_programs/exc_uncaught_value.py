# exit: 1
# py2-compatible: yes
# An uncaught exception from nested frames: exit status 1, traceback's last line.
from __future__ import print_function


def level3(x):
    return {"a": 1}[x]


def level2(x):
    return level3(x)


def level1():
    print("about to fail")
    return level2("missing key")


level1()
print("never printed")
