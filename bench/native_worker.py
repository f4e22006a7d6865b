# ruff: noqa: UP004, UP010, UP024, UP031, UP036  (this file must also run under Python 2.7)
"""Time one task with the *running* interpreter's own C ``marshal`` and ``dis``.

Run under the interpreter of the version being measured (2.7 or 3.x; this
file keeps to syntax both accept)::

    python3.8 bench/native_worker.py SPEC.json

``SPEC.json`` holds ``{"task": "load"|"decode"|"dis"|"write", "files": [...],
"header_size": N, "runs": R}``.  The files are read into memory first; one
untimed pass checks them (files the interpreter cannot load are counted and
left out), then ``R`` timed passes run.  One JSON object is printed: the
pass times, the files and bytes measured, the errors, the peak RSS.
"""

from __future__ import print_function

import gc
import json
import marshal
import sys
import types

try:
    # CPU time of this process: other work on the machine does not inflate it
    from time import process_time as clock
except ImportError:  # Python 2: time.clock() is process CPU time on Unix
    from time import clock

try:
    import resource
except ImportError:  # pragma: no cover - not on Linux
    resource = None


def peak_rss_kb():
    """Return the process's peak resident set size in KB (0 where unknown).

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over execve from the parent.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (IOError, OSError):
        pass
    if resource is None:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def walk(top):
    """Return every code object in ``top``'s tree, ``top`` first."""
    out = []
    stack = [top]
    while stack:
        co = stack.pop()
        out.append(co)
        stack.extend(c for c in co.co_consts if isinstance(c, types.CodeType))
    return out


class Sink(object):
    """A text file that keeps nothing (the text is still produced)."""

    def write(self, text):
        return len(text)

    def flush(self):
        pass


def make_task(name, bodies):
    """Return (prepare, run): prepare checks one body, run handles every prepared item."""
    if name == "load":
        return (lambda body: body), (lambda items: [marshal.loads(b) for b in items])
    if name == "write":
        return marshal.loads, (lambda items: [marshal.dumps(c) for c in items])
    import dis

    if name == "decode":
        get = getattr(dis, "get_instructions", None)
        if get is None:
            return None, None

        def run_decode(items):
            n = 0
            for codes in items:
                for co in codes:
                    for _ in get(co):
                        n += 1
            return n

        return (lambda body: walk(marshal.loads(body))), run_decode
    if name == "dis":
        sink = Sink()

        def run_dis(items):
            old = sys.stdout
            sys.stdout = sink
            try:
                for codes in items:
                    for co in codes:
                        if sys.version_info[0] >= 3:
                            dis.disassemble(co, file=sink)
                        else:
                            dis.disassemble(co)
            finally:
                sys.stdout = old

        return (lambda body: walk(marshal.loads(body))), run_dis
    raise SystemExit("unknown task %r" % (name,))


def main(argv):
    """Run the spec in ``argv[1]``; print the result as JSON."""
    with open(argv[1]) as fh:
        spec = json.load(fh)
    hs = spec["header_size"]
    datas = []
    for path in spec["files"]:
        with open(path, "rb") as fh:
            datas.append(fh.read())
    prepare, run = make_task(spec["task"], datas)
    result = {"task": spec["task"], "python": sys.version.split()[0]}
    if prepare is None:
        result["unavailable"] = True
        print(json.dumps(result))
        return 0
    items = []
    nbytes = 0
    errors = 0
    for data in datas:
        try:
            items.append(prepare(data[hs:]))
            nbytes += len(data)
        except Exception:  # noqa: BLE001 - count, leave out
            errors += 1
    run(items)  # warm-up pass
    base = peak_rss_kb()
    times = []
    for _ in range(spec["runs"]):
        gc.collect()
        t0 = clock()
        run(items)
        times.append(clock() - t0)
    result.update(
        {
            "times": times,
            "files": len(items),
            "bytes": nbytes,
            "errors": errors,
            "peak_rss_kb": peak_rss_kb(),
            "base_rss_kb": base,
        }
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
