"""A comparable, type-exact picture of what the marshal reader returned.

Two reads agree when their pictures are equal: every value with its exact
type (1 vs 1.0 vs True, bytes vs str, -0.0 vs 0.0 by repr), containers item by
item, code objects field by field, errors by class, offset and message.
Iterative, so deep input cannot exhaust the stack.
"""

from __future__ import annotations

from typing import Any, Callable

from bytescope.code import FIELDS


def canon(value: Any) -> Any:
    """Return a nested tuple standing for ``value`` (see the module docstring)."""
    out: list[Any] = []
    stack: list[Any] = [value]
    while stack:
        x = stack.pop()
        t = type(x).__name__
        if t == "Code":
            out.append(("Code", x.version.key, len(FIELDS)))
            stack.extend(getattr(x, f) for f in reversed(FIELDS))
        elif isinstance(x, (tuple, list)) or t in ("OrderedSet", "OrderedFrozenset"):
            items = list(x)
            out.append((t, len(items)))
            stack.extend(reversed(items))
        elif isinstance(x, dict):
            out.append((t, len(x)))
            for k, v in reversed(list(x.items())):
                stack.extend((v, k))
        elif t == "slice":
            out.append(("slice",))
            stack.extend((x.step, x.stop, x.start))
        else:
            out.append((t, repr(x)))
    return tuple(out)


def outcome(read: Callable[[], Any]) -> Any:
    """Run ``read()`` (returning a ReadResult); return its picture or the error's."""
    try:
        r = read()
    except Exception as exc:  # the picture of an error: class, offset, message
        return ("error", type(exc).__name__, getattr(exc, "offset", None), str(exc))
    return (canon(r.value), r.end, canon(r.refs), canon(r.interned or []))
