# Importing the program's own package: modules, relative imports inside it, __all__, attributes.
import corpuspkg
from corpuspkg import Circle, Square, describe
from corpuspkg.sub import walk, PARENT_VERSION, NAME
from corpuspkg.sub.deep import where
import corpuspkg.util as u
import sys

print(corpuspkg.VERSION, PARENT_VERSION, NAME, where())
shapes = [Circle(1), Square(2), Circle(0.5)]
print(sorted(shapes), [describe(s) for s in shapes])
print(list(walk([1, [2.5, [3]], "x"])))
print(u.CALLS["fmt"] > 0, u is corpuspkg.util, corpuspkg.__name__, corpuspkg.sub.__package__)
print(sorted(m for m in sys.modules if m.startswith("corpuspkg")))
print(corpuspkg.__all__, corpuspkg.shapes.Shape.registry == shapes)
tick = u.counter(10)
print(tick(), tick(5))
