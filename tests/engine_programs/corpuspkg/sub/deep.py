from ..util import fmt
from . import __name__ as parent_name


def walk(tree, depth=0):
    if isinstance(tree, (list, tuple)):
        for item in tree:
            for pair in walk(item, depth + 1):
                yield pair
    else:
        yield depth, fmt(tree)


def where():
    return parent_name, __name__
