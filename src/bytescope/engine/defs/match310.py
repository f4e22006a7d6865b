"""Pattern-matching instructions shared by 3.10 and later (``MATCH_*``, ``GET_LEN``)."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("match310"))

S.inst("GET_LEN", "obj -- obj len_", "len_ = len(obj)", arg="none")
S.inst("MATCH_MAPPING", "subject -- subject res", "res = is_mapping(subject)", arg="none")
S.inst("MATCH_SEQUENCE", "subject -- subject res", "res = is_sequence(subject)", arg="none")
