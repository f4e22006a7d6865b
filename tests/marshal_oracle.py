# ruff: noqa: UP031, UP036  (this file must run under Python 2.7 too)
"""Oracle: load pycs with the *running* interpreter's native marshal, print JSON.

Runs under Python 2.7 and 3.6+ (no f-strings, no annotations), standard
library only.  Usage::

    python marshal_oracle.py FILE...      # or: python marshal_oracle.py @LISTFILE
    python marshal_oracle.py --values     # native dumps of VALUE_EXPRESSIONS

For each file one JSON line is printed: ``{"path": ..., "tree": ...}`` or
``{"path": ..., "error": ...}``.  The tree is the normalised description
produced by :func:`describe`; ``tests/test_marshal_differential.py`` builds the
same description from bytescope's parse and compares the two.

Normal form (every node is a JSON list whose first item names its kind):

* ``["None"]``, ``["bool", 0|1]``, ``["Ellipsis"]``, ``["StopIteration"]``
* ``["int", "7b"]`` (Python 2 ``int`` and every Python 3 int, in hex so that
  huge ints need no decimal conversion), ``["long", "-7b"]`` (Python 2 ``long``)
* ``["float", HEX16]``: the 8 IEEE bytes, so NaN payloads and -0.0 survive
* ``["complex", HEX16, HEX16]``
* ``["bytes", HEX]`` (Python 3 ``bytes``, Python 2 ``str``),
  ``["str", HEX]`` (Python 3 ``str``, Python 2 ``unicode``; UTF-8 with
  surrogates passed through)
* ``["tuple", [...]]``, ``["list", [...]]``,
  ``["set", [...]]``/``["frozenset", [...]]`` (items sorted by their JSON text)
* ``["dict", [[k, v], ...]]``/``["frozendict", ...]`` (pairs sorted likewise)
* ``["slice", start, stop, step]``
* ``["code", {field: node, ...}]`` with the fields in :data:`CODE_FIELDS`
  that the code object has; the line table is always ``co_linetable``
  (``co_lnotab`` before 3.10).
"""

import json
import marshal
import struct
import sys

PY2 = sys.version_info[0] == 2

if PY2:  # pragma: no cover - exercised under Python 2.7 only
    _BYTES = str
    _TEXT = unicode  # noqa: F821
    _INTS = (int,)
    _LONG = long  # noqa: F821
else:
    _BYTES = bytes
    _TEXT = str
    _INTS = (int,)
    _LONG = None

CODE_INT_FIELDS = (
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_stacksize",
    "co_flags",
    "co_firstlineno",
)
CODE_OBJ_FIELDS = (
    "co_code",
    "co_consts",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_linetable",
    "co_exceptiontable",
)
CODE_FIELDS = CODE_INT_FIELDS + CODE_OBJ_FIELDS


def _hexd(value):
    return _hex(struct.pack("<d", value))


def _hex(raw):
    if PY2:
        return raw.encode("hex")
    return raw.hex()


def _sorted_nodes(nodes):
    return sorted(nodes, key=lambda node: json.dumps(node, sort_keys=True))


def _code_value(code, name):
    if name == "co_linetable":
        if hasattr(code, "co_linetable"):
            return code.co_linetable
        return code.co_lnotab
    return getattr(code, name)


def describe(obj, leaf=None, container=None):
    """Return the normal form of ``obj`` (iterative: deep data is fine).

    ``leaf``/``container`` are optional hooks tried first, with the same
    contract as :func:`_leaf`/:func:`_container` (return None to decline);
    the host-side test uses them for bytescope's own types.
    """
    # Post-order over an explicit stack; results keyed by position.
    root = []
    stack = [(obj, root, None)]
    pending = []  # (builder, container) pairs finished after their children
    while stack:
        value, out, key = stack.pop()
        node = leaf(value) if leaf is not None else None
        if node is None:
            node = _leaf(value)
        if node is not None:
            _put(out, key, node)
            continue
        made = container(value) if container is not None else None
        kind, children, finish = made if made is not None else _container(value)
        holder = [None] * len(children)
        pending.append((kind, holder, finish, out, key))
        for i in range(len(children) - 1, -1, -1):
            stack.append((children[i], holder, i))
    for _kind, holder, finish, out, key in reversed(pending):
        _put(out, key, finish(holder))
    return root[0]


def _put(out, key, node):
    if key is None:
        out.append(node)
    else:
        out[key] = node


def _leaf(value):
    if value is None:
        return ["None"]
    if value is Ellipsis:
        return ["Ellipsis"]
    if value is StopIteration:
        return ["StopIteration"]
    if isinstance(value, bool):
        return ["bool", int(value)]
    if _LONG is not None and isinstance(value, _LONG):
        return ["long", "%x" % value]
    if isinstance(value, _INTS):
        return ["int", "%x" % value]
    if isinstance(value, float):
        return ["float", _hexd(value)]
    if isinstance(value, complex):
        return ["complex", _hexd(value.real), _hexd(value.imag)]
    if isinstance(value, _BYTES):
        return ["bytes", _hex(bytes(value))]
    if isinstance(value, _TEXT):
        if PY2:
            return ["str", _hex(value.encode("utf-8"))]
        return ["str", _hex(value.encode("utf-8", "surrogatepass"))]
    return None


def _container(value):
    """Return (kind, children, finish) for a container value."""
    name = type(value).__name__
    if isinstance(value, tuple):
        return "tuple", list(value), lambda h: ["tuple", h]
    if isinstance(value, list):
        return "list", list(value), lambda h: ["list", h]
    if isinstance(value, (set, frozenset)):
        kind = "frozenset" if isinstance(value, frozenset) else "set"
        return kind, list(value), lambda h, k=kind: [k, _sorted_nodes(h)]
    if isinstance(value, slice):
        return "slice", [value.start, value.stop, value.step], lambda h: ["slice"] + h
    if isinstance(value, dict) or name == "frozendict":
        kind = "dict" if isinstance(value, dict) and name != "frozendict" else "frozendict"
        items = list(value.items())
        flat = []
        for k, v in items:
            flat.append(k)
            flat.append(v)

        def finish(h, k=kind):
            pairs = [[h[i], h[i + 1]] for i in range(0, len(h), 2)]
            return [k, _sorted_nodes(pairs)]

        return kind, flat, finish
    if hasattr(value, "co_code") and hasattr(value, "co_consts"):
        names = [f for f in CODE_FIELDS if f == "co_linetable" or hasattr(value, f)]
        children = [_code_value(value, f) for f in names]

        def finish(h, names=names):
            return ["code", dict(zip(names, h))]

        return "code", children, finish
    raise TypeError("cannot describe %r (%s)" % (value, name))


def header_size():
    """Return this interpreter's pyc header size."""
    if sys.version_info >= (3, 7):
        return 16
    if sys.version_info >= (3, 3):
        return 12
    return 8


#: Expressions each interpreter evaluates (those its syntax/runtime accepts) and
#: marshals natively at every marshal version it supports (``--values`` mode).
VALUE_EXPRESSIONS = (
    "None", "True", "False", "Ellipsis", "StopIteration",
    "0", "-1", "2**31-1", "-2**31", "2**31", "-2**63", "2**63", "2**64+1", "-(2**200)",
    "10**100", "long(5)", "long(-2)**70",
    "0.0", "-0.0", "float('nan')", "-float('nan')", "float('inf')", "-float('inf')",
    "1e-310", "1.5", "0.1",
    "complex(-0.0, float('nan'))", "1j", "complex(2.5, -0.0)",
    "b'\\x00\\xff'", "u'\\u20ac\\xe9'", "u'\\ud800x'", "'ascii'", "u''", "b''",
    "'x' * 300", "u'\\xff' * 3",
    "frozenset([1, 2, 3])", "set([1, 'a'])", "frozenset()", "set()",
    "(1, (2, (3,)))", "()", "[1, [2], []]", "{1: 2, 'a': (None,)}", "{}",
    "(intern('shared'), intern('shared'))", "(sys.intern('shared'), sys.intern('shared'))",
    "slice(1, None, -1)", "(slice(None), slice(0, 1))",
    "frozendict(a=1, b=frozendict())", "frozendict()",
    "compile('def f(a, b=2, *c, **d):\\n  x = lambda: a\\n  return x, 1.5, -0.0', 'm.py',"
    " 'exec')",
    "compile('class C:\\n  def m(self):\\n    return __class__\\n', 'c.py', 'exec')",
)


def values_main():
    """Print one JSON line per (expression, marshal version) this interpreter handles."""
    out = sys.stdout
    for expr in VALUE_EXPRESSIONS:
        try:
            value = eval(expr, {"sys": sys, "__builtins__": __builtins__})
        except Exception:  # not this version's syntax or builtins
            continue
        for version in range(marshal.version + 1):
            try:
                data = marshal.dumps(value, version)
                tree = describe(marshal.loads(data))
            except Exception:  # e.g. a type this marshal version cannot write
                continue
            record = {"expr": expr, "version": version, "hex": _hex(data), "tree": tree}
            out.write(json.dumps(record, sort_keys=True) + "\n")
    out.flush()
    return 0


def main(argv):
    """Print one JSON line per pyc named in ``argv``; return the exit status."""
    if argv[:1] == ["--values"]:
        return values_main()
    paths = []
    for arg in argv:
        if arg.startswith("@"):
            with open(arg[1:]) as fh:
                paths.extend(line.strip() for line in fh if line.strip())
        else:
            paths.append(arg)
    skip = header_size()
    out = sys.stdout
    for path in paths:
        with open(path, "rb") as fh:
            data = fh.read()
        try:
            tree = describe(marshal.loads(data[skip:]))
            line = json.dumps({"path": path, "tree": tree}, sort_keys=True)
        except Exception as exc:  # report, keep going
            line = json.dumps({"path": path, "error": "%s: %s" % (type(exc).__name__, exc)})
        out.write(line + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
