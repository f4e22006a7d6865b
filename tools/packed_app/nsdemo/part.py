"""A module of a namespace package (nsdemo has no __init__)."""


def greet(name):
    return "hello, %s, from a namespace package" % name
