# ruff: noqa: UP004, UP010, UP031, UP036  (this file must also run under Python 2.7)
"""Compile the running interpreter's standard library into a corpus of pycs.

Run under the interpreter whose pycs are wanted (Python 2.7 or 3.x; this file
keeps to syntax both accept)::

    python2.7 bench/build_corpus.py OUT_DIR

Every ``.py`` of the standard library (test suites, ``site-packages`` and
``__pycache__`` left out) is compiled with that interpreter's own
``py_compile`` into ``OUT_DIR/<relative path>c``.  Files the interpreter
cannot compile (deliberately broken test data, sources of other versions)
are skipped.  A ``CORPUS.json`` beside them records the interpreter, the
counts and the total size; its presence marks the corpus as complete.
"""

from __future__ import print_function

import json
import os
import py_compile
import sys

SKIP_DIRS = set(["test", "tests", "site-packages", "dist-packages", "__pycache__", "idle_test"])


def stdlib_dir():
    """Return the directory of the standard library's pure-Python modules."""
    return os.path.dirname(os.path.abspath(os.__file__))


def sources(root):
    """Return the relative paths of the library's ``.py`` files, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.endswith(".py"):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def main(argv):
    """Build the corpus in ``argv[1]``; return the exit status."""
    out = argv[1]
    root = stdlib_dir()
    made = failed = size = 0
    for rel in sources(root):
        dst = os.path.join(out, rel + "c")
        parent = os.path.dirname(dst)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        try:
            py_compile.compile(os.path.join(root, rel), cfile=dst, dfile=rel, doraise=True)
        except Exception:  # noqa: BLE001 - broken test data, other-version sources
            failed += 1
            continue
        made += 1
        size += os.path.getsize(dst)
    info = {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "stdlib": root,
        "files": made,
        "skipped": failed,
        "bytes": size,
    }
    with open(os.path.join(out, "CORPUS.json"), "w") as fh:
        json.dump(info, fh, indent=1, sort_keys=True)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
