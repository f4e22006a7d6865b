"""Time one task of bytescope or xdis on the host interpreter.

    python bench/host_worker.py SPEC.json

``SPEC.json`` holds ``{"tool": "bytescope"|"bytescope-trusted"|"bytescope-accel"|"xdis",
"task": "load"|"decode"|"dis"|"write", "files": [...], "header_size": N, "runs": R}``
(``src`` is put on ``sys.path`` for bytescope; xdis, tasks ``load``, ``decode``
and ``dis`` only, is run with the bench venv's python).
``bytescope-trusted`` is the same-version fast path,
``bytescope.loads(data, trusted=True)`` (task ``load`` only; the result says
in ``fast_path_files`` how many files the host's marshal read).
``bytescope-accel`` is the mypyc-accelerated build (task ``load`` only): the
directory in the spec's ``"src"`` (made by ``tools/build_accel.py --target``)
goes on ``sys.path`` instead of ``src``; the worker checks that
``bytescope.accelerated()`` is True there and otherwise reports a note and no
times.
Same protocol as ``native_worker.py``: files read first, one untimed
checking pass (failures counted and left out; for xdis, files its decode or
dis fails on too), ``R`` timed passes, one JSON
object printed with times, files, bytes, errors and peak RSS.

``{"mode": "memory", ...}`` instead loads one file once and reports the RSS
growth it caused, for the hostile-input table.
"""

from __future__ import annotations

import gc
import io
import json
import os
import resource
import sys
import time
from typing import Any, Callable, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(os.path.dirname(HERE), "src")

Prepare = Callable[[bytes], Any]
Run = Callable[[list[Any]], Any]


def peak_rss_kb() -> int:
    """Return this process's peak resident set size in KB.

    ``VmHWM`` of /proc/self/status, not ``ru_maxrss``: Linux carries
    ``ru_maxrss`` over ``execve`` from the parent, so a large parent would
    show through.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak() -> bool:
    """Reset the peak RSS to the current RSS (Linux ``clear_refs``); return whether it worked."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def current_rss_kb() -> int:
    """Return the process's current resident set size in KB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def bytescope_task(
    task: str, trusted: bool = False, src: str = SRC
) -> tuple[Optional[Prepare], Optional[Run], str]:
    """Return (prepare, run, note) for a bytescope task; prepare None when unavailable.

    ``trusted``: the same-version fast path (``load`` only).  ``src``: the
    directory holding the ``bytescope`` package to time.
    """
    sys.path.insert(0, src)
    import bytescope

    if trusted:
        if task != "load":
            return None, None, "the fast path is a load"
        return (lambda d: d), (lambda items: [bytescope.loads(d, trusted=True) for d in items]), ""
    if task == "load":
        return (lambda d: d), (lambda items: [bytescope.loads(d) for d in items]), ""
    if task == "decode":
        try:
            from bytescope.bytecode.decode import unpack
            from bytescope.bytecode.resolve import Resolver
            from bytescope.versions import opcodes
        except ImportError:
            return None, None, "no bytescope.bytecode decoder in this build"

        def run_decode(items: list[Any]) -> int:
            # every instruction of every code object, with its argument resolved
            n = 0
            for codes in items:
                for c in codes:
                    table = opcodes.table(c.version)
                    resolve = Resolver(c, table, repr).resolve
                    for off, _start, op, arg in unpack(c.co_code, table, c.version.wordcode):
                        resolve(off, op, arg)
                        n += 1
            return n

        return (lambda d: list(bytescope.loads(d).code.iter_code())), run_decode, ""
    if task == "dis":
        try:
            from bytescope.versions import opcodes
            from bytescope.views.dis_text import disassemble_one
        except ImportError:
            return None, None, "no dis text view in this build"

        def run_dis(items: list[Any]) -> None:
            # the text dis.disassemble() prints, for every code object
            for codes in items:
                for c in codes:
                    out: list[str] = []
                    disassemble_one(c, out, opcodes.table(c.version))
                    "\n".join(out)

        return (lambda d: list(bytescope.loads(d).code.iter_code())), run_dis, ""
    if task == "write":
        try:
            import bytescope.marshal.writer  # noqa: F401
        except ImportError:
            return None, None, "no bytescope.marshal.writer in this build"
        return bytescope.loads, (lambda items: [p.to_bytes() for p in items]), ""
    raise SystemExit(f"unknown task {task!r}")


def accel_task(task: str, src: str) -> tuple[Optional[Prepare], Optional[Run], str]:
    """Return (prepare, run, note) for the accelerated build in ``src`` (``load`` only).

    Unavailable, with the reason, unless ``bytescope`` is imported from ``src``
    and ``bytescope.accelerated()`` is True there.
    """
    if task != "load":
        return None, None, "the compiled module only changes the load"
    prepare, run, note = bytescope_task(task, src=src)
    import bytescope

    where = os.path.dirname(os.path.dirname(os.path.abspath(bytescope.__file__)))
    if where != os.path.abspath(src):
        return None, None, f"bytescope was imported from {where}, not {src}"
    if not bytescope.accelerated():
        return None, None, f"bytescope.accelerated() is False for {src}"
    return prepare, run, note


def xdis_task(task: str, header_size: int) -> tuple[Optional[Prepare], Optional[Run], str]:
    """Return (prepare, run, note) for an xdis task (pure-Python unmarshal forced).

    ``load``: ``xdis.unmarshal.load_code`` of each file.  ``decode`` and
    ``dis`` are timed like bytescope's: the prepared items are the loaded
    code objects (every nested one, each with the opcode module of the file's
    version, from its magic), loading is not timed.  ``decode``:
    ``Bytecode(c, opc).get_instructions(c)`` fully consumed (xdis's
    ``Instruction`` carries the resolved ``argval`` and ``argrepr``, line
    starts and jump targets).  ``dis``: ``Bytecode(c, opc).dis()`` (the
    instruction listing xdis's own disassembler prints per code object) plus,
    from 3.11, the ``ExceptionTable:`` lines it adds
    (``cross_dis.format_exception_table``), as ``dis.disassemble`` does.
    """
    from xdis.unmarshal import load_code

    def one(data: bytes) -> Any:
        magic = data[0] | (data[1] << 8)
        # a fresh code_objects dict each time: xdis's default one is shared
        return load_code(io.BytesIO(data[header_size:]), magic, code_objects={})

    if task == "load":
        return (lambda d: d), (lambda items: [one(d) for d in items]), ""
    if task not in ("decode", "dis"):
        return None, None, "not measured for xdis"
    from xdis import iscode
    from xdis.bytecode import Bytecode
    from xdis.cross_dis import format_exception_table
    from xdis.magics import magic_int2tuple
    from xdis.op_imports import get_opcode_module

    def codes(data: bytes) -> tuple[Any, list[Any]]:
        # (opcode module, every code object of the file, outermost first)
        opc = get_opcode_module(magic_int2tuple(data[0] | (data[1] << 8)), "CPython")
        out, stack = [], [one(data)]
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(reversed([k for k in c.co_consts if iscode(k)]))
        return opc, out

    def run_decode(items: list[Any]) -> int:
        n = 0
        for opc, cs in items:
            for c in cs:
                n += len(list(Bytecode(c, opc).get_instructions(c)))
        return n

    def run_dis(items: list[Any]) -> int:
        n = 0  # characters of text made
        for opc, cs in items:
            version = opc.version_tuple
            for c in cs:
                bc = Bytecode(c, opc)
                text = bc.dis()
                if bc.exception_entries:
                    text += format_exception_table(bc, version) + "\n"
                n += len(text)
        return n

    return codes, (run_decode if task == "decode" else run_dis), ""


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Run a timing spec; return the result dict."""
    if spec["tool"] in ("bytescope", "bytescope-trusted"):
        prepare, run, note = bytescope_task(spec["task"], spec["tool"] == "bytescope-trusted")
    elif spec["tool"] == "bytescope-accel":
        prepare, run, note = accel_task(spec["task"], spec["src"])
    else:
        prepare, run, note = xdis_task(spec["task"], spec["header_size"])
    result: dict[str, Any] = {"task": spec["task"], "tool": spec["tool"]}
    if spec["tool"] == "bytescope-accel" and "bytescope" in sys.modules:
        result["accelerated"] = sys.modules["bytescope"].accelerated()
    if prepare is None or run is None:
        result.update(unavailable=True, note=note)
        return result
    datas = []
    for path in spec["files"]:
        with open(path, "rb") as fh:
            datas.append(fh.read())
    items = []
    nbytes = errors = 0
    first_error = None
    for data in datas:
        try:
            item = prepare(data)
            if spec["task"] == "load" or spec["tool"] == "xdis":
                run([item])  # check the file loads (xdis: decodes too); failures are left out
            items.append(item)
            nbytes += len(data)
        except Exception as exc:  # noqa: BLE001 - count, leave out
            errors += 1
            first_error = first_error or f"{type(exc).__name__}: {str(exc)[:200]}"
    if items and spec["task"] != "load":
        try:
            run(items[:1])
        except Exception as exc:  # noqa: BLE001 - an API mismatch: report, do not time
            result.update(unavailable=True, note=f"{type(exc).__name__}: {str(exc)[:200]}")
            return result
    run(items)  # warm-up pass
    base = peak_rss_kb()
    times = []
    for _ in range(spec["runs"]):
        gc.collect()
        t0 = time.process_time()  # CPU time: other load on the machine does not count
        run(items)
        times.append(time.process_time() - t0)
    if spec["tool"] == "bytescope-trusted":
        from bytescope.marshal.host import HostCode

        result["fast_path_files"] = sum(isinstance(p.code, HostCode) for p in run(items))
    result.update(
        times=times,
        files=len(items),
        bytes=nbytes,
        errors=errors,
        first_error=first_error,
        peak_rss_kb=peak_rss_kb(),
        base_rss_kb=base,
    )
    return result


def memory(spec: dict[str, Any]) -> dict[str, Any]:
    """Load one (possibly hostile) file once; return outcome, time and RSS growth."""
    with open(spec["file"], "rb") as fh:
        data = fh.read()
    if spec["tool"] == "bytescope":
        prepare, run, _ = bytescope_task("load")
    else:
        prepare, run, _ = xdis_task("load", spec["header_size"])
    assert prepare is not None and run is not None
    item = prepare(data)
    gc.collect()
    before = current_rss_kb()
    reset_peak()
    t0 = time.perf_counter()
    try:
        run([item])
        outcome = "loaded"
    except Exception as exc:  # noqa: BLE001
        outcome = f"{type(exc).__name__}: {str(exc)[:120]}"
    elapsed = time.perf_counter() - t0
    peak = peak_rss_kb()
    return {
        "size": len(data),
        "outcome": outcome,
        "seconds": elapsed,
        # peak was reset to the current RSS just before the load (an upper
        # bound where /proc/self/clear_refs is unavailable)
        "growth_kb": max(0, peak - before),
        "peak_rss_kb": peak,
        "before_kb": before,
    }


def main(argv: list[str]) -> int:
    """Run the spec file named in ``argv[1]``; print the JSON result."""
    with open(argv[1]) as fh:
        spec = json.load(fh)
    out = memory(spec) if spec.get("mode") == "memory" else measure(spec)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
