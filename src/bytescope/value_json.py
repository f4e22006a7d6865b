"""The lossless JSON form of scalar marshal values (``dump --json`` writes it, ``build`` reads it).

Bytes are hex, floats ``float.hex`` text (or ``nan``/``-nan``), text floats
and complexes keep their decimal text, so a JSON dump can be rebuilt into the
same bytes.  Model layer: it knows the value types and nothing above them.
"""

from __future__ import annotations

import math
from typing import Any

from .values import TextComplex, TextFloat

__all__ = ["float_from_json", "float_to_json", "scalar_to_json"]


def float_to_json(value: float) -> str:
    """Return ``value`` as an exact string (``float.hex``, or nan/inf)."""
    if math.isnan(value):
        return "nan" if math.copysign(1.0, value) > 0 else "-nan"
    return value.hex()


def float_from_json(text: str) -> float:
    """Return the float :func:`float_to_json` encoded."""
    if text in ("nan", "-nan"):
        return math.copysign(math.nan, -1.0 if text.startswith("-") else 1.0)
    return float.fromhex(text)


def scalar_to_json(value: Any) -> Any:
    """Return a JSON-able encoding of a scalar marshal value (None if it has none)."""
    if value is None or value is True or value is False or value is Ellipsis:
        return None
    if value is StopIteration:
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, TextFloat):
        return {"text": value.text.decode("latin-1")}
    if isinstance(value, float):
        return float_to_json(value)
    if isinstance(value, TextComplex):
        return {"text": [value.real_text.decode("latin-1"), value.imag_text.decode("latin-1")]}
    if isinstance(value, complex):
        return [float_to_json(value.real), float_to_json(value.imag)]
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str):
        return value
    return None
