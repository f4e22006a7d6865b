"""A module with a module-level __getattr__ and __dir__ (PEP 562, 3.7+)."""

EAGER = "eager"
_made = []


def __getattr__(name):
    if name.startswith("lazy_"):
        _made.append(name)
        return name.upper()
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def __dir__():
    return ["EAGER", "lazy_anything"]
