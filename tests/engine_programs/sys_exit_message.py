# exit: 1
# sys.exit with a string: printed to stderr, exit status 1.
import sys

print("bye")
sys.exit("fatal: a message for stderr")
