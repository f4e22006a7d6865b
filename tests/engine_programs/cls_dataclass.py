# min-version: 3.7
# dataclasses: fields, defaults, default_factory, order, frozen, __post_init__, asdict, replace.
import dataclasses
from dataclasses import dataclass, field


@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: list = field(default_factory=list)
    secret: str = field(default="s", repr=False, compare=False)

    def total(self, n):
        return self.price * n


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0


@dataclass
class Derived(Item):
    qty: int = 1

    def __post_init__(self):
        self.value = self.price * self.qty


a = Item("a", 2.5)
a.tags.append("x")
print(a, a == Item("a", 2.5, ["x"], "other"), a.total(4))
print(sorted([Version(2), Version(1, 5), Version(1)]))
v = Version(3, 1)
try:
    v.major = 4
except dataclasses.FrozenInstanceError as exc:
    print("frozen:", type(exc).__name__)
print(hash(v) == hash(Version(3, 1)), dataclasses.replace(v, minor=9))
d = Derived("d", 1.5, qty=4)
print(d, d.value, dataclasses.asdict(d))
print([f.name for f in dataclasses.fields(Derived)], dataclasses.is_dataclass(d))
