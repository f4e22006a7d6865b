# print() to stdout and stderr with sep, end, file and flush; interleaving does not matter.
import sys

print("a", "b", "c", sep="-", end="!\n")
print("no newline", end="")
print(" then newline")
print(*range(5), sep=",")
print("to stderr first", file=sys.stderr)
sys.stdout.write("written directly\n")
sys.stderr.write("the last stderr line\n")
print(flush=True)
print(repr(print("", end="")))
