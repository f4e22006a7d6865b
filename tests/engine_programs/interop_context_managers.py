# VM context managers driven by host code (ExitStack) and host context managers in VM code.
import contextlib
import os
import tempfile
import threading


class Tracker:
    log = []

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        Tracker.log.append("enter " + self.name)
        return self

    def __exit__(self, *exc):
        Tracker.log.append("exit " + self.name)
        return False


with contextlib.ExitStack() as stack:
    for n in "abc":
        stack.enter_context(Tracker(n))
print(Tracker.log)
lock = threading.RLock()
with lock, lock:
    print("re-entrant lock held twice")
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "f.txt")
    with open(path, "w") as fh:
        fh.write("line1\nline2\n")
    with open(path) as fh:
        print([line.strip() for line in fh], fh.closed)
    print(fh.closed)
