"""Record the bytecode offsets each frame executes, with the interpreter running this script.

Run by tests/test_cfg_trace.py under every installed interpreter (2.7, 3.6+),
so it is written for all of them (no f-strings, no annotations).  Usage::

    python _trace_offsets.py sample OUT SOURCE   # compile SOURCE, run it traced
    python _trace_offsets.py stdlib OUT           # run a stdlib workload traced

``sample`` writes ``OUT.marshal`` (the code object compiled and run, so the
graphs are built from exactly that code) and ``OUT.json``: ``{"mode", "frames":
[[code index, events], ...]}`` with code objects numbered in depth-first order
of ``co_consts``.  ``stdlib`` writes ``OUT.json`` with frames of stdlib code:
``[[[pyc path, firstlineno, name, co_code as hex], events], ...]``.  Events are
``[kind, offset]``: ``opcode`` events, one per instruction executed (3.12+:
``sys.monitoring``'s INSTRUCTION events, the frame found with
``sys._getframe``, since 3.12.1's ``f_trace_opcodes`` set from a trace
function delivers none; 3.7-3.11: ``f_trace_opcodes``), else ``line``,
``exception`` and ``return`` events (2.7, 3.6: only where a line starts, after
a backward jump, at an exception, at a return or yield).
"""

import json
import marshal
import sys

OPCODES = sys.version_info >= (3, 7)


def record(codes_wanted):
    """Return (tracer, frames): the tracer records events of frames whose code
    ``codes_wanted(code)`` gives a key for (None: not traced)."""
    frames = []
    seen = {}

    def tracer(frame, event, arg):
        key = codes_wanted(frame.f_code)
        if key is None:
            return None
        if OPCODES and event != "opcode":
            frame.f_trace_opcodes = True
            frame.f_trace_lines = False
        rec = seen.get(id(frame))
        if rec is None or rec[0] is not frame:
            rec = (frame, key, [])  # the frame is kept alive: its id stays its own
            seen[id(frame)] = rec
            frames.append(rec)
        if event in ("line", "opcode", "exception", "return"):
            rec[2].append([event, frame.f_lasti])
        return tracer
    return tracer, frames


def run_traced(tracer, func):
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        sys.settrace(tracer)
        try:
            func()
        finally:
            sys.settrace(None)
        return
    tool = monitoring.DEBUGGER_ID
    monitoring.use_tool_id(tool, "bytescope-trace")

    def instruction(code, offset):
        tracer(sys._getframe(1), "opcode", None)
    monitoring.register_callback(tool, monitoring.events.INSTRUCTION, instruction)
    monitoring.set_events(tool, monitoring.events.INSTRUCTION)
    try:
        func()
    finally:
        monitoring.set_events(tool, 0)
        monitoring.register_callback(tool, monitoring.events.INSTRUCTION, None)
        monitoring.free_tool_id(tool)


def sample(out, path):
    with open(path) as f:
        source = f.read()
    code = compile(source, path, "exec")
    with open(out + ".marshal", "wb") as f:
        f.write(marshal.dumps(code))
    codes = []

    def collect(c):
        codes.append(c)
        for k in c.co_consts:
            if isinstance(k, type(c)):
                collect(k)
    collect(code)
    index = dict((id(c), i) for i, c in enumerate(codes))
    tracer, frames = record(lambda c: index.get(id(c)))
    namespace = {"__name__": "__sample__"}

    def go():
        exec(code, namespace)
    run_traced(tracer, go)
    with open(out + ".json", "w") as f:
        json.dump({"mode": "opcode" if OPCODES else "line",
                   "frames": [[key, events] for _f, key, events in frames]}, f)


def workload():
    """Exercise stdlib code full of loops, try/finally, with and generators."""
    import difflib
    import io
    import json as js
    import pickle
    import re
    import shlex
    import string
    import textwrap
    import tokenize
    a = "\n".join("line %d %s" % (i, "x" * (i % 7)) for i in range(60))
    b = a.replace("x", "y", 5)
    list(difflib.unified_diff(a.splitlines(), b.splitlines()))
    difflib.SequenceMatcher(None, a, b).ratio()
    data = {"k%d" % i: [i, str(i), None, True, 1.5] for i in range(40)}
    js.loads(js.dumps(data, indent=2, sort_keys=True))
    pickle.loads(pickle.dumps(data, 2))
    textwrap.fill(a, 30)
    textwrap.dedent("    a\n    b\n")
    re.sub(r"(\w+) (\d+)", r"\2 \1", a)
    shlex.split("a 'b c' \"d e\" f\\ g")
    string.Template("$a ${b}").safe_substitute(a=1)
    src = "def f(x):\n    for i in x:\n        yield i * 2\n"
    list(tokenize.generate_tokens(io.StringIO(src if sys.version_info[0] > 2
                                              else unicode(src)).readline))  # noqa: F821


def stdlib(out):
    import os
    import sysconfig
    lib = os.path.realpath(sysconfig.get_paths()["stdlib"])
    keys = {}

    def wanted(code):
        key = keys.get(code)
        if key is None:
            filename = os.path.realpath(code.co_filename)
            if not filename.startswith(lib) or "site-packages" in filename:
                key = False
            else:
                key = [pyc_of(filename), code.co_firstlineno, code.co_name,
                       bytes(code.co_code).hex() if hasattr(bytes, "hex")
                       else code.co_code.encode("hex")]
            keys[code] = key
        return key or None
    tracer, frames = record(wanted)
    run_traced(tracer, workload)
    with open(out + ".json", "w") as f:
        json.dump({"mode": "opcode" if OPCODES else "line",
                   "frames": [[key, events] for _f, key, events in frames]}, f)


def pyc_of(filename):
    if sys.version_info[0] == 2:
        return filename[:-1] + "c" if filename.endswith(".pyc") else filename + "c"
    import importlib.util
    return importlib.util.cache_from_source(filename)


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3])
    else:
        stdlib(sys.argv[2])
