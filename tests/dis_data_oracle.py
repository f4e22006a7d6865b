"""Ask an interpreter for the data of its ``dis`` and ``opcode`` modules (one subprocess).

Shared by ``tools/gen_dis_modules.py`` and ``tests/test_dis_module_data.py``.
The interpreter runs ``tests/_dis_data_probe.py``, which lists every
module-level attribute that is not a module, function or class, in the typed
JSON encoding of :func:`encode` (lists, tuples, dicts and bools stay
distinct; builtins by name).  :func:`same` compares two encodings: lists and
tuples item by item in order, dicts by contents.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from _dis_data_probe import encode as _encode

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE = os.path.join(HERE, "_dis_data_probe.py")
FIXTURES = os.path.join(HERE, "fixtures", "dis_data")


def encode(value: Any) -> Any:
    """Return the typed JSON encoding of ``value`` (as the probe writes it)."""
    return _encode(value)


def run(python: str) -> dict[str, Any]:
    """Return ``{"release", "dis": [[name, encoded], ...], "opcode": [...]}`` from ``python``."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([python, PROBE], capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"{python} {PROBE} failed: {proc.stderr[-2000:]}")
    reply: dict[str, Any] = json.loads(proc.stdout)
    return reply


def _canonical(enc: Any) -> Any:
    """Return ``enc`` with dict pairs sorted, so that dicts compare by contents."""
    if isinstance(enc, dict):
        ((tag, body),) = enc.items()
        if tag in ("dict", "frozendict"):
            pairs = [[_canonical(k), _canonical(v)] for k, v in body]
            return {tag: sorted(pairs, key=lambda p: json.dumps(p, sort_keys=True))}
        if tag in ("list", "tuple"):
            return {tag: [_canonical(v) for v in body]}
    return enc


def same(a: Any, b: Any) -> bool:
    """Return True if encodings ``a`` and ``b`` hold equal values of equal types."""
    return bool(_canonical(a) == _canonical(b))


def differences(ours: dict[str, Any], theirs: list[list[Any]]) -> list[str]:
    """Return how our ``{name: value}`` differs from a probe's ``[[name, encoded], ...]``."""
    want = dict(theirs)
    out = []
    for name in sorted(set(want) - set(ours)):
        out.append(f"{name}: missing")
    for name in sorted(set(ours) - set(want)):
        out.append(f"{name}: not in that version's module")
    for name in sorted(set(want) & set(ours)):
        got = encode(ours[name])
        if not same(got, want[name]):
            out.append(f"{name}: {json.dumps(got)[:300]} != {json.dumps(want[name])[:300]}")
    return out


def fixture_path(version: str) -> str:
    """Return the path of the committed probe output of ``version``."""
    return os.path.join(FIXTURES, f"dis_modules_{version}.json")
