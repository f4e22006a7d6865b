# exit: 0
# SystemExit can be caught and inspected; sys.exit() without arguments exits 0.
import sys

try:
    sys.exit(5)
except SystemExit as exc:
    print("caught SystemExit", exc.code)
try:
    raise SystemExit("text code")
except SystemExit as exc:
    print("code", repr(exc.code))
sys.exit()
