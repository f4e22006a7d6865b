# min-version: 3.11
# exit: 1
# stderr-lines: 6
# An uncaught ExceptionGroup: its traceback ends with the last sub-exception's box line.
print("raising a group")
raise ExceptionGroup("several", [ValueError("one"), TypeError("two")])
