# exit: 1
# Uncaught exceptions without a message and with several args.
class Quiet(Exception):
    pass


try:
    raise Quiet()
except Quiet as exc:
    print(repr(str(exc)), exc.args)
raise Quiet("a", 2, None)
