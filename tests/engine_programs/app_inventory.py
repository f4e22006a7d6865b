# min-version: 3.7
# An inventory with dataclasses, sorting by several keys, grouping and a text report.
import itertools
from dataclasses import dataclass, field


@dataclass(order=True)
class Product:
    category: str
    name: str
    price: float = field(compare=False)
    stock: int = field(default=0, compare=False)

    @property
    def value(self):
        return self.price * self.stock


inv = [Product("fruit", "apple", 0.5, 100), Product("tools", "hammer", 12.0, 3),
       Product("fruit", "banana", 0.25, 150), Product("tools", "saw", 20.0, 0),
       Product("dairy", "milk", 1.1, 20)]
for cat, items in itertools.groupby(sorted(inv), key=lambda p: p.category):
    items = list(items)
    print("%-6s %d items, value %.2f" % (cat, len(items), sum(p.value for p in items)))
print([p.name for p in sorted(inv, key=lambda p: (-p.value, p.name))])
print([p.name for p in inv if not p.stock], max(inv, key=lambda p: p.price).name)
