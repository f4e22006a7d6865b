#!/usr/bin/env python3
"""The bytescope side of tools/run_test_dis_bridged.py: ``dis_api(VERSION)`` over a pipe.

    PYTHONPATH=src python3 tools/dis_bridge_server.py 3.8

Runs on a host bytescope supports (3.9+) and answers requests from an older
interpreter (3.6-3.8) whose own test_dis is being run.  A request is a
length-prefixed ``marshal`` of ``(function, code, addresses, args, kwargs)``: ``code``
is the old interpreter's ``marshal.dumps`` of a code object (bytes, read here
by bytescope as VERSION bytecode) or None, ``addresses`` the ``(path, id)`` of
each code object in it (reprs show them, as native ``dis`` prints them);
everything else is plain data.  The
answer is ``("ok", value)`` or ``("error", native class name, message)``, with
instructions as tuples whose code-object argvals are ``("__code__", path)``
(the indexes leading to the nested code object in the request's code), so the
client hands out its own host code objects, as native ``dis`` does.
"""

from __future__ import annotations

import io
import marshal
import struct
import sys
from typing import Any

import bytescope
from bytescope.bytecode.target_repr import remember_address
from bytescope.code import Code
from bytescope.versions import by_name

_PLAIN = (type(None), bool, int, float, complex, str, bytes)


def plain(value: Any, paths: dict[int, tuple[int, ...]]) -> Any:
    """Return ``value`` as data the old interpreter's marshal reads back."""
    if isinstance(value, Code):
        return ("__code__", paths.get(id(value), ()))
    if isinstance(value, bool) or value is None:
        return value
    for kind in (int, float, complex, str, bytes):
        if isinstance(value, kind):
            return kind(value)
    if isinstance(value, tuple):
        items = tuple(plain(v, paths) for v in value)
        return ("__tuple__", items) if items[:1] == ("__code__",) else items
    if isinstance(value, frozenset):
        return frozenset(plain(v, paths) for v in value)
    if isinstance(value, list):
        return [plain(v, paths) for v in value]
    if isinstance(value, dict):
        return {plain(k, paths): plain(v, paths) for k, v in value.items()}
    if value in (str, repr, ascii):
        return ("__builtin__", value.__name__)
    return ("__repr__", repr(value))


def code_paths(code: Code) -> dict[int, tuple[int, ...]]:
    """Return ``{id(nested code): indexes leading to it}`` for ``code`` and its consts."""
    out: dict[int, tuple[int, ...]] = {}
    stack: list[tuple[Code, tuple[int, ...]]] = [(code, ())]
    while stack:
        co, path = stack.pop()
        out[id(co)] = path
        for i, c in enumerate(co.co_consts):
            if isinstance(c, Code):
                stack.append((c, path + (i,)))
    return out


def load_code(blob: bytes, key: str) -> Code:
    """Return bytescope's reading of ``blob``, a code object marshalled by Python ``key``."""
    version = by_name(key)
    head = version.magic_bytes + b"\0" * (version.header_size - len(version.magic_bytes))
    code = bytescope.loads(head + blob).code
    assert isinstance(code, Code)
    return code


def answer(api: Any, key: str, fn: str, blob: Any, addresses: list, args: tuple,
           kwargs: dict) -> Any:
    """Return the answer of one request (raises what the API raises)."""
    if fn == "init":
        names = ("opname", "opmap", "cmp_op", "hasconst", "hasname", "hasjrel", "hasjabs",
                 "haslocal", "hascompare", "hasfree", "hasnargs", "HAVE_ARGUMENT",
                 "EXTENDED_ARG", "_OPNAME_WIDTH", "_OPARG_WIDTH", "COMPILER_FLAG_NAMES")
        data = {n: getattr(api, n) for n in names if hasattr(api, n)}
        data["Instruction"] = api.Instruction._fields
        return plain(data, {})
    code = load_code(blob, key) if blob is not None else None
    paths = code_paths(code) if code is not None else {}
    for path, address in addresses:  # reprs show the client's code objects' addresses
        nested = code
        for i in path:
            nested = nested.co_consts[i]
        remember_address(nested, address)
    out = io.StringIO()
    target: Any = code if code is not None else (args[0] if args else None)
    rest = args[1:] if code is None else args
    if fn in ("dis", "disassemble"):
        getattr(api, fn)(target, *rest, file=out, **kwargs)
        return out.getvalue()
    if fn == "get_instructions":
        return plain(list(api.get_instructions(target, **kwargs)), paths)
    if fn == "bytecode_iter":
        return plain(list(api.Bytecode(target, **kwargs)), paths)
    if fn == "bytecode_dis":
        return api.Bytecode(target, **kwargs).dis()
    if fn == "bytecode_info":
        return api.Bytecode(target, **kwargs).info()
    if fn in ("code_info", "findlabels"):
        return plain(getattr(api, fn)(target), paths)
    if fn == "findlinestarts":
        return plain(list(api.findlinestarts(target)), paths)
    if fn in ("stack_effect", "pretty_flags"):
        return getattr(api, fn)(*args, **kwargs)
    raise ValueError(f"unknown request {fn!r}")


def main() -> int:
    key = sys.argv[1]
    api = bytescope.dis_api(key)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = stdin.read(4)
        if len(head) < 4:
            return 0
        (size,) = struct.unpack("<I", head)
        fn, blob, addresses, args, kwargs = marshal.loads(stdin.read(size))
        try:
            reply: Any = ("ok", answer(api, key, fn, blob, addresses, tuple(args),
                                       dict(kwargs)))
        except Exception as exc:  # noqa: BLE001 - every error goes back to the client
            native = next((c for c in type(exc).__mro__ if c.__module__ == "builtins"),
                          Exception)
            reply = ("error", native.__name__, str(exc))
        data = marshal.dumps(reply, 4)
        stdout.write(struct.pack("<I", len(data)) + data)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
