#!/usr/bin/env python3
# ruff: noqa
# Runs under the *old* interpreter (3.6-3.8): standard library only, 3.6 syntax.
"""Run CPython 3.6-3.8's own ``Lib/test/test_dis.py`` against bytescope, which needs 3.9+.

    python3.8 tools/run_test_dis_bridged.py --host python3 [-v] [--list-failures] [--json]

tools/run_test_dis.py runs test_dis in-process, but bytescope cannot run on
3.6-3.8.  Here the test module's ``dis`` is a shim whose functions write each
host code object with this interpreter's ``marshal`` and send it to
tools/dis_bridge_server.py, which runs bytescope's ``dis_api(<this version>)`` on
the host Python and sends back text, instructions and data.  Which code object a
host object stands for (functions, methods, generators, coroutines, classes and
modules member by member, source strings, tracebacks) is decided here, as
3.6-3.8's ``dis`` decides it: that part is the shim's, not bytescope's (the 3.9+
test_dis runs bytescope's own in-process).  Every instruction, text, line start,
label, code_info and opcode table comes from bytescope.
"""

import argparse
import builtins
import collections
import io
import json
import marshal
import os
import struct
import subprocess
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VERSION = "%d.%d" % sys.version_info[:2]


class Bridge:
    """The server process and one call at a time."""

    def __init__(self, host):
        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
        self.proc = subprocess.Popen(
            [host, os.path.join(HERE, "dis_bridge_server.py"), VERSION],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def call(self, fn, code=None, *args, **kwargs):
        blob = marshal.dumps(code) if code is not None else None
        # each code object's address, which its repr shows (path of indexes: address)
        addresses = []
        stack = [(code, ())] if code is not None else []
        while stack:
            co, path = stack.pop()
            addresses.append((path, id(co)))
            stack.extend((c, path + (i,)) for i, c in enumerate(co.co_consts)
                         if isinstance(c, types.CodeType))
        data = marshal.dumps((fn, blob, addresses, args, kwargs))
        self.proc.stdin.write(struct.pack("<I", len(data)) + data)
        self.proc.stdin.flush()
        (size,) = struct.unpack("<I", self.proc.stdout.read(4))
        reply = marshal.loads(self.proc.stdout.read(size))
        if reply[0] == "error":  # raised again as the class native dis raises
            raise getattr(builtins, reply[1], Exception)(reply[2])
        return reply[1]


def _nested(code, path):
    for i in path:
        code = code.co_consts[i]
    return code


def host_value(value, code):
    """Turn the server's plain data back into host values (code objects by path)."""
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == "__code__":
            return _nested(code, value[1])
        if len(value) == 2 and value[0] == "__builtin__":
            return {"str": str, "repr": repr, "ascii": ascii}[value[1]]
        if len(value) == 2 and value[0] == "__tuple__":
            return tuple(host_value(v, code) for v in value[1])
        return tuple(host_value(v, code) for v in value)
    if isinstance(value, list):
        return [host_value(v, code) for v in value]
    if isinstance(value, frozenset):
        return frozenset(host_value(v, code) for v in value)
    return value


def make_shim(bridge):
    """Return a module standing for this version's ``dis``, answered by bytescope."""
    data = bridge.call("init")
    shim = types.ModuleType("dis", "bytescope's dis_api(%s), bridged" % VERSION)
    for name, value in data.items():
        if name != "Instruction":
            setattr(shim, name, value)
    Instruction = collections.namedtuple("Instruction", data["Instruction"])
    shim.Instruction = Instruction
    _have_code = (types.MethodType, types.FunctionType, types.CodeType, classmethod,
                  staticmethod, type)

    def _try_compile(source, name):
        try:
            c = compile(source, name, "eval")
        except SyntaxError:
            c = compile(source, name, "exec")
        return c

    def _unwrap(x):
        if hasattr(x, "__func__"):
            x = x.__func__
        for attr in ("__code__", "gi_code", "ag_code", "cr_code"):
            if hasattr(x, attr):
                return getattr(x, attr)
        return x

    def _get_code_object(x):
        x = _unwrap(x)
        if isinstance(x, str):
            x = _try_compile(x, "<disassembly>")
        if hasattr(x, "co_code"):
            return x
        raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)

    def _instructions(fn, code, **kwargs):
        return [Instruction(*host_value(i, code)) for i in bridge.call(fn, code, **kwargs)]

    def _write(file, text):
        (file if file is not None else sys.stdout).write(text)

    def dis(x=None, *, file=None, depth=None):
        if x is None:
            distb(file=file)
            return
        x = _unwrap(x)
        kwargs = {} if VERSION == "3.6" else {"depth": depth}
        if hasattr(x, "__dict__"):
            for name, x1 in sorted(x.__dict__.items()):
                if isinstance(x1, _have_code):
                    print("Disassembly of %s:" % name, file=file)
                    try:
                        dis(x1, file=file, depth=depth)
                    except TypeError as msg:
                        print("Sorry:", msg, file=file)
                    print(file=file)
        elif hasattr(x, "co_code"):
            _write(file, bridge.call("dis", x, **kwargs))
        elif isinstance(x, (bytes, bytearray)):
            _write(file, bridge.call("dis", None, bytes(x)))
        elif isinstance(x, str):
            _write(file, bridge.call("dis", _try_compile(x, "<dis>"), **kwargs))
        else:
            raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)

    def distb(tb=None, *, file=None):
        if tb is None:
            try:
                tb = sys.last_traceback
            except AttributeError:
                raise RuntimeError("no last traceback to disassemble")
            while tb.tb_next:
                tb = tb.tb_next
        disassemble(tb.tb_frame.f_code, tb.tb_lasti, file=file)

    def disassemble(co, lasti=-1, *, file=None):
        _write(file, bridge.call("disassemble", co, lasti))

    def get_instructions(x, *, first_line=None):
        return iter(_instructions("get_instructions", _get_code_object(x),
                                  first_line=first_line))

    def code_info(x):
        return bridge.call("code_info", _get_code_object(x))

    def show_code(co, *, file=None):
        print(code_info(co), file=file)

    def findlinestarts(code):
        return iter([tuple(p) for p in bridge.call("findlinestarts", code)])

    def findlabels(code):
        return bridge.call("findlabels", None, bytes(code))

    def stack_effect(opcode, oparg=None, **kwargs):
        return bridge.call("stack_effect", None, opcode, oparg, **kwargs)

    def pretty_flags(flags):
        return bridge.call("pretty_flags", None, flags)

    class Bytecode:
        def __init__(self, x, *, first_line=None, current_offset=None):
            self.codeobj = co = _get_code_object(x)
            self.first_line = co.co_firstlineno if first_line is None else first_line
            self._line_offset = 0 if first_line is None else first_line - co.co_firstlineno
            self._original_object = x
            self.current_offset = current_offset
            self._kwargs = {"first_line": first_line, "current_offset": current_offset}

        def __iter__(self):
            return iter(_instructions("bytecode_iter", self.codeobj, **self._kwargs))

        def __repr__(self):
            return "{}({!r})".format(self.__class__.__name__, self._original_object)

        @classmethod
        def from_traceback(cls, tb):
            while tb.tb_next:
                tb = tb.tb_next
            return cls(tb.tb_frame.f_code, current_offset=tb.tb_lasti)

        def info(self):
            return bridge.call("bytecode_info", self.codeobj, **self._kwargs)

        def dis(self):
            return bridge.call("bytecode_dis", self.codeobj, **self._kwargs)

    for fn in (dis, distb, disassemble, get_instructions, code_info, show_code,
               findlinestarts, findlabels, stack_effect, pretty_flags, Bytecode,
               _get_code_object, _try_compile):
        setattr(shim, fn.__name__, fn)
    shim.disco = disassemble
    return shim


def _tests(suite):
    out = []
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            out.extend(_tests(t))
        else:
            out.append(t)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True, help="a Python 3.9+ to run bytescope")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--list-failures", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("-k", help="run only tests whose id contains this")
    args = parser.parse_args()

    bridge = Bridge(args.host)
    shim = make_shim(bridge)
    from test import test_dis
    import test.bytecode_helper as bytecode_helper

    test_dis.dis = shim
    bytecode_helper.dis = shim
    every = _tests(unittest.TestLoader().loadTestsFromModule(test_dis))
    run = [t for t in every if not args.k or args.k in t.id()]
    runner = unittest.TextTestRunner(verbosity=2 if args.verbose else 0, stream=sys.stderr)
    result = runner.run(unittest.TestSuite(run))
    failed = [(t.id(), tb) for t, tb in result.failures + result.errors]
    counts = {
        "version": VERSION,
        "tests": len(every),
        "run": result.testsRun,
        "passed": result.testsRun - len(failed) - len(result.skipped),
        "failed": len(failed),
        "skipped": len(result.skipped),
        "failures": [tid for tid, _ in failed],
    }
    if args.list_failures:
        for tid, tb in failed:
            print("--- %s\n%s" % (tid, tb), file=sys.stderr)
    if args.json:
        print(json.dumps(counts))
    else:
        print("Python %s (bridged): %d passed, %d failed, %d skipped (of %d tests)" % (
            VERSION, counts["passed"], counts["failed"], counts["skipped"], counts["tests"]))
    bridge.proc.stdin.close()
    bridge.proc.wait()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
