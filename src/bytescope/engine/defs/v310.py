"""3.10: ``GEN_START``, ``ROT_N`` and the first pattern-matching instructions."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("v310"))

S.inst("GEN_START", "sent --", arg="int")
S.inst("ROT_N", "unused[oparg] -- unused[oparg]", """
    if oparg > 1:
        st[len(st) - oparg:] = st[-1:] + st[len(st) - oparg:-1]
""")
S.inst("MATCH_CLASS", "subject type_ names -- res ok", """
    attrs = match_class(subject, type_, oparg, names)
    res = subject if attrs is None else attrs
    ok = attrs is not None
""")
S.inst("MATCH_KEYS", "subject keys -- subject keys values ok", """
    values = match_keys(subject, keys)
    ok = values is not None
""", arg="none")
S.inst("COPY_DICT_WITHOUT_KEYS", "subject keys -- subject rest", """
    rest = dict(subject)
    for key in keys:
        del rest[key]
""", arg="none")
