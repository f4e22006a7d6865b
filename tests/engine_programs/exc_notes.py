# min-version: 3.11
# exit: 1
# add_note: notes appear after the exception line of an uncaught traceback.
try:
    raise ValueError("with a note")
except ValueError as exc:
    exc.add_note("first note")
    print(exc.__notes__)
err = KeyError("uncaught")
err.add_note("note one")
err.add_note("the last line of stderr")
raise err
