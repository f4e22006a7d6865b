# Custom exception hierarchies: args, __str__, attributes, catching by base class.
# py2-compatible: yes
from __future__ import print_function


class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, key, where="db"):
        super(NotFound, self).__init__(key, where)
        self.key = key
        self.where = where

    def __str__(self):
        return "%s missing in %s" % (self.key, self.where)


class Invalid(AppError, ValueError):
    pass


for exc in (NotFound("user"), Invalid("bad", 1), AppError(), AppError("a", "b")):
    try:
        raise exc
    except ValueError as e:
        print("ValueError branch", e.args)
    except AppError as e:
        print("AppError branch", type(e).__name__, str(e), e.args, repr(e) if not e.args else "")
print(issubclass(Invalid, (KeyError, ValueError)), [c.__name__ for c in Invalid.__mro__][:3])
print(NotFound("k").key, NotFound("k", "cache").where)
