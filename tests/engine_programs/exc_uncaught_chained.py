# exit: 1
# An uncaught chained exception: the last line is the last exception raised.
def parse(s):
    try:
        return int(s)
    except ValueError as exc:
        raise RuntimeError("could not parse %r" % s) from exc


print(parse("12"))
parse("twelve")
