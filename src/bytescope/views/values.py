"""Short, safe renderings of marshal values for human views.

``short_repr`` never expands a large or deeply nested value: it stops after
a fixed number of characters, so a hostile file cannot make a view slow.
(The lossless JSON form of values is :mod:`bytescope.value_json`.)
"""

from __future__ import annotations

from typing import Any

from ..code import Code, as_text
from ..values import FrozenDict, Py2Long

_LIMIT = 80


def capped_indent(depth: int, unit: str, levels: int) -> str:
    """Return the indentation of a line at nesting ``depth``: ``unit`` per level.

    Past ``levels`` levels the indentation stops growing and the line shows
    ``[depth N]`` instead, so that a view's text stays linear in the nesting
    of a hostile file (about 2000 levels), not quadratic.
    """
    if depth <= levels:
        return unit * depth
    return unit * levels + f"[depth {depth}] "


def short_repr(value: Any, limit: int = _LIMIT, py2: bool = False) -> str:
    """Return a one-line repr of ``value`` cut to about ``limit`` characters.

    ``py2=True`` renders strings the way Python 2 does (``'abc'`` for a byte
    string, ``u'abc'`` for unicode).
    """
    parts: list[str] = []
    budget = [limit]
    _render(value, parts, budget, py2, 0)
    text = "".join(parts)
    if budget[0] < 0 or len(text) > limit:
        text = text[: max(limit - 3, 1)] + "..."
    return text


def _render(value: Any, out: list[str], budget: list[int], py2: bool, depth: int) -> None:
    if budget[0] < 0:
        return
    if isinstance(value, Code):
        text = f"<code {value.qualname or value.name}, line {value.co_firstlineno}>"
    elif isinstance(value, (tuple, list, frozenset, set, FrozenDict, dict)) and depth < 6:
        if isinstance(value, dict) or isinstance(value, FrozenDict):
            opener, closer = "{", "}"
            items: Any = [x for kv in value.items() for x in kv]
        elif isinstance(value, tuple):
            opener, closer = "(", ",)" if len(value) == 1 else ")"
            items = value
        elif isinstance(value, list):
            opener, closer = "[", "]"
            items = value
        else:
            opener = "frozenset({" if isinstance(value, frozenset) else "{"
            closer = "})" if isinstance(value, frozenset) else "}"
            items = getattr(value, "order", value)
        out.append(opener)
        budget[0] -= len(opener)
        mapping = isinstance(value, (dict, FrozenDict))
        for i, item in enumerate(items):
            if budget[0] < 0:
                return
            if i:
                sep = ": " if mapping and i % 2 else ", "
                out.append(sep)
                budget[0] -= len(sep)
            _render(item, out, budget, py2, depth + 1)
        out.append(closer)
        budget[0] -= len(closer)
        return
    elif isinstance(value, (tuple, list, frozenset, set, FrozenDict, dict, slice)) and depth >= 6:
        # Too deep to show: never hand a container to repr(), which would
        # expand all of it (and recurse once per level of a hostile nesting).
        text = "..."
    elif isinstance(value, slice):
        out.append("slice(")
        budget[0] -= 6
        for i, item in enumerate((value.start, value.stop, value.step)):
            if i:
                out.append(", ")
                budget[0] -= 2
            _render(item, out, budget, py2, depth + 1)
        out.append(")")
        budget[0] -= 1
        return
    elif isinstance(value, bytes) and py2:
        text = repr(value[: budget[0] + 2])[1:]
    elif isinstance(value, str) and py2:
        text = "u" + repr(value[: budget[0] + 2])
    elif isinstance(value, (str, bytes)):
        text = repr(value[: budget[0] + 2])
    elif isinstance(value, Py2Long):
        text = repr(value) if value.bit_length() < 4 * budget[0] else "<long>"
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() < 4 * budget[0]:
            text = str(value)
        else:
            text = f"<int of {value.bit_length()} bits>"
    else:
        text = repr(value)
    out.append(text)
    budget[0] -= len(text)


def text(value: Any) -> str:
    """Return a name-like value (``str`` or Python 2 ``bytes``) as text (:func:`as_text`)."""
    return as_text(value)
