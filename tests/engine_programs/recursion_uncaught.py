# exit: 1
# An uncaught RecursionError: exit 1 and the traceback's last line (repeated frames collapsed).
def forever(n):
    return forever(n + 1) + 1


print("recursing")
forever(0)
