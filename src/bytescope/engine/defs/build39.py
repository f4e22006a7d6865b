"""Instructions of 3.9 and later: the unpacking builders, ``IS_OP``, ``CONTAINS_OP``,
``LOAD_ASSERTION_ERROR`` (3.9 replaced the ``BUILD_*_UNPACK`` family with these)."""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("build39"))

S.inst("LIST_EXTEND", "lst unused[oparg - 1] iterable -- lst unused[oparg - 1]",
       "list_extend(lst, iterable)")
S.inst("SET_UPDATE", "set_ unused[oparg - 1] iterable -- set_ unused[oparg - 1]",
       "set_.update(iterable)")
S.inst("DICT_UPDATE", "dict_ unused[oparg - 1] update -- dict_ unused[oparg - 1]",
       "dict_update(dict_, update)")
S.inst("DICT_MERGE", "func callargs dict_ unused[oparg - 1] update -- "
       "func callargs dict_ unused[oparg - 1]", "dict_merge(frame, func, dict_, update)")
S.inst("MAP_ADD", "dict_ unused[oparg - 1] key value -- dict_ unused[oparg - 1]",
       "dict_[key] = value")
S.inst("LIST_TO_TUPLE", "lst -- tup", "tup = tuple(lst)", arg="none")
S.inst("LOAD_ASSERTION_ERROR", "-- value", "value = AssertionError", arg="none")
S.inst("IS_OP", "left right -- b", "b = left is right", variant="0", arg="flag")
S.inst("IS_OP", "left right -- b", "b = left is not right", variant="1", arg="flag")
S.inst("CONTAINS_OP", "left right -- b", "b = left in right", variant="0", arg="flag")
S.inst("CONTAINS_OP", "left right -- b", "b = left not in right", variant="1", arg="flag")
