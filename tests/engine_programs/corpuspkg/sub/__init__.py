from .. import VERSION as PARENT_VERSION
from .deep import walk

NAME = __name__
