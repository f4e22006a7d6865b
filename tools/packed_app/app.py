# The application the packed samples are built from (tools/build_packed_samples.py).
# It prints a deterministic text that depends on every module it imports, so an
# extracted copy that runs again must have recovered each of them.
from __future__ import print_function

import sys

import sampleapp
from sampleapp import core

try:
    from nsdemo import part as ns_part  # a PEP 420 namespace package (Python 3 only)
except ImportError:
    ns_part = None

print("sampleapp", sampleapp.VERSION, "python", "%d.%d" % sys.version_info[:2])
print("fib(20) =", core.fib(20))
print("describe:", core.describe({"b": 2, "a": 1, "c": [1, 2, 3]}))
if ns_part is not None:
    print("namespace:", ns_part.greet("bytescope"))
