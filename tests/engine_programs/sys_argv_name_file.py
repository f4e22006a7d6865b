# args: alpha "two words" --flag=3
# py2-compatible: yes
# sys.argv, __name__, __file__ and __doc__ of the main module.
"""The module docstring is not the header comment."""
from __future__ import print_function
import os
import sys

print(sys.argv[1:])
print(os.path.basename(sys.argv[0]), os.path.basename(__file__))
print(__name__, __doc__ is None)
if __name__ == "__main__":
    print("running as the main program")
print(type(__builtins__).__name__ in ("module", "dict"))
print(sys.modules["__main__"].__name__)
