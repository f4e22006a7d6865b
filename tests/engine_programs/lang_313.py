# min-version: 3.13
# 3.13 features: PEP 696 type parameter defaults, copy.replace, locals() snapshots in functions.
import copy
from dataclasses import dataclass


class Box[T = int]:
    pass


@dataclass(frozen=True)
class P:
    x: int
    y: int


def snap():
    a = 1
    before = locals()
    a = 2
    return before["a"], locals()["a"]


print(Box.__type_params__[0].__default__, copy.replace(P(1, 2), y=5), snap())
