"""Inputs the bench makes itself: generated modules of any size, hostile pycs.

* :func:`module_pyc` -- a real module (compiled by the host) whose pyc is
  about the size asked, for the cost-per-MB curve;
* :func:`hostile_cases` -- small marshal streams crafted to make a reader
  allocate far more than the file size (reference bombs, huge declared
  lengths, deep nesting, containers of cheap-to-encode but costly objects).
"""

from __future__ import annotations

import importlib.util
import marshal
import struct

_FUNC = '''
def f{i}(a, b=None, *args, k={i}, **kw):
    """Function {i}."""
    x = a + {i}
    s = "str{i}" + str(b)
    t = ({i}, {i}.5, "t{i}", b"b{i}", None)
    if x > {i} and s:
        return [x, s, t, kw.get("k{i}")]
    for j in range(k):
        x += j * {i}
    try:
        x = x // (j - {i})
    except ZeroDivisionError as exc:
        raise ValueError("v{i}") from exc
    return lambda y: y + x + {i}
'''


def host_header() -> bytes:
    """Return a 16-byte timestamp header for the host's own pyc format."""
    return importlib.util.MAGIC_NUMBER + bytes(12)


def module_pyc(target: int) -> bytes:
    """Return a host pyc of a generated module about ``target`` bytes long."""
    sample = marshal.dumps(compile("".join(_FUNC.format(i=i) for i in range(50)), "m", "exec"))
    per = max(1, len(sample) // 50)
    count = max(1, target // per)
    source = "".join(_FUNC.format(i=i) for i in range(count))
    code = compile(source, f"generated_{count}.py", "exec", dont_inherit=True)
    return host_header() + marshal.dumps(code)


def _list(items: bytes, count: int) -> bytes:
    return b"[" + struct.pack("<I", count) + items


def hostile_cases(size: int = 2_000_000) -> dict[str, bytes]:
    """Return ``{description: pyc bytes}`` of hostile inputs of about ``size`` bytes each.

    Every case is in the host's pyc format; the top-level object is not a
    code object (a reader must still bound its memory).
    """
    head = host_header()
    ref = 0x80
    cases: dict[str, bytes] = {}

    # nested levels of 1000 references to the level below: 1000**5 nodes expanded
    level0 = bytes([ord("(") | ref]) + struct.pack("<I", 1000) + b"N" * 1000
    levels = [level0]
    for k in range(1, 5):
        levels.append(
            bytes([ord("(") | ref])
            + struct.pack("<I", 1000)
            + (b"r" + struct.pack("<I", k - 1)) * 1000
        )
    cases["reference bomb (5 levels x 1000 refs)"] = (
        head + b"(" + struct.pack("<I", len(levels)) + b"".join(levels)
    )

    big = b"s" + struct.pack("<I", 0x7FFFFFFF) + b"x" * 16
    cases["string declaring 2 GiB"] = head + big
    cases["list declaring 4 G items"] = head + b"[" + struct.pack("<I", 0xFFFFFFF0) + b"N" * 16
    cases["long declaring 2**30 digits"] = head + b"l" + struct.pack("<i", 1 << 30) + bytes(16)
    depth = size // 2
    cases[f"{depth} nested 1-tuples"] = head + b")\x01" * depth + b"N"

    slen = min(1 << 20, size // 4)
    string = bytes([ord("s") | ref]) + struct.pack("<I", slen) + b"a" * slen
    nrefs = (size - len(string)) // 5
    cases[f"{nrefs} refs to one {slen // 1024} KB string"] = (
        head + b"(" + struct.pack("<I", 2) + string
        + _list((b"r" + struct.pack("<I", 0)) * nrefs, nrefs)
    )

    n = size
    cases[f"list of {n} None"] = head + _list(b"N" * n, n)
    n = size // 2
    cases[f"list of {n} empty dicts"] = head + _list(b"{0" * n, n)
    n = size // 5
    cases[f"list of {n} empty frozensets"] = head + _list((b">" + bytes(4)) * n, n)
    n = size // 5
    cases[f"list of {n} empty lists"] = head + _list((b"[" + bytes(4)) * n, n)
    n = size // 4
    cases[f"list of {n} 2-char strings"] = head + _list(b"z\x02ab" * n, n)
    n = size // 5
    cases[f"list of {n} ints"] = head + _list(
        b"".join(b"i" + struct.pack("<i", 1000 + i) for i in range(n)), n
    )
    n = size // 17
    cases[f"list of {n} complex"] = head + _list((b"y" + bytes(16)) * n, n)
    return cases
