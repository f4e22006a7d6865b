# global statements: rebinding module names from functions, nested functions and loops.
# py2-compatible: yes
from __future__ import print_function

counter = 0
names = []


def bump():
    global counter
    counter += 1


def define_new():
    global created
    created = "made in a function"


def nested():
    def inner():
        global counter
        counter *= 10
    inner()


for _ in range(3):
    bump()
nested()
define_new()
print(counter, created)


def reader():
    return counter + 1


def shadowing():
    counter = -1
    return counter


print(reader(), shadowing(), counter)
globals()["dynamic"] = 42
print(dynamic)
