"""JSON text of the views' documents, written without recursion.

The standard ``json`` encoder recurses once per nesting level (the C encoder
through ``Py_EnterRecursiveCall``, the pure one used with ``indent`` through
generators), so a document as deep as a hostile file may legitimately be --
a dump tree of 2000 nested tuples, an info or dis tree of a thousand nested
code objects -- ends in ``RecursionError``.  :func:`write_json` walks the
document with an explicit stack and writes the same text ``json.dump(obj,
out, indent=indent)`` writes (indentation stops growing past
:data:`MAX_INDENT_LEVEL` levels).
"""

from __future__ import annotations

import json
from typing import IO, Any, Iterator

_END = object()

#: Levels indented; deeper levels are written at this indentation, so that the
#: text stays linear in the size of a hostile document (indenting every line
#: of a 4000-level document by its level would be quadratic).  No view's
#: document of a real pyc comes near it.
MAX_INDENT_LEVEL = 128


def _key(key: Any) -> str:
    # The key conversions of json.dump (skipkeys=False).
    if isinstance(key, str):
        pass
    elif isinstance(key, float):
        key = json.dumps(key)
    elif key is True:
        key = "true"
    elif key is False:
        key = "false"
    elif key is None:
        key = "null"
    elif isinstance(key, int):
        key = int.__repr__(key)
    else:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return json.dumps(key)


def iter_json(obj: Any, indent: int = 1) -> Iterator[str]:
    """Yield the pieces of ``json.dumps(obj, indent=indent)``, at any nesting depth."""
    # Each frame: (items iterator, is a mapping, level of its items, no item yet).
    stack: list[tuple[Iterator[Any], bool, int, bool]] = []
    value = obj
    while True:
        if isinstance(value, dict):
            if value:
                yield "{"
                stack.append((iter(value.items()), True, len(stack) + 1, True))
            else:
                yield "{}"
        elif isinstance(value, (list, tuple)):
            if value:
                yield "["
                stack.append((iter(value), False, len(stack) + 1, True))
            else:
                yield "[]"
        else:
            yield json.dumps(value)
        while stack:
            items, mapping, level, first = stack[-1]
            item: Any = next(items, _END)
            if item is _END:
                stack.pop()
                pad = indent * min(level - 1, MAX_INDENT_LEVEL)
                yield "\n" + " " * pad + ("}" if mapping else "]")
                continue
            if first:
                stack[-1] = (items, mapping, level, False)
            yield ("\n" if first else ",\n") + " " * (indent * min(level, MAX_INDENT_LEVEL))
            if mapping:
                key, value = item
                yield _key(key) + ": "
            else:
                value = item
            break
        else:
            return


def write_json(obj: Any, out: IO[str], indent: int = 1) -> None:
    """Write ``obj`` to ``out`` as ``json.dump(obj, out, indent=indent)`` does, iteratively."""
    chunk: list[str] = []
    size = 0
    for piece in iter_json(obj, indent):
        chunk.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            # by size, not piece count: the indentation of a deep document
            # makes single pieces long
            out.write("".join(chunk))
            chunk.clear()
            size = 0
    out.write("".join(chunk))
