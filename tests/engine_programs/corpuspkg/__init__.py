"""A small package the corpus programs import: it runs in the VM with them."""
from __future__ import print_function

from .shapes import Circle, Square
from . import util

__all__ = ["Circle", "Square", "util", "VERSION", "describe"]

VERSION = (1, 2)
LOADED = []


def describe(shape):
    return "%s with area %.2f" % (type(shape).__name__, shape.area())


class PkgError(Exception):
    """Raised by corpuspkg.fail()."""


def fail(message):
    raise PkgError(message)
