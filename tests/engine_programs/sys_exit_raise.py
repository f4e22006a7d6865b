# exit: 42
# raise SystemExit(42) at module level after output to stdout and stderr.
import sys

print("to stdout")
print("to stderr", file=sys.stderr)
raise SystemExit(42)
