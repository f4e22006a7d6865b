"""Profile bytescope's marshal reader over a corpus and print the hotspots.

    python bench/profile_reader.py 3.11 [--top 15]

Loads every pyc of ``bench/corpora/<ver>/`` (built by ``bench/run.py``) under
cProfile and prints, per function, its share of the profiled time (self and
cumulative) and its call count.
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import os
import pstats
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get('BSRC') or os.path.join(os.path.dirname(HERE), 'src'))

import bytescope  # noqa: E402


def main() -> int:
    """Profile the named corpora; return the exit status."""
    p = argparse.ArgumentParser()
    p.add_argument("versions", help="comma-separated, e.g. 3.11,3.12")
    p.add_argument("--top", type=int, default=15)
    args = p.parse_args()
    for ver in args.versions.split(","):
        files = sorted(glob.glob(os.path.join(HERE, "corpora", ver, "**", "*.pyc"),
                                 recursive=True))
        datas = [open(f, "rb").read() for f in files]
        prof = cProfile.Profile()
        prof.enable()
        for d in datas:
            bytescope.loads(d)
        prof.disable()
        stats = pstats.Stats(prof)
        total = stats.total_tt  # type: ignore[attr-defined]
        print(f"{ver}: {len(datas)} files, {sum(map(len, datas)) / 1e6:.1f} MB, "
              f"{total:.2f} s profiled")
        rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])  # type: ignore[attr-defined]
        for (path, line, name), (_cc, calls, self_t, cum_t, _callers) in rows[: args.top]:
            where = path.split(os.sep + "src" + os.sep)[-1]
            print(f"  {self_t / total:6.1%} self {cum_t / total:6.1%} cum {calls:>9} calls  "
                  f"{where}:{line} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
