# Bare raise, sys.exc_info inside and after handlers, the except variable deleted afterwards.
import sys


def inner():
    try:
        raise ValueError("original")
    except ValueError:
        print("in handler:", sys.exc_info()[0].__name__)
        raise


try:
    inner()
except ValueError as e:
    print("caught again:", e)
print("after handlers:", sys.exc_info())
try:
    raise KeyError("x")
except KeyError as err:
    pass
try:
    err
except NameError:
    print("err is gone after the except block")


def nested_info():
    try:
        raise TypeError("outer")
    except TypeError:
        try:
            raise IndexError("inner")
        except IndexError:
            pass
        return sys.exc_info()[0].__name__


print(nested_info())
try:
    raise
except RuntimeError as exc:
    print("RuntimeError:", exc)
