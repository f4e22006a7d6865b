"""Regenerate or validate bytescope's live-memory layout tables.

Run with the host ``python3`` (3.9+)::

    python3 tools/gen_layouts.py            # probe every interpreter found, rewrite the tables
    python3 tools/gen_layouts.py --check    # probe, compare with the shipped tables
    python3 tools/gen_layouts.py --probe    # (inside one interpreter) print its facts

Each interpreter probes *itself*: it builds objects with distinctive contents, reads its
own memory through ``/proc/self/mem`` (a read of an unmapped address is an error, never a
crash) and finds where each field sits by matching known addresses and values.  Nothing
is copied from CPython's headers: the offsets are measured.  The probe part of this file
runs unchanged on Python 2.7 and 3.6+.

Outputs: ``src/bytescope/live/layouts_data.py`` (struct offsets per version) and
``src/bytescope/live/deopt_data.py`` (3.11+: opcode de-specialisation and inline-cache
sizes, from each version's own ``opcode`` module).
"""

# ruff: noqa: UP004, UP010, UP024, UP025, UP031, UP036
# (the probe half runs on Python 2.7 too: no f-strings, no py3-only syntax)
from __future__ import print_function

import json
import os
import struct
import sys

PTR = struct.calcsize("P")


# --------------------------------------------------------------------------- probe side

class _Mem(object):
    def __init__(self):
        self.f = open("/proc/self/mem", "rb", 0)

    def read(self, addr, n):
        try:
            self.f.seek(addr)
            data = self.f.read(n)
        except (IOError, OSError, OverflowError, ValueError):
            return None
        return data

    def word(self, addr):
        d = self.read(addr, PTR)
        if d is None or len(d) != PTR:
            return None
        return struct.unpack("<Q", d)[0]


def _words(raw):
    return [struct.unpack_from("<Q", raw, i)[0] for i in range(0, len(raw) - 7, 8)]


def _find_ptr(raw, target, start=0):
    """Offsets (8-aligned) in raw where the pointer ``target`` is stored."""
    out = []
    for i in range(start, len(raw) - 7, 8):
        if struct.unpack_from("<Q", raw, i)[0] == target:
            out.append(i)
    return out


def _one(found, what):
    if len(found) != 1:
        raise RuntimeError("%s: expected one match, found %r" % (what, found))
    return found[0]


def _find_int(raw, value, size, limit=None):
    fmt = "<i" if size == 4 else "<q"
    out = []
    end = len(raw) if limit is None else min(limit, len(raw))
    for i in range(0, end - size + 1, size):
        if struct.unpack_from(fmt, raw, i)[0] == value:
            out.append(i)
    return out


def probe():
    mem = _Mem()
    py2 = sys.version_info[0] == 2
    facts = {"version": "%d.%d" % sys.version_info[:2], "ptr": PTR}
    facts["free_threaded"] = bool(getattr(sys, "_is_gil_enabled", None)) and \
        bool(__import__("sysconfig").get_config_var("Py_GIL_DISABLED"))

    def raw(obj, n=None):
        return mem.read(id(obj), n or max(sys.getsizeof(obj), 64))

    # PyObject header
    x = 1.5
    r = raw(x, sys.getsizeof(x))
    facts["ob_type"] = _one(_find_ptr(r, id(float)), "ob_type")
    t = tuple(object() for _ in range(11))
    r = raw(t, sys.getsizeof(t))
    facts["ob_size"] = _one(_find_int(r, 11, 8, 40), "ob_size")
    facts["tuple_items"] = _one(_find_ptr(r, id(t[0])), "tuple items")
    # tp_name
    r = raw(tuple, 64)
    for off in range(16, 64, 8):
        p = struct.unpack_from("<Q", r, off)[0]
        s = mem.read(p, 6)
        if s == b"tuple\0":
            facts["tp_name"] = off
            break
    else:
        raise RuntimeError("tp_name not found")
    # float / complex
    facts["float_value"] = _one([i for i in range(0, 40, 8)
                                 if raw(x)[i:i + 8] == struct.pack("<d", 1.5)], "float")
    c = complex(2.25, -7.5)
    r = raw(c)
    facts["complex_value"] = _one([i for i in range(0, 48, 8)
                                   if r[i:i + 16] == struct.pack("<dd", 2.25, -7.5)], "complex")
    # bytes (py2 str)
    b = b"\x01\x02zqy\x03"
    r = raw(b)
    facts["bytes_data"] = r.find(b)
    facts["bytes_size"] = _one(_find_int(r, len(b), 8, facts["bytes_data"]), "bytes size")
    # int
    bits = (sys.int_info if not py2 else sys.long_info).bits_per_digit
    facts["digit_bits"] = bits
    big = -(3 << bits) - 5  # two digits, negative
    if py2:
        big = __import__("__builtin__").long(big)
    r = raw(big)
    size_word = struct.unpack_from("<q", r, 16)[0]
    if size_word == -2:
        facts["long_tagged"] = False
    elif size_word == (2 << 3) | 2:
        facts["long_tagged"] = True
    else:
        raise RuntimeError("int size word %r" % size_word)
    facts["long_size"] = 16
    dsz = 4 if bits == 30 else 2
    fmt = "<I" if dsz == 4 else "<H"
    facts["long_digits"] = _one([i for i in range(16, 48, dsz)
                                 if struct.unpack_from(fmt, r, i)[0] == 5
                                 and struct.unpack_from(fmt, r, i + dsz)[0] == 3], "digits")
    if py2:
        iv = 123456789
        facts["int_value"] = _one(_find_int(raw(iv), iv, 8), "py2 int value")
    # str
    if py2:
        u = u"h\u20acllo, world!"
        r = raw(u)
        facts["unicode_size"] = 4 if sys.maxunicode > 0xFFFF else 2
        enc = u.encode("utf-32-le" if facts["unicode_size"] == 4 else "utf-16-le")
        facts["unicode_length"] = _one(_find_int(r, len(u), 8, 24), "unicode length")
        found = []
        for i in range(16, 48, 8):
            p = struct.unpack_from("<Q", r, i)[0]
            if mem.read(p, len(enc)) == enc:
                found.append(i)
        facts["unicode_str"] = _one(found, "unicode str pointer")
    else:
        samples = [("hellox", "ascii"), (u"h\xe9llox", "latin-1"),
                   (u"h\u20acllox", "utf-16-le"), (u"h\U0001f600llox", "utf-32-le")]
        states = []
        offsets = []
        for s, enc in samples:
            s = "".join(list(s))  # a fresh, non-interned object
            r = raw(s)
            data = s.encode(enc)
            offsets.append(r.find(data))
            states.append(struct.unpack_from("<I", r, 32)[0])
            facts["str_length"] = _one(_find_int(r, 6, 8, 32), "str length")
        facts["str_state"] = 32
        facts["str_ascii_data"] = offsets[0]
        if len(set(offsets[1:])) != 1:
            raise RuntimeError("compact data offsets differ: %r" % offsets)
        facts["str_compact_data"] = offsets[1]
        kinds = [1, 1, 2, 4]
        ks = [k for k in range(0, 30) if [(st >> k) & 7 for st in states] == kinds]
        facts["str_kind_shift"] = ks[0]
        facts["str_compact_bit"] = [k for k in range(32)
                                    if all((st >> k) & 1 for st in states)
                                    and k not in range(ks[0], ks[0] + 3)][0]
        facts["str_ascii_bit"] = [k for k in range(32)
                                  if [(st >> k) & 1 for st in states] == [1, 0, 0, 0]][0]
    # frozenset
    elems = [object() for _ in range(3)]
    fs = frozenset(elems)
    r = raw(fs, 256)
    found = []
    for i in range(16, 96, 8):
        if struct.unpack_from("<q", r, i)[0] == 7:
            found.append(i)
    facts["set_mask"] = found[0]
    tbl = [i for i in range(16, 96, 8)
           if struct.unpack_from("<Q", r, i)[0] in range(id(fs), id(fs) + 256)]
    facts["set_table"] = _one(tbl, "set table")
    table_addr = struct.unpack_from("<Q", r, facts["set_table"])[0]
    tr = mem.read(table_addr, 16 * 8)
    first = min(min(_find_ptr(tr, id(e))) for e in elems)
    facts["set_entry_size"] = 16
    facts["set_entry_key"] = first % 16
    # slice
    a, b2, c2 = object(), object(), object()
    sl = slice(a, b2, c2)
    r = raw(sl)
    facts["slice"] = [_one(_find_ptr(r, id(o)), "slice") for o in (a, b2, c2)]
    # functions
    ns = {}
    exec("class C(object):\n def meth(self):\n  return 1\n", ns)
    fn = ns["C"].__dict__["meth"]
    fn.__module__ = "".join(["mod", "ule_x"])
    r = raw(fn, 160)
    ff = {"code": id(fn.__code__), "globals": id(fn.__globals__),
          "module": id(fn.__module__), "name": id(fn.__name__)}
    if not py2:
        ff["qualname"] = id(fn.__qualname__)
    facts["func"] = dict((k, _one(_find_ptr(r, v), "func " + k)) for k, v in ff.items())
    # module and class dicts (the walk from sys.modules to functions)
    import gc
    m = type(sys)("probe_mod")
    facts["module_dict"] = _one(_find_ptr(raw(m, 64), id(m.__dict__)), "module dict")
    real = [o for o in gc.get_referents(ns["C"].__dict__) if isinstance(o, dict)][0]
    facts["type_dict"] = _find_ptr(mem.read(id(ns["C"]), 512), id(real))[0]
    facts["dict"] = _probe_dict(mem)
    # code objects
    facts["code"] = _probe_code(mem, raw)
    facts["stack"] = probe_stack()
    if sys.version_info >= (3, 12):
        facts["monitoring"] = probe_monitoring(mem)
    if sys.version_info >= (3, 13):
        facts["executors"] = probe_executors(mem)
    return facts


def probe_executors(mem):
    """3.13+ with the JIT/tier 2 on (``PYTHON_JIT=1``): where ENTER_EXECUTOR keeps the
    instruction it replaced -- ``co_executors`` in the code object, the executor array,
    and ``vm_data.opcode``/``oparg`` in the executor.  None when no executor appears."""
    import dis

    try:
        import _opcode
    except ImportError:
        return None
    ee = dis.opmap.get("ENTER_EXECUTOR")
    if ee is None or not hasattr(_opcode, "get_executor"):
        return None
    ns = {}
    exec("def hot(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n", ns)
    ns["hot"](200000)
    co = ns["hot"].__code__
    size = type(co).__basicsize__
    live = mem.read(id(co) + size, len(co.co_code))
    offs = [o for o in range(0, len(live), 2) if live[o] == ee]
    if not offs:
        return None
    off = offs[0]
    index = live[off + 1]
    ex = _opcode.get_executor(co, off)
    body = mem.read(id(co), size)
    out = {}
    for o in range(16, size - 7, 8):
        p = struct.unpack_from("<Q", body, o)[0]
        if p < 4096:
            continue
        for items in (8, 16):
            if mem.word(p + items + 8 * index) == id(ex):
                out["code_executors"], out["array_items"] = o, items
                break
        if out:
            break
    raw = mem.read(id(ex), 256)
    # vm_data keeps the instruction as it was: maybe a specialised form of the original.
    import opcode

    base = co.co_code[off]
    family = set([base])
    allmap = dict(opcode.opmap)
    allmap.update(getattr(opcode, "_specialized_opmap", {}))
    for name in opcode._specializations.get(opcode.opname[base], []):
        family.add(allmap[name])
    hits = [i for i in range(16, len(raw) - 1)
            if raw[i] in family and raw[i + 1] == co.co_code[off + 1]]
    if not out or not hits:
        raise RuntimeError("executor layout not found")
    out["vm_opcode"] = hits[0]
    out["vm_oparg"] = hits[0] + 1
    return out


def probe_monitoring(mem):
    """3.12+: where sys.monitoring keeps the instructions it replaced.

    Returns the offset of ``_co_monitoring`` in the code object and, in the
    monitoring data, of the per-line table (original opcode per instruction)
    and the per-instruction opcode array.
    """
    import dis

    ns = {}
    exec("def target(a):\n    b = a + 1\n    c = b * 2\n    return c\n", ns)
    co = ns["target"].__code__
    size = type(co).__basicsize__
    before = mem.read(id(co), size)
    mon = sys.monitoring
    tool = 5
    mon.use_tool_id(tool, "bytescope-probe")
    try:
        original = co.co_code
        mon.set_local_events(tool, co, mon.events.LINE)
        ns["target"](1)
        after = mem.read(id(co), size)
        changed = [o for o in range(16, size - 7, 8)
                   if struct.unpack_from("<Q", before, o)[0] == 0
                   and struct.unpack_from("<Q", after, o)[0] > 4096]
        out = {"code_monitoring": None}
        line_op = dis._all_opmap.get("INSTRUMENTED_LINE") if hasattr(dis, "_all_opmap") \
            else dis.opmap.get("INSTRUMENTED_LINE")
        live = mem.read(id(co) + size, len(original))
        lines = [i for i in range(0, len(live), 2) if live[i] == line_op]
        if not lines:
            raise RuntimeError("no INSTRUMENTED_LINE after enabling LINE events")
        for off in changed:
            data = mem.word(id(co) + off)
            body = mem.read(data, 128)
            for po in range(0, 128, 8):
                p = struct.unpack_from("<Q", body, po)[0]
                if p < 4096:
                    continue
                head = mem.read(p, len(original) + 8)
                if head is None:
                    continue
                for base, step in ((0, 2), (1, head[0] or 1)):
                    if all(base + (i // 2) * step < len(head)
                           and head[base + (i // 2) * step] == original[i] for i in lines):
                        out.update(code_monitoring=off, lines=po, lines_base=base,
                                   lines_step=step if base == 0 else None)
                        break
                if out.get("lines") is not None:
                    break
            if out.get("lines") is not None:
                break
        if out.get("lines") is None:
            raise RuntimeError("monitoring line table not found")
        # Per-instruction events: the original opcodes go to their own array.
        mon.set_local_events(tool, co, mon.events.INSTRUCTION)
        ns["target"](1)
        data = mem.word(id(co) + out["code_monitoring"])
        body = mem.read(data, 128)
        instr_op = dis.opmap.get("INSTRUMENTED_INSTRUCTION") or \
            dis._all_opmap.get("INSTRUMENTED_INSTRUCTION")
        live = mem.read(id(co) + size, len(original))
        instrs = [i for i in range(0, len(live), 2) if live[i] == instr_op]
        for po in range(0, 128, 8):
            p = struct.unpack_from("<Q", body, po)[0]
            head = mem.read(p, len(original) // 2 + 8) if p > 4096 else None
            if head and instrs and all(head[i // 2] == original[i] for i in instrs):
                out["per_instruction_opcodes"] = po
                break
        return out
    finally:
        mon.set_local_events(tool, co, 0)
        mon.free_tool_id(tool)


def _probe_dict(mem):
    """Offsets of dict objects and their key tables, checked by reading real dicts."""
    d = dict(("key%d" % i, object()) for i in range(40))
    if sys.version_info[0] == 2:
        d2 = dict(d)
        del d2["key1"]  # ma_fill stays 40, ma_used becomes 39
        r = mem.read(id(d2), 64)
        out = {"used": _one(_find_int(r, 39, 8, 48), "ma_used"), "layout": "2.7"}
        masks = [o for o in range(16, 48, 8) if struct.unpack_from("<q", r, o)[0] in (63, 127)]
        out["mask"] = _one(masks, "ma_mask")
        out["table"] = out["mask"] + 8
        mask = struct.unpack_from("<q", r, out["mask"])[0]
        table = mem.read(mem.word(id(d2) + out["table"]), (mask + 1) * 24)
        keys = set(struct.unpack_from("<Q", table, i * 24 + 8)[0] for i in range(mask + 1))
        if not set(id(k) for k in d2) <= keys:
            raise RuntimeError("py2 dict table check failed")
        return out
    first_key = next(iter(d))
    r = mem.read(id(d), 64)
    out = {"used": _one(_find_int(r, 40, 8, 48), "ma_used")}
    keys_off = None
    for off in range(16, 48, 8):
        p = struct.unpack_from("<Q", r, off)[0]
        body = mem.read(p, 4096) if p > 4096 else None
        if body and _find_ptr(body, id(first_key)):
            keys_off = off
            break
    out["keys"] = keys_off
    keys = struct.unpack_from("<Q", r, keys_off)[0]
    kb = mem.read(keys, 4096)
    first = _find_ptr(kb, id(first_key))[0]
    if sys.version_info >= (3, 11):
        out["layout"] = "3.11"
        index_bytes = 1 << struct.unpack_from("<B", kb, 9)[0]
        entries = 32 + index_bytes
        out["nentries"] = 24
        out["entry_size"] = 16 if struct.unpack_from("<B", kb, 10)[0] else 24
    else:
        out["layout"] = "3.6"
        size = struct.unpack_from("<q", kb, 8)[0]
        width = 1 if size <= 0xFF else 2 if size <= 0xFFFF else 4
        entries = 40 + size * width
        out["nentries"] = 32
        out["entry_size"] = 24
    out["entry_key"] = first - entries
    # Check the formula on dicts of other sizes: every key where it says.
    for n in (1, 5, 300, 70000):
        other = dict(("k%d" % i, i) for i in range(n))
        kp = mem.word(id(other) + keys_off)
        head = mem.read(kp, 64)
        if out["layout"] == "3.11":
            start = 32 + (1 << struct.unpack_from("<B", head, 9)[0])
        else:
            size = struct.unpack_from("<q", head, 8)[0]
            width = 1 if size <= 0xFF else 2 if size <= 0xFFFF else 4 if size <= 0xFFFFFFFF else 8
            start = 40 + size * width
        count = struct.unpack_from("<q", head, out["nentries"])[0]
        table = mem.read(kp + start, count * out["entry_size"])
        got = [struct.unpack_from("<Q", table, i * out["entry_size"] + out["entry_key"])[0]
               for i in range(count)]
        if got != [id(k) for k in other]:
            raise RuntimeError("dict layout check failed for %d entries" % n)
    return out


def _probe_code(mem, raw):
    v = sys.version_info[:2]
    py2 = v[0] == 2
    npos, nargs, nkw = (0, 29, 0) if py2 else ((0, 29, 17) if v < (3, 8) else (13, 29, 17))
    names = ["a%d" % i for i in range(nargs + nkw)]
    if npos:
        sig = ", ".join(names[:npos]) + ", /, " + ", ".join(names[npos:nargs])
    else:
        sig = ", ".join(names[:nargs])
    if nkw:
        sig += ", *, " + ", ".join(names[nargs:])
    src = ("def outer():\n cellv = 1\n def f(%s):\n  loc1 = cellv\n  loc2 = 2\n"
           "  def g(): return loc2\n  try:\n   loc1()\n  except Exception:\n   pass\n"
           "  return g, 'zz%s'\n return f\n" % (sig, v))
    ns = {}
    exec(compile(src, "/probe/file_%d%d.py" % v, "exec"), ns)
    f = ns["outer"]()
    co = f.__code__
    if hasattr(co, "replace"):
        co = co.replace(co_stacksize=1234, co_firstlineno=4321)
    else:
        import types
        args = [co.co_argcount]
        if not py2:
            args.append(co.co_kwonlyargcount)
        args += [co.co_nlocals, 1234, co.co_flags, co.co_code, co.co_consts, co.co_names,
                 co.co_varnames, co.co_filename, co.co_name, 4321, co.co_lnotab,
                 co.co_freevars, co.co_cellvars]
        co = types.CodeType(*args)
    size = sys.getsizeof(co)
    r = mem.read(id(co), size + 64)
    out = {}
    limit = len(r)
    if v >= (3, 11):
        out["code_adaptive"] = limit = type(co).__basicsize__
        if r[limit:limit + 2] != co.co_code[:2]:
            raise RuntimeError("co_code_adaptive is not at the end of the basic struct")
    ptrs = {"consts": co.co_consts, "names": co.co_names, "filename": co.co_filename,
            "name": co.co_name}
    if v >= (3, 11):
        ptrs["qualname"] = co.co_qualname
        ptrs["linetable"] = co.co_linetable
        ptrs["exceptiontable"] = co.co_exceptiontable
    else:
        ptrs["code"] = co.co_code
        ptrs["varnames"] = co.co_varnames
        ptrs["freevars"] = co.co_freevars
        ptrs["cellvars"] = co.co_cellvars
        ptrs["linetable"] = co.co_linetable if v >= (3, 10) else co.co_lnotab
    for k, o in ptrs.items():
        out[k] = _one(_find_ptr(r[:limit], id(o)), "code " + k)
    if v < (3, 11):
        limit = max(out.values()) + 8
    ints = {"argcount": co.co_argcount, "kwonlyargcount": nkw or None,
            "posonlyargcount": npos or None, "stacksize": 1234, "firstlineno": 4321,
            "flags": co.co_flags}
    if v < (3, 11):
        ints["nlocals"] = co.co_nlocals
    if v >= (3, 11):
        code_bytes = co.co_code
        if struct.unpack_from("<q", r, 16)[0] != len(code_bytes) // 2:
            raise RuntimeError("code ob_size is not the number of code units")
        # localsplus names/kinds: pointers to a tuple / bytes with the right content
        lp_names = tuple(co.co_varnames) + tuple(
            n for n in co.co_cellvars if n not in co.co_varnames) + tuple(co.co_freevars)
        for i in range(16, limit, 8):
            p = struct.unpack_from("<Q", r, i)[0]
            typ = mem.word(p + 8) if p > 4096 else None
            if typ == id(tuple):
                n = mem.word(p + 16)
                if n == len(lp_names):
                    items = [mem.word(p + 24 + (8 if v >= (3, 14) else 0) + 8 * j)
                             for j in range(n)]
                    if sorted(items) == sorted(id(x) for x in lp_names):
                        out["localsplusnames"] = i
            elif typ == id(bytes):
                n = mem.word(p + 16)
                if n == len(lp_names) and i not in out.values():
                    out.setdefault("localspluskinds", i)
        for k in ("localsplusnames", "localspluskinds"):
            if k not in out:
                raise RuntimeError("code " + k + " not found")
    pointer_slots = list(out.values())
    for k, val in ints.items():
        if val is None:
            continue
        found = _find_int(r, val, 4, limit)
        found = [x for x in found if all(x // 8 != o // 8 for o in pointer_slots)]
        if k == "flags" and len(found) > 1:
            found = found[:1]
        out[k] = _one(found, "code int " + k)
    return out


def probe_stack():
    """Where thread states, frames and the interpreter list keep what ``--stack`` needs."""
    import ctypes
    import threading

    mem = _Mem()
    api = ctypes.pythonapi
    api.PyThreadState_Get.restype = ctypes.c_void_p
    api.PyInterpreterState_Head.restype = ctypes.c_void_p
    interp = api.PyInterpreterState_Head()
    started, release, box = threading.Event(), threading.Event(), []

    def worker():
        box.append(api.PyThreadState_Get())
        started.set()
        release.wait()

    th = threading.Thread(target=worker)
    th.start()
    started.wait()
    out = {}
    try:
        _probe_frames_outer(mem, api, interp, box[0], out)
    finally:
        release.set()
        th.join()
    return out


def _probe_frames_outer(mem, api, interp, t2, out):
    # A caller with a distinctive instruction offset for the frame probe below.
    x = 0
    x += 1; x += 1; x += 1; x += 1; x += 1; x += 1; x += 1; x += 1  # noqa: E702
    x += 1; x += 1; x += 1; x += 1; x += 1; x += 1; x += 1; x += 1  # noqa: E702
    _probe_frames(mem, api, interp, t2, out)
    return x


def _probe_frames(mem, api, interp, t2, out):
    import threading

    v = sys.version_info[:2]
    t1 = api.PyThreadState_Get()
    # Read the thread state with C calls only, so its current frame is this one.
    mem.f.seek(t1)
    r1 = mem.f.read(4096)
    out["tstate_interp"] = _find_ptr(r1, interp)[0]
    ri = mem.read(interp, 8192)
    out["interp_threads_head"] = _find_ptr(ri, t2)[0]
    r2 = mem.read(t2, 4096)
    out["tstate_next"] = _find_ptr(r2, t1)[0]
    out["interp_modules"] = _find_ptr(mem.read(interp, 1 << 16), id(sys.modules))[0]
    ident = threading.current_thread().ident
    out["tstate_thread_id"] = _find_ptr(r1, ident)[0]
    try:
        import ctypes

        runtime = ctypes.addressof(ctypes.c_char.in_dll(api, "_PyRuntime"))
        out["runtime_interp_head"] = _find_ptr(mem.read(runtime, 1 << 16), interp)[0]
    except ValueError:
        out["interp_head_symbol"] = "interp_head"
    f = sys._getframe()
    parent = f.f_back
    if v >= (3, 11):
        def iframe(fo):
            raw = mem.read(id(fo), 64)
            for off in range(16, 64, 8):
                p = struct.unpack_from("<Q", raw, off)[0]
                body = mem.read(p, 128) if p > 4096 else None
                if body and _find_ptr(body, id(fo)):
                    return off, p
            raise RuntimeError("f_frame not found")
        out["frame_iframe"], P = iframe(f)
        _, Pp = iframe(parent)
        rp = mem.read(P, 128)
        found = [o for o in range(0, 128, 8)
                 if struct.unpack_from("<Q", rp, o)[0] & ~7 == id(f.f_code)]
        out["iframe_code"] = found[0]
        out["iframe_previous"] = _find_ptr(rp, Pp)[0]
        rpp = mem.read(Pp, 128)
        code_addr = id(parent.f_code)
        start = code_addr + type(parent.f_code).__basicsize__
        end = start + len(parent.f_code.co_code)
        for o in range(0, 128, 8):
            w = struct.unpack_from("<Q", rpp, o)[0]
            if start <= w < end:
                out["iframe_instr"] = o
                out["iframe_instr_delta"] = (w - start) - parent.f_lasti
                break
        # tstate -> current frame (directly, or through a _PyCFrame on 3.11/3.12).
        # While the read runs, the current frame is _Mem.read's, whose previous is P.
        prev = out["iframe_previous"]

        def is_current(x):
            return x == P or (x > 4096 and mem.word(x + prev) == P)
        for o in range(0, len(r1) - 7, 8):
            x = struct.unpack_from("<Q", r1, o)[0]
            if is_current(x):
                out["tstate_frame"] = o
                break
            if x > 4096 and o < 512:
                sub = mem.read(x, 32) or b""
                hits = [k for k in range(0, len(sub) - 7, 8)
                        if is_current(struct.unpack_from("<Q", sub, k)[0])]
                if hits:
                    out["tstate_cframe"] = o
                    out["cframe_current"] = hits[0]
                    break
    else:
        rpf = mem.read(id(parent), 160)
        out["frame_back"] = _find_ptr(rpf, id(parent.f_back))[0]
        out["frame_code"] = _find_ptr(rpf, id(parent.f_code))[0]
        lasti = parent.f_lasti
        for scale in (1, 2):
            hits = _find_int(rpf, lasti // scale, 4)
            if hits:
                out["frame_lasti"] = hits[0]
                out["frame_lasti_scale"] = scale
                break

        def is_current(x):
            return x == id(f) or (x > 4096 and mem.word(x + out["frame_back"]) == id(f))
        for o in range(0, len(r1) - 7, 8):
            if is_current(struct.unpack_from("<Q", r1, o)[0]):
                out["tstate_frame"] = o
                break
    return out


def probe_deopt():
    """3.11+: specialised opcode -> base opcode, and inline cache sizes per opcode."""
    import dis
    import opcode
    names = list(getattr(dis, "_all_opname", opcode.opname))
    opmap = dict(getattr(dis, "_all_opmap", opcode.opmap))
    spec = getattr(opcode, "_specialized_opmap", None)
    if spec:
        opmap.update(spec)
        for n, num in spec.items():
            while len(names) <= num:
                names.append("<%d>" % len(names))
            names[num] = n
    deopt = {}
    for base, family in opcode._specializations.items():
        for s in family:
            deopt[opmap[s]] = opmap[base]
    for n, num in opmap.items():
        if n.startswith("INSTRUMENTED_") and n[13:] in opmap:
            deopt[num] = opmap[n[13:]]
    raw = opcode._inline_cache_entries
    caches = {}
    if isinstance(raw, list):
        for num, k in enumerate(raw):
            if k:
                caches[num] = k
    else:
        for n, k in raw.items():
            if k and n in opmap:
                caches[opmap[n]] = k
    return {"deopt": deopt, "caches": caches,
            "names": dict((num, n) for n, num in opmap.items()),
            "extended_arg": opmap["EXTENDED_ARG"],
            "enter_executor": opmap.get("ENTER_EXECUTOR"),
            "instrumented_line": opmap.get("INSTRUMENTED_LINE"),
            "instrumented_instruction": opmap.get("INSTRUMENTED_INSTRUCTION")}


# --------------------------------------------------------------------------- host side

def _interpreters():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
    from interpreters import available

    return available()


def _run_probes():
    import subprocess

    layouts, deopts, failed = {}, {}, []
    for ver, exe in sorted(_interpreters().items()):
        cmd = [exe, os.path.abspath(__file__), "--probe"]
        env = dict(os.environ, PYTHON_JIT="1")  # lets 3.13+ builds with a JIT make executors
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
        if res.returncode:
            print("probe failed for %s: %s" % (ver, res.stderr.strip()[-500:]), file=sys.stderr)
            failed.append(ver)
            continue
        data = json.loads(res.stdout)
        layouts[ver] = data["layout"]
        if data.get("deopt"):
            deopts[ver] = data["deopt"]
        print("probed %s (%s)" % (ver, exe), file=sys.stderr)
    return layouts, deopts, failed


def _write(path, name, doc, table):
    import pprint

    ordered = {}
    for ver in sorted(table, key=lambda s: tuple(int(x) for x in s.split("."))):
        ordered[ver] = _normal(table[ver])
    body = pprint.pformat(ordered, width=99, sort_dicts=False, compact=True)
    text = ['"""%s\n\nGenerated by tools/gen_layouts.py; do not edit by hand."""\n' % doc,
            "from typing import Any, Dict\n", "%s: Dict[str, Any] = %s\n" % (name, body)]
    with open(path, "w") as fh:
        fh.write("\n".join(text))


def _normal(obj):
    if isinstance(obj, dict):
        return {(int(k) if isinstance(k, str) and k.isdigit() else k): _normal(v)
                for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))}
    if isinstance(obj, list):
        return [_normal(x) for x in obj]
    return obj


def main():
    if "--probe" in sys.argv:
        out = {"layout": probe()}
        if sys.version_info >= (3, 11):
            out["deopt"] = probe_deopt()
        print(json.dumps(out))
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    live = os.path.join(here, "..", "src", "bytescope", "live")
    layouts, deopts, failed = _run_probes()
    if failed and "--check" not in sys.argv:
        print("not writing the tables: probes failed for %s" % ", ".join(failed),
              file=sys.stderr)
        return 1
    if "--check" in sys.argv:
        sys.path.insert(0, os.path.join(here, "..", "src"))
        from bytescope.live.deopt_data import DEOPT
        from bytescope.live.layouts_data import LAYOUTS

        bad = 0
        for ver, lay in layouts.items():
            if _normal(lay) != LAYOUTS.get(ver):
                print("layout drift for %s" % ver)
                bad += 1
        for ver, d in deopts.items():
            if _normal(d) != DEOPT.get(ver):
                print("deopt drift for %s" % ver)
                bad += 1
        print("checked %d layouts, %d deopt tables: %d differ"
              % (len(layouts), len(deopts), bad))
        return 1 if bad else 0
    _write(os.path.join(live, "layouts_data.py"), "LAYOUTS",
           "Struct offsets per CPython version, measured inside each interpreter.", layouts)
    _write(os.path.join(live, "deopt_data.py"), "DEOPT",
           "3.11+ de-specialisation (opcode -> base opcode) and inline cache sizes.", deopts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
