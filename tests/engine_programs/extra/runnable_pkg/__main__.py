import sys

from . import INIT_RAN

print("package main", __name__, __package__, INIT_RAN, sys.argv[1:])
