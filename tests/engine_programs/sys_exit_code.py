# exit: 3
# sys.exit with a status from inside nested calls and a finally block.
import sys


def deep():
    try:
        sys.exit(3)
    finally:
        print("finally runs on the way out")


try:
    deep()
except Exception:
    print("SystemExit is not an Exception")
