"""3.9/3.10: ``RERAISE``, ``WITH_EXCEPT_START``, ``JUMP_IF_NOT_EXC_MATCH`` replace the 3.8
finally subroutines."""

from __future__ import annotations

from typing import Any

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("v39"))


@S.handler("RERAISE", "tb val exc --", arg="int", flow="exit")
def reraise(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Re-raise the exception the three top values hold."""
    from ..runtime import reraise as _reraise

    if oparg and frame.blocks:  # 3.10: the line of the original instruction
        frame.lasti = frame.blocks[-1][1]
    st.pop()
    value = st.pop()
    st.pop()
    _reraise(frame, value)
    return -1


S.inst("WITH_EXCEPT_START",
       "exit_ a b c tb val exc -- exit_ a b c tb val exc res",
       "res = exit_(exc, val, tb)", arg="none")
S.inst("JUMP_IF_NOT_EXC_MATCH", "left right --", """
    if not exception_matches(left, right):
        JUMP(oparg)
""", arg="jump")
