# ruff: noqa
# Runs under the *oracle* interpreter (Python 2.7 and 3.6+): keep it version-neutral.
# Imported by the host tests for encode() (the same typed encoding of our values).
# Prints one JSON object: {"release": ..., "dis": {name: value}, "opcode": {name: value}}
# with every module-level attribute of ``dis`` and ``opcode`` that is not a module, a
# function or a class, in dir() order, each value in the typed encoding of encode().
import json
import sys
import types

import dis
import opcode

try:
    import builtins
except ImportError:  # Python 2
    import __builtin__ as builtins

BUILTIN_IDS = dict((id(v), k) for k, v in vars(builtins).items())


def encode(value):
    """Return ``value`` as JSON data that keeps its type (list vs tuple, bool vs int ...)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int) or (sys.version_info[0] == 2 and isinstance(value, long)):
        return value
    if isinstance(value, str) or (sys.version_info[0] == 2 and isinstance(value, unicode)):
        return value
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if type(value).__name__ in ("frozendict", "mappingproxy"):
        # 3.15's builtin frozendict (a read-only mapping proxy stands for it on older hosts)
        return {"frozendict": [[encode(k), encode(v)] for k, v in value.items()]}
    if id(value) in BUILTIN_IDS:
        return {"builtin": BUILTIN_IDS[id(value)]}
    return {"object": type(value).__name__}


def skip(value):
    return isinstance(value, types.ModuleType) or isinstance(value, type) or (
        callable(value) and id(value) not in BUILTIN_IDS)


def module_data(module):
    out = []
    for name in dir(module):
        if name.startswith("__"):
            continue
        value = getattr(module, name)
        if skip(value):
            continue
        out.append([name, encode(value)])
    return out


def main():
    sys.stdout.write(json.dumps({
        "release": sys.version.split()[0],
        "dis": module_data(dis),
        "opcode": module_data(opcode),
    }))


if __name__ == "__main__":
    main()
