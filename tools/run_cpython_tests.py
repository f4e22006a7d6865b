"""CPython's own language tests as the engine's yardstick (issue 13).

    python tools/run_cpython_tests.py                       # every interpreter, every module
    python tools/run_cpython_tests.py --versions 3.11 -k grammar,scope --failures
    python tools/run_cpython_tests.py --native-only         # native counts only
    python tools/run_cpython_tests.py --classify            # rewrite the exclusion list

For each installed interpreter (3.6-3.15) and each test module of its own
``Lib/test`` in ``MODULES`` (where it exists), the module (a package for
test_dataclasses from 3.12) is compiled by that interpreter into a folder of
sourceless pycs, next to a small driver program that executes the module's code
object as ``test.<module>`` (``exec``, which the VM runs itself), runs its tests
with ``unittest`` and writes one JSON line per test (status and first error
line).  The same driver pyc is run twice by the same interpreter:

* natively: ``python DRIVER.pyc OUT`` with the folder on ``PYTHONPATH``;
* in the VM: ``python -m bytescope run --path FOLDER DRIVER.pyc OUT`` with this
  checkout's ``src`` on ``PYTHONPATH`` (the host is the module's own version; its
  address space capped as for the corpus), so the test module, a program's own
  module found on ``--path``, runs in the VM while ``test.support`` and the rest of
  the standard library come from the host.

Tests that inspect interpreter internals (frames' C state, tracing, reference
counts, the garbage collector, specialisation, the C API) are excluded, each
with its reason, by ``tools/cpython_tests_excluded.json``; ``--classify``
regenerates that file by scanning every test function's source (with each
interpreter's own ``ast``) for the markers in ``INTERNALS``.

The report gives, per version and module, the tests passing natively and in the
VM, and lists each test that passes natively, is not excluded and does not pass
in the VM, with its first error line.  Native results are cached outside the
repository (``engine_harness.cache_dir``) by interpreter and module sources.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import engine_harness as H  # noqa: E402
from interpreters import find  # noqa: E402

MODULES = (
    "test_grammar", "test_opcodes", "test_scope", "test_class", "test_exceptions", "test_raise",
    "test_generators", "test_with", "test_contextlib", "test_patma", "test_fstring", "test_unpack",
    "test_unpack_ex", "test_keywordonlyarg", "test_positional_only_arg",
    "test_named_expressions", "test_listcomps", "test_setcomps", "test_dictcomps",
    "test_genexps", "test_augassign", "test_super", "test_dataclasses", "test_decorators",
    "test_funcattrs", "test_exception_group", "test_coroutines", "test_asyncgen",
)

EXCLUDED_FILE = os.path.join(HERE, "cpython_tests_excluded.json")

#: Source markers of a test that inspects interpreter internals, and why that excludes it.
INTERNALS: dict[str, str] = {
    "sys.settrace": "tracing hooks (sys.settrace)",
    "sys.setprofile": "profiling hooks (sys.setprofile)",
    "sys.gettrace": "tracing hooks (sys.gettrace)",
    "sys.monitoring": "sys.monitoring events",
    "sys.getrefcount": "reference counts",
    "getrefcount": "reference counts",
    "gc.": "the garbage collector",
    "gc_collect": "the garbage collector (test.support.gc_collect)",
    "disable_gc": "the garbage collector",
    "weakref": "object lifetime seen through weak references (refcounting/gc timing)",
    "__del__": "finaliser timing (refcounting)",
    "_testcapi": "the C API (_testcapi)",
    "_testinternalcapi": "interpreter internals (_testinternalcapi)",
    "cpython_only": "marked CPython-only",
    "sys._getframe": "frame objects (sys._getframe)",
    "f_back": "frame objects' C state (f_back)",
    "f_lasti": "frame objects' C state (f_lasti)",
    "f_lineno": "frame objects' C state (f_lineno)",
    "f_locals": "frame objects' C state (f_locals)",
    "f_globals": "frame objects' C state (f_globals)",
    "tb_frame": "traceback frame objects",
    "tb_next": "traceback chain of C frames",
    "tb_lineno": "traceback line numbers of C frames",
    "gi_frame": "generator frame objects",
    "cr_frame": "coroutine frame objects",
    "ag_frame": "async generator frame objects",
    "gi_suspended": "generator C state",
    "cr_suspended": "coroutine C state",
    "getgeneratorstate": "generator C state (inspect)",
    "getcoroutinestate": "coroutine C state (inspect)",
    "getasyncgenstate": "async generator C state (inspect)",
    "co_code": "raw bytecode of code objects",
    "co_lines": "line tables of code objects",
    "co_positions": "position tables of code objects",
    "dis.": "disassembly of host code objects",
    "specializ": "adaptive specialisation",
    "sys.getsizeof": "object sizes",
    "tracemalloc": "memory allocation tracing",
    "ctypes": "raw memory through ctypes",
    "no_tracing": "tracing hooks (test.support.no_tracing)",
    "Py_DEBUG": "debug-build internals",
    "sys.audit": "audit hooks",
    "faulthandler": "fault handler (C stack dumps)",
    "_PyEval": "interpreter internals",
    "script_helper": "runs a separate native interpreter",
    "assert_python_ok": "runs a separate native interpreter",
    "assert_python_failure": "runs a separate native interpreter",
    "subprocess": "runs a separate native interpreter",
}

#: Runs under each interpreter (3.6+): list test functions whose source has an INTERNALS marker.
_CLASSIFY = r"""
import ast, json, sys
path, markers = sys.argv[1], json.loads(sys.argv[2])
with open(path, encoding="utf-8") as fh:
    src = fh.read()
tree = ast.parse(src)
lines = src.splitlines()
out = {}
def seg(node):
    first = min([d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno])
    last = max(getattr(n, "lineno", first) for n in ast.walk(node))
    last = getattr(node, "end_lineno", None) or last
    return "\n".join(lines[first - 1:last])
for cls in tree.body:
    if not isinstance(cls, ast.ClassDef):
        continue
    cls_text = "\n".join(seg(d) for d in cls.decorator_list) if cls.decorator_list else ""
    for fn in cls.body:
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.name.startswith("test"):
            text = seg(fn) + "\n" + cls_text
            hits = [m for m in markers if m in text]
            if hits:
                out["%s.%s" % (cls.name, fn.name)] = hits
print(json.dumps(out))
"""

#: The driver program (compiled by each interpreter; runs natively and in the VM).  It
#: executes the test module's pyc as ``test.<module>`` (so doctests and reprs see the
#: names they expect) with ``exec`` of its code object, which the VM runs itself.
_DRIVER = '''
import importlib.machinery
import os
import sys
import types
import unittest

import test

NAME = "test.{module}"
FOLDER = sys.argv[2]
package = os.path.join(FOLDER, "{module}", "__init__.pyc")
path = package if os.path.exists(package) else os.path.join(FOLDER, "{module}.pyc")
loader = importlib.machinery.SourcelessFileLoader(NAME, path)
target = types.ModuleType(NAME)
target.__file__ = path
target.__loader__ = loader
target.__package__ = NAME if path == package else "test"
if path == package:
    target.__path__ = [os.path.dirname(package)]
target.__spec__ = importlib.machinery.ModuleSpec(NAME, loader, origin=path,
                                                 is_package=path == package)
sys.modules[NAME] = target
setattr(test, "{module}", target)
exec(loader.get_code(NAME), target.__dict__)

OUT = sys.argv[1]


def first_line(err):
    etype, value = err[0], err[1]
    text = str(value).strip().splitlines()
    return "%s: %s" % (getattr(etype, "__name__", etype), text[0] if text else "")


class Recorder(unittest.TestResult):
    def __init__(self):
        unittest.TestResult.__init__(self)
        self.handle = open(OUT, "w")
        self.sub_failed = {{}}

    def record(self, test, status, line=""):
        import json
        self.handle.write(json.dumps({{"id": test.id(), "status": status, "line": line}}) + "\\n")
        self.handle.flush()

    def addSuccess(self, test):
        unittest.TestResult.addSuccess(self, test)
        if test.id() in self.sub_failed:
            self.record(test, "fail", self.sub_failed.pop(test.id()))
        else:
            self.record(test, "pass")

    def addFailure(self, test, err):
        unittest.TestResult.addFailure(self, test, err)
        self.record(test, "fail", first_line(err))

    def addError(self, test, err):
        unittest.TestResult.addError(self, test, err)
        self.record(test, "error", first_line(err))

    def addSkip(self, test, reason):
        unittest.TestResult.addSkip(self, test, reason)
        self.record(test, "skip", str(reason))

    def addExpectedFailure(self, test, err):
        unittest.TestResult.addExpectedFailure(self, test, err)
        self.record(test, "xfail", first_line(err))

    def addUnexpectedSuccess(self, test):
        unittest.TestResult.addUnexpectedSuccess(self, test)
        self.record(test, "xpass")

    def addSubTest(self, test, subtest, err):
        unittest.TestResult.addSubTest(self, test, subtest, err)
        if err is not None and test.id() not in self.sub_failed:
            self.sub_failed[test.id()] = first_line(err)


suite = unittest.defaultTestLoader.loadTestsFromModule(target)
if hasattr(target, "__test__") and not hasattr(target, "load_tests"):
    import doctest  # modules of the test_main() era keep their doctests in __test__
    suite.addTest(doctest.DocTestSuite(target))
result = Recorder()
suite.run(result)
result.handle.write('{{"done": %d}}\\n' % result.testsRun)
result.handle.close()
'''


def test_dir(version: str) -> Optional[str]:
    """Return the ``Lib/test`` folder of the interpreter for ``version``, or None."""
    found = H.ask_interpreter(version, "import os, test; print(os.path.dirname(test.__file__))")
    return found or None


def module_source(tests: str, module: str) -> Optional[str]:
    """Return the path of ``module`` in ``tests`` (a .py file or a package folder), or None."""
    for path in (os.path.join(tests, module + ".py"), os.path.join(tests, module)):
        if os.path.isfile(path) or os.path.isfile(os.path.join(path, "__init__.py")):
            return path
    return None


def _sources(path: str) -> list[str]:
    if os.path.isfile(path):
        return [path]
    out = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    return out


def prepare(version: str, module: str) -> Optional[tuple[str, str, str]]:
    """Compile ``module`` and its driver with ``version``; return (folder, driver pyc, key)."""
    tests = test_dir(version)
    path = module_source(tests, module) if tests else None
    if path is None:
        return None
    h = hashlib.sha256(H.PROTOCOL.encode() + _DRIVER.encode())
    h.update((H.interpreter_identity(version) or "").encode())
    for src in _sources(path):
        with open(src, "rb") as fh:
            h.update(src.encode() + fh.read())
    key = h.hexdigest()[:20]
    folder = os.path.join(H.cache_dir("cpython-tests", version), f"{module}-{key}")
    driver = os.path.join(folder, f"_driver_{module}.pyc")
    if not os.path.exists(driver):
        tmp = folder + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        jobs = []
        base = os.path.dirname(path)
        for src in _sources(path):
            rel = os.path.relpath(src, base)
            jobs.append([src, os.path.join(tmp, os.path.splitext(rel)[0] + ".pyc"), src])
        drv_src = os.path.join(tmp, f"_driver_{module}.py")
        with open(drv_src, "w", encoding="utf-8") as fh:
            fh.write(_DRIVER.format(module=module))
        jobs.append([drv_src, os.path.join(tmp, f"_driver_{module}.pyc"), drv_src])
        python = find(version)
        assert python is not None
        proc = subprocess.run([python, "-c", H.COMPILE_SCRIPT], input=json.dumps(jobs),
                              capture_output=True, text=True, timeout=600)
        refused = json.loads(proc.stdout or "{}")
        # A module of the test package that this interpreter cannot compile (a
        # deliberately bad file) is left out; the test module itself must compile.
        if proc.returncode != 0 or drv_src in refused or path in refused:
            raise RuntimeError(f"{version} {module}: {proc.stderr[-500:]} {refused}")
        os.remove(drv_src)
        shutil.rmtree(folder, ignore_errors=True)
        os.rename(tmp, folder)
    return folder, driver, key


def _read_results(path: str, module: str) -> tuple[dict[str, dict[str, str]], Optional[int]]:
    prefix = f"test.{module}."
    tests: dict[str, dict[str, str]] = {}
    done = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if "done" in rec:
                    done = rec["done"]
                else:
                    test_id = rec["id"]
                    tests[test_id[len(prefix):] if test_id.startswith(prefix) else test_id] = rec
    return tests, done


def run_module(version: str, module: str, runner: str, timeout: float) -> dict[str, Any]:
    """Run one module under ``runner`` ("native" or "vm"); return its results.

    Returns {"tests": {id: {status, line}}, "complete": bool, "note": str}.
    """
    prepared = prepare(version, module)
    if prepared is None:
        return {"tests": {}, "complete": True, "note": "absent", "absent": True}
    folder, driver, key = prepared
    cache = os.path.join(H.cache_dir("cpython-tests", version), f"{module}-{key}.{runner}.json")
    if runner == "native" and os.path.exists(cache):
        with open(cache, encoding="utf-8") as fh:
            return json.load(fh)
    python = find(version)
    assert python is not None
    out = os.path.join(H.cache_dir("cpython-tests", version), f"{module}-{key}.{runner}.jsonl")
    if os.path.exists(out):
        os.remove(out)
    if runner == "native":
        cmd = [python, driver, out, folder]
        env = H.clean_env({"PYTHONPATH": folder})
    else:
        cmd = H.engine_command(version) + ["run", "--path", folder, driver, out, folder]
        env = H.engine_env()
    note = ""
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env,
                              cwd=folder, stdin=subprocess.DEVNULL)
        err = proc.stderr.decode("utf-8", "backslashreplace").strip().splitlines()
        if proc.returncode != 0:
            note = f"exit {proc.returncode}: " + (err[-1] if err else "")
    except subprocess.TimeoutExpired:
        note = f"timeout after {timeout:g} s"
    tests, done = _read_results(out, module)
    result = {"tests": tests, "complete": done is not None and not note, "note": note}
    if runner == "native" and result["complete"]:
        with open(cache, "w", encoding="utf-8") as fh:
            json.dump(result, fh)
    return result


def load_excluded() -> dict[str, dict[str, str]]:
    """Return {version: {module.Class.test: reason}} from the exclusion file ({} if absent)."""
    if not os.path.exists(EXCLUDED_FILE):
        return {}
    with open(EXCLUDED_FILE, encoding="utf-8") as fh:
        data = json.load(fh)
    return {v: dict(entries) for v, entries in data["excluded"].items()}


def classify(versions: list[str], modules: list[str]) -> dict[str, dict[str, str]]:
    """Scan the test sources of each version; return {version: {test id: reason}}."""
    out: dict[str, dict[str, str]] = {}
    markers = json.dumps(list(INTERNALS))
    for version in versions:
        tests = test_dir(version)
        python = find(version)
        if not tests or not python:
            continue
        found: dict[str, str] = {}
        for module in modules:
            path = module_source(tests, module)
            if path is None:
                continue
            for src in _sources(path):
                if os.path.basename(src) != "__init__.py" and os.path.isdir(path):
                    continue  # helper modules of a test package hold no test classes
                proc = subprocess.run([python, "-c", _CLASSIFY, src, markers],
                                      capture_output=True, text=True, timeout=120)
                if proc.returncode != 0:
                    raise RuntimeError(proc.stderr[-1000:])
                for test, hits in sorted(json.loads(proc.stdout).items()):
                    reasons = sorted({INTERNALS[h] for h in hits})
                    found[f"{module}.{test}"] = "; ".join(reasons)
        out[version] = found
    return out


def summarise(version: str, module: str, native: dict[str, Any], vm: Optional[dict[str, Any]],
              excluded: dict[str, str]) -> dict[str, Any]:
    """Return the counts and the list of VM shortfalls for one module of one version."""
    n_tests = native["tests"]
    passing = {t for t, r in n_tests.items() if r["status"] in ("pass", "xfail", "skip")}
    row: dict[str, Any] = {
        "version": version, "module": module, "tests": len(n_tests),
        "native_pass": sum(r["status"] == "pass" for r in n_tests.values()),
        "excluded": sum(1 for t in n_tests if f"{module}.{t}" in excluded),
        "native_note": native["note"],
    }
    if vm is None:
        return row
    v_tests = vm["tests"]
    row["vm_pass"] = sum(r["status"] == "pass" for r in v_tests.values())
    row["vm_note"] = vm["note"]
    target = [t for t in sorted(passing) if n_tests[t]["status"] == "pass"
              and f"{module}.{t}" not in excluded]
    row["target"] = len(target)
    row["target_pass"] = sum(v_tests.get(t, {}).get("status") == "pass" for t in target)
    row["shortfalls"] = [(t, v_tests[t]["status"] if t in v_tests else "not run",
                          v_tests.get(t, {}).get("line", vm["note"])) for t in target
                         if v_tests.get(t, {}).get("status") != "pass"]
    return row


def main(argv: Optional[list[str]] = None) -> int:
    """Run the yardstick and print (and optionally write) the report; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--versions", default="", help="comma-separated lines (default: all found)")
    ap.add_argument("-k", default="", help="comma-separated substrings of module names")
    ap.add_argument("--native-only", action="store_true")
    ap.add_argument("--classify", action="store_true", help="rewrite the exclusion file")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per module in the VM")
    ap.add_argument("--failures", action="store_true", help="list every VM shortfall")
    ap.add_argument("--json", default="", help="write the rows to this file")
    args = ap.parse_args(argv)

    versions = [v for v in (args.versions.split(",") if args.versions else H.ENGINE_VERSIONS)
                if find(v) is not None]
    keys = [k for k in args.k.split(",") if k]
    modules = [m for m in MODULES if not keys or any(k in m for k in keys)]
    if args.classify:
        data = classify(versions, list(MODULES))
        with open(EXCLUDED_FILE, "w", encoding="utf-8") as fh:
            json.dump({"generated_by": "tools/run_cpython_tests.py --classify",
                       "markers": INTERNALS, "excluded": data}, fh, indent=1, sort_keys=True)
            fh.write("\n")
        print(f"wrote {EXCLUDED_FILE}: " + ", ".join(f"{v}: {len(d)}" for v, d in data.items()))
        return 0
    excluded = load_excluded()
    vm_ok = {v: H.run_unavailable(v) is None for v in versions}
    pairs = [(v, m) for v in versions for m in modules]

    def one(pair: tuple[str, str]) -> Optional[dict[str, Any]]:
        v, m = pair
        native = run_module(v, m, "native", 600)
        if native.get("absent"):
            return None
        vm = None
        if not args.native_only and vm_ok[v]:
            vm = run_module(v, m, "vm", args.timeout)
        return summarise(v, m, native, vm, excluded.get(v, {}))

    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        rows = [r for r in pool.map(one, pairs) if r is not None]
    print(f"{'version':7} {'module':26} {'tests':>5} {'native':>6} {'excl':>4} "
          f"{'target':>6} {'VM':>5} {'VM/target':>9}  note")
    for r in rows:
        vm = f"{r['vm_pass']:>5} {r['target_pass']:>4}/{r['target']:<4}" if "vm_pass" in r else \
            f"{'-':>5} {'-':>9}"
        target = r.get("target", r["native_pass"])
        note = r.get("vm_note") or r["native_note"]
        print(f"{r['version']:7} {r['module']:26} {r['tests']:>5} {r['native_pass']:>6} "
              f"{r['excluded']:>4} {target:>6} {vm}  {note}")
    for v in versions:
        vr = [r for r in rows if r["version"] == v]
        if not vr:
            continue
        line = (f"{v}: native {sum(r['native_pass'] for r in vr)} passes of "
                f"{sum(r['tests'] for r in vr)} tests, {sum(r['excluded'] for r in vr)} excluded")
        if all("vm_pass" in r for r in vr):
            line += (f"; VM {sum(r['target_pass'] for r in vr)} of the "
                     f"{sum(r['target'] for r in vr)} non-excluded native passes")
        elif not vm_ok[v]:
            line += f"; VM: {H.run_unavailable(v)}"
        print(line)
    if args.failures:
        for r in rows:
            for test, status, line in r.get("shortfalls", []):
                print(f"{r['version']} {r['module']}.{test}: {status}: {line}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
