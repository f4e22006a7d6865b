"""Generate the engine's per-instruction handlers from the instruction definitions.

    python tools/gen_engine.py          # rewrite src/bytescope/engine/_cases.py
    python tools/gen_engine.py --check  # exit 1 if the file is not up to date

Every template definition in ``src/bytescope/engine/defs`` becomes one
handler function, as CPython generates ``generated_cases.c.h`` from
``bytecodes.c``.  The fused block code of hot functions is generated from the
same templates at run time (:mod:`bytescope.engine.blocks`).
"""

from __future__ import annotations

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

from bytescope.engine.generate import cases_source  # noqa: E402

TARGET = os.path.join(ROOT, "src", "bytescope", "engine", "_cases.py")


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the generated module; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true", help="only check that the file is current")
    args = p.parse_args(argv)
    text = cases_source()
    if args.check:
        try:
            with open(TARGET, encoding="utf-8") as fh:
                current = fh.read()
        except OSError:
            current = ""
        if current != text:
            print(f"{os.path.relpath(TARGET, ROOT)} is out of date: run tools/gen_engine.py")
            return 1
        return 0
    with open(TARGET, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {os.path.relpath(TARGET, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
