# min-version: 3.10
# dataclasses of 3.10: kw_only, slots, match_args.
from dataclasses import KW_ONLY, dataclass


@dataclass(kw_only=True)
class Opts:
    verbose: bool = False
    level: int = 1


@dataclass(slots=True)
class Slotted:
    a: int
    b: int = 2


@dataclass
class Mixed:
    x: int
    _: KW_ONLY
    y: int = 0


print(Opts(level=3), Slotted(1), Mixed(1, y=5), Slotted.__slots__, Mixed.__match_args__)
try:
    Opts(True)
except TypeError:
    print("positional refused")
s = Slotted(1)
try:
    s.c = 1
except AttributeError:
    print("no new attributes on slots dataclass")
