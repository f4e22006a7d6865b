class PkgFailure(Exception):
    def __init__(self, what, code):
        Exception.__init__(self, what, code)
        self.what = what
        self.code = code

    def __str__(self):
        return "%s (code %d)" % (self.what, self.code)


def explode(depth):
    if depth == 0:
        raise PkgFailure("exploded deep inside corpuspkg", 7)
    return explode(depth - 1) + 1
