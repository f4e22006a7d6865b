"""The "Did you mean" hints of 3.10+ tracebacks (NameError, AttributeError, ImportError).

The host computes them only when it is 3.10 or newer and only for its own
version's rules; the engine computes them itself so the report follows the
pyc's version on any host.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

_MAX_CANDIDATES = 750
_MAX_STRING_SIZE = 40
_MOVE_COST = 2
_CASE_COST = 1


def _substitution_cost(a: str, b: str) -> int:
    if a == b:
        return 0
    if a.lower() == b.lower():
        return _CASE_COST
    return _MOVE_COST


def levenshtein(a: str, b: str, max_cost: int) -> int:
    """CPython's weighted Levenshtein distance (case changes cost 1, others 2)."""
    if a == b:
        return 0
    pre = 0
    while a[pre:] and b[pre:] and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return _MOVE_COST * (len(a) + len(b))
    if len(a) > _MAX_STRING_SIZE or len(b) > _MAX_STRING_SIZE:
        return max_cost + 1
    if len(b) < len(a):
        a, b = b, a
    if (len(b) - len(a)) * _MOVE_COST > max_cost:
        return max_cost + 1
    row = list(range(_MOVE_COST, _MOVE_COST * (len(a) + 1), _MOVE_COST))
    result = 0
    for bindex in range(len(b)):
        bchar = b[bindex]
        distance = result = bindex * _MOVE_COST
        minimum = None
        for index in range(len(a)):
            substitute = distance + _substitution_cost(bchar, a[index])
            distance = row[index]
            insert_delete = min(result, distance) + _MOVE_COST
            result = min(insert_delete, substitute)
            row[index] = result
            if minimum is None or result < minimum:
                minimum = result
        if minimum is not None and minimum > max_cost:
            return max_cost + 1
    return result


def best_match(candidates: Iterable[Any], wrong: str) -> Optional[str]:
    """The closest candidate name to ``wrong``, or None (CPython's ``_compute_suggestion``)."""
    names = [c for c in candidates if isinstance(c, str)]
    if len(names) > _MAX_CANDIDATES:
        return None
    best = None
    best_distance = None
    wrong_size = len(wrong)
    for name in names:
        if name == wrong:
            continue
        max_distance = (len(name) + wrong_size + 3) * _MOVE_COST // 6
        if best_distance is not None:
            max_distance = min(max_distance, best_distance - 1)
        distance = levenshtein(wrong, name, max_distance)
        if distance > max_distance:
            continue
        if best_distance is None or distance < best_distance:
            best = name
            best_distance = distance
    return best


def suggestion_text(exc: BaseException) -> str:
    """The text 3.10+ appends to the exception's message (``". Did you mean: 'x'?"``)."""
    name = getattr(exc, "name", None)
    if not isinstance(name, str):
        return ""
    found: Optional[str] = None
    if isinstance(exc, AttributeError):
        obj = getattr(exc, "obj", None)
        try:
            found = best_match(dir(obj), name)
        except Exception:
            found = None
    elif isinstance(exc, NameError) and not isinstance(exc, UnboundLocalError):
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is None:
            return ""
        frame = tb.tb_frame
        from .tracebacks import vm_code_of

        code = vm_code_of(tb)
        names = list(code.varnames) if code is not None else list(frame.f_locals)
        found = best_match(names, name)
        if found is None:
            found = best_match(list(frame.f_globals) + list(frame.f_builtins), name)
    if found is None:
        return ""
    return f". Did you mean: '{found}'?"
