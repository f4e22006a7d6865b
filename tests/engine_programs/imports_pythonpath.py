# pythonpath: extra
# A module found on the program's module path (PYTHONPATH natively, --path in bytescope).
import extramod

print(extramod.GREETING, extramod.double(4), extramod.__name__)
