# exit: 1
# An uncaught Python 2 exception: exit status 1 and the traceback's last line.
def f():
    raise IndexError("python 2 failure")
print "before"
f()
