"""The differential harness of the execution engine: native CPython vs ``bytescope run``.

Every program of ``tests/engine_programs/`` (and ``tests/engine_programs/py2/``
for Python 2.7) is compiled to a pyc by each installed interpreter, run by that
interpreter natively, and run by ``bytescope run`` on a host Python; the two
runs must give the same stdout, the same last line of stderr and the same exit
status.

A program's first comment lines may say (``# key: value``):

* ``min-version: 3.10`` / ``max-version: 3.12``: the interpreters that compile it
  (its syntax or the features it uses);
* ``py2-compatible: yes``: 2.7 compiles and runs it as well;
* ``args: a b c``: its command-line arguments (split like a shell would);
* ``pythonpath: extra``: a folder of the corpus put on the module path
  (``PYTHONPATH`` natively, ``--path DIR`` for ``bytescope run``);
* ``timeout: 60``: seconds a native run may take (the engine gets more);
* ``stderr-lines: 5``: compare the last 5 non-empty lines of stderr, not only the
  last (where the last line alone says little, as the box of an exception group);
* ``exit: 1``: the exit status a native run must end with (default 0), which
  checks the corpus itself on every interpreter.

Files and folders whose name starts with ``_`` and every folder (a package of the
corpus, ``extra/``) are modules the programs import, compiled alongside them:
the programs import them as sourceless pycs, natively and in the VM.

Compiled trees and native results live under the cache directory
(``$BYTESCOPE_ENGINE_CACHE``, else ``~/.cache/bytescope/engine-diff``), keyed by
the interpreter and the hash of the sources, never in the repository; reruns do
not recompile or rerun natively.  This module runs on any host from 3.9 (the
matrix script imports it from a 3.9 or 3.13 host with ``PYTHONPATH=src``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
#: the tree ``bytescope run`` imports from (``$BYTESCOPE_TEST_SRC``: a compiled copy)
SRC = os.environ.get("BYTESCOPE_TEST_SRC") or os.path.join(ROOT, "src")
PROGRAMS = os.path.join(HERE, "engine_programs")
PY2_PROGRAMS = os.path.join(PROGRAMS, "py2")

if HERE not in sys.path:
    sys.path.insert(0, HERE)
from interpreters import VERSIONS, find  # noqa: E402

#: Bumped when what a cached native result means changes (the run protocol).
PROTOCOL = "1"

#: Release lines the engine is asked to run (2.7 comes with its own programs).
ENGINE_VERSIONS: tuple[str, ...] = tuple(v for v in VERSIONS if v != "2.7")

#: Hosts the full matrix runs ``bytescope run`` on (each that is installed).
MATRIX_HOSTS: tuple[str, ...] = ("3.9", "3.11", "3.13", "3.14", "3.15")

#: Seconds an engine run of a corpus program may take before it counts as a hang
#: (``$BYTESCOPE_ENGINE_TIMEOUT``): every program takes under 0.4 s natively, start-up
#: included, so this allows a hundredfold slowdown and keeps a hanging engine from
#: eating the default run's budget.
ENGINE_TIMEOUT = float(os.environ.get("BYTESCOPE_ENGINE_TIMEOUT", "30"))

#: Address space an engine run may use: a runaway allocation in the VM fails there with
#: MemoryError instead of taking the shared machine's memory (seen: 11 GB in one run).
ENGINE_MEMORY_MB = 3072

#: Starts ``bytescope`` on the host under the address-space cap (``-c`` keeps the command
#: line of ``python -m bytescope``: argv[1:] are bytescope's arguments).
_LAUNCH = ("import resource, runpy, sys; "
           "resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap})); "
           "runpy.run_module('bytescope', run_name='__main__', alter_sys=True)")

_HEADER = re.compile(r"#\s*([a-z0-9-]+)\s*:\s*(.*?)\s*$")

#: Compiles jobs [[src, cfile, dfile], ...] read as JSON from stdin; prints
#: {src: error} for those the interpreter refused.  Runs on 2.7 and 3.6-3.15.
COMPILE_SCRIPT = r"""
import json, os, py_compile, sys
jobs = json.loads(sys.stdin.read())
errors = {}
for src, cfile, dfile in jobs:
    folder = os.path.dirname(cfile)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    try:
        py_compile.compile(src, cfile=cfile, dfile=dfile, doraise=True)
    except py_compile.PyCompileError as exc:
        lines = str(exc.msg).strip().splitlines() or ["?"]
        errors[src] = lines[-1]
sys.stdout.write(json.dumps(errors))
"""


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


@dataclass(frozen=True)
class Program:
    """One program of the corpus and what its header says about it."""

    name: str
    path: str
    min_version: str = "3.6"
    max_version: str = "3.15"
    py2: bool = False
    py2_only: bool = False
    args: tuple[str, ...] = ()
    pythonpath: Optional[str] = None
    timeout: float = 60.0
    exit_status: int = 0
    stderr_lines: int = 1
    source: str = field(default="", repr=False)

    def runs_on(self, version: str) -> bool:
        """Return True when interpreter ``version`` should compile and run this program."""
        if version == "2.7":
            return self.py2 or self.py2_only
        if self.py2_only:
            return False
        v = version_tuple(version)
        return version_tuple(self.min_version) <= v <= version_tuple(self.max_version)

    def versions(self, among: Iterable[str] = VERSIONS) -> list[str]:
        """Return the release lines of ``among`` that run this program."""
        return [v for v in among if self.runs_on(v)]


def _parse(path: str, py2_only: bool) -> Program:
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    meta: dict[str, str] = {}
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            meta[m.group(1)] = m.group(2)
    name = os.path.splitext(os.path.basename(path))[0]
    if py2_only:
        name = "py2/" + name
    return Program(
        name=name,
        path=path,
        min_version=meta.get("min-version", "3.6"),
        max_version=meta.get("max-version", "3.15"),
        py2=meta.get("py2-compatible", "no").lower() in ("yes", "true", "1"),
        py2_only=py2_only,
        args=tuple(shlex.split(meta.get("args", ""))),
        pythonpath=meta.get("pythonpath"),
        timeout=float(meta.get("timeout", "60")),
        exit_status=int(meta.get("exit", "0")),
        stderr_lines=int(meta.get("stderr-lines", "1")),
        source=source,
    )


def _is_program(filename: str) -> bool:
    return filename.endswith(".py") and not filename.startswith("_")


@cache
def programs() -> tuple[Program, ...]:
    """Return every program of the corpus (3.x ones, then the 2.7-only ones), sorted by name."""
    found = []
    for folder, py2_only in ((PROGRAMS, False), (PY2_PROGRAMS, True)):
        if os.path.isdir(folder):
            for filename in sorted(os.listdir(folder)):
                if _is_program(filename):
                    found.append(_parse(os.path.join(folder, filename), py2_only))
    return tuple(found)


def program(name: str) -> Program:
    """Return the program called ``name`` (``py2/x`` for a 2.7-only one); KeyError if none."""
    for prog in programs():
        if prog.name == name:
            return prog
    raise KeyError(name)


def support_files(folder: str = PROGRAMS) -> list[str]:
    """Return the corpus's importable modules: ``_*.py`` files and every ``*.py`` in subfolders.

    Paths are relative to ``folder``; ``py2/`` is not a support folder of the 3.x corpus.
    """
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in ("py2", "__pycache__") or dirpath != folder)
        rel = os.path.relpath(dirpath, folder)
        for filename in sorted(filenames):
            if not filename.endswith(".py"):
                continue
            if rel == "." and _is_program(filename):
                continue
            out.append(os.path.normpath(os.path.join(rel, filename)))
    return out


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:24]


@cache
def _support_digest(folder: str) -> str:
    files = support_files(folder)
    contents = []
    for rel in files:
        with open(os.path.join(folder, rel), "rb") as handle:
            contents.append([rel, hashlib.sha256(handle.read()).hexdigest()])
    return _digest(contents)


def cache_dir(*parts: str) -> str:
    """Return (creating it) a folder under the engine harness's cache directory."""
    root = os.environ.get("BYTESCOPE_ENGINE_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "bytescope", "engine-diff")
    path = os.path.join(root, *parts)
    os.makedirs(path, exist_ok=True)
    return path


@cache
def ask_interpreter(version: str, code: str) -> Optional[str]:
    """Return what ``code`` prints (stripped) under the interpreter for ``version``, or None
    when that interpreter is absent."""
    path = find(version)
    if path is None:
        return None
    proc = subprocess.run([path, "-c", code], capture_output=True, text=True, timeout=60)
    return proc.stdout.strip()


def interpreter_identity(version: str) -> Optional[str]:
    """Return ``path + full version`` of the interpreter for ``version``, or None if absent."""
    answer = ask_interpreter(version, "import sys; print(sys.version)")
    return None if answer is None else f"{find(version)} {answer}"


@dataclass(frozen=True)
class CompiledTree:
    """The pycs one interpreter compiled: programs at the top, support modules beside them."""

    version: str
    root: str
    refused: dict[str, str]  # program name -> the compiler's message

    def pyc(self, prog: Program) -> str:
        """Return the path of ``prog``'s pyc in this tree."""
        return os.path.join(self.root, os.path.basename(prog.name) + ".pyc")


def _folder_for(version: str) -> str:
    return PY2_PROGRAMS if version == "2.7" else PROGRAMS


_trees: dict[str, CompiledTree] = {}


def compile_tree(version: str) -> CompiledTree:
    """Compile every program ``version`` runs, and the support modules, with that interpreter.

    Returns the tree (cached on disk by interpreter and sources).  Raises
    LookupError when the interpreter is absent, RuntimeError when it fails.
    """
    if version in _trees:
        return _trees[version]
    identity = interpreter_identity(version)
    if identity is None:
        raise LookupError(f"Python {version} interpreter not installed")
    python = find(version)
    assert python is not None
    chosen = [p for p in programs() if p.runs_on(version)]
    support_root = _folder_for(version)
    key = _digest(PROTOCOL, identity, [(p.name, p.source) for p in chosen],
                  _support_digest(support_root))
    root = os.path.join(cache_dir("compiled"), f"{version}-{key}")
    marker = os.path.join(root, ".refused.json")
    if not os.path.exists(marker):
        tmp = tempfile.mkdtemp(prefix=f"{version}-", dir=cache_dir("compiled"))
        jobs = [[p.path, os.path.join(tmp, os.path.basename(p.name) + ".pyc"),
                 os.path.basename(p.path)] for p in chosen]
        for rel in support_files(support_root):
            jobs.append([os.path.join(support_root, rel),
                         os.path.join(tmp, os.path.splitext(rel)[0] + ".pyc"), rel])
        proc = subprocess.run([python, "-c", COMPILE_SCRIPT], input=json.dumps(jobs),
                              capture_output=True, text=True, timeout=600, env=clean_env())
        if proc.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise RuntimeError(f"Python {version} could not compile the corpus: "
                               f"{proc.stderr.strip()[-2000:]}")
        by_path = {p.path: p.name for p in chosen}
        refused = {by_path.get(src, src): msg for src, msg in json.loads(proc.stdout).items()}
        with open(os.path.join(tmp, ".refused.json"), "w", encoding="utf-8") as handle:
            json.dump(refused, handle)
        try:
            os.rename(tmp, root)
        except OSError:  # another process won the race: use its tree
            shutil.rmtree(tmp, ignore_errors=True)
    with open(marker, encoding="utf-8") as handle:
        tree = CompiledTree(version, root, json.load(handle))
    _trees[version] = tree
    return tree


@dataclass(frozen=True)
class Outcome:
    """What one run showed: stdout, the last non-empty line(s) of stderr, the exit status."""

    stdout: str
    stderr_last: str
    status: int
    stderr_tail: str = ""  # the last lines of stderr, for failure messages only

    def key(self) -> tuple[str, str, int]:
        """Return what must be equal between a native run and an engine run."""
        return (self.stdout, self.stderr_last, self.status)


def clean_env(extra: Optional[dict[str, str]] = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTHON") and k not in ("COVERAGE_PROCESS_START",)}
    env.update(PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1",
               LC_ALL="C.UTF-8", LANG="C.UTF-8")
    if extra:
        env.update(extra)
    return env


def _outcome(proc: subprocess.CompletedProcess, stderr_lines: int) -> Outcome:
    out = proc.stdout.decode("utf-8", "backslashreplace")
    err = proc.stderr.decode("utf-8", "backslashreplace")
    lines = [line for line in err.splitlines() if line.strip()]
    return Outcome(out, "\n".join(lines[-stderr_lines:]), proc.returncode,
                   "\n".join(lines[-12:]))


def run_command(cmd: Sequence[str], env: dict[str, str], timeout: float,
         stderr_lines: int = 1) -> Outcome:
    workdir = cache_dir("cwd")
    try:
        proc = subprocess.run(list(cmd), capture_output=True, timeout=timeout, env=env,
                              cwd=workdir, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode("utf-8", "backslashreplace")
        return Outcome(out, f"<timeout after {timeout:g} s>", -999)
    return _outcome(proc, stderr_lines)


def module_path(tree: CompiledTree, prog: Program) -> Optional[str]:
    return os.path.join(tree.root, prog.pythonpath) if prog.pythonpath else None


def native(prog: Program, version: str) -> Outcome:
    """Return the outcome of running ``prog``'s ``version`` pyc natively (cached on disk)."""
    tree = compile_tree(version)
    if prog.name in tree.refused:
        raise RuntimeError(f"Python {version} refused {prog.name}: {tree.refused[prog.name]}")
    key = _digest(PROTOCOL, interpreter_identity(version), prog.source, prog.args,
                  prog.pythonpath, _support_digest(_folder_for(version)))
    path = os.path.join(cache_dir("native", version), key + ".json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            return Outcome(**json.load(handle))
    python = find(version)
    assert python is not None
    extra = {}
    pp = module_path(tree, prog)
    if pp:
        extra["PYTHONPATH"] = pp
    result = run_command([python, tree.pyc(prog), *prog.args], clean_env(extra), prog.timeout,
                  prog.stderr_lines)
    if result.status != -999:
        # one writer per process and thread: the matrix runs the same native pair from
        # several threads when it checks several hosts
        tmp = path + f".{os.getpid()}.{threading.get_ident()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(result.__dict__, handle)
        os.replace(tmp, path)
    return result


def host_python(host: Optional[str] = None) -> Optional[str]:
    """Return the interpreter that runs bytescope for ``host`` ("3.13"; None: this one)."""
    return sys.executable if host is None else find(host)


def engine_command(host: Optional[str] = None, memory_mb: int = ENGINE_MEMORY_MB) -> list[str]:
    """Return the command line prefix that runs ``bytescope`` on ``host`` (from ``src/``),
    its address space capped at ``memory_mb`` (0: no cap)."""
    python = host_python(host)
    if python is None:
        raise LookupError(f"host Python {host} not installed")
    if not memory_mb:
        return [python, "-m", "bytescope"]
    return [python, "-c", _LAUNCH.format(cap=memory_mb * 2 ** 20)]


def engine_env(extra: Optional[dict[str, str]] = None) -> dict[str, str]:
    """Return the environment of a ``bytescope`` run: this checkout's ``src/`` on the path."""
    env = {"PYTHONPATH": SRC}
    if extra:
        env.update(extra)
    return clean_env(env)


@cache
def run_unavailable(host: Optional[str] = None) -> Optional[str]:
    """Return why ``bytescope run`` cannot be used on ``host``, or None when it can."""
    try:
        cmd = engine_command(host)
    except LookupError as exc:
        return str(exc)
    proc = subprocess.run(cmd + ["run", "--help"], capture_output=True, text=True,
                          timeout=120, env=engine_env(), cwd=cache_dir("cwd"))
    if proc.returncode != 0:
        return "bytescope run not available" + (f" on host {host}" if host else "")
    return None


def engine(prog: Program, version: str, host: Optional[str] = None,
           timeout: Optional[float] = None) -> Outcome:
    """Return the outcome of ``bytescope run`` of ``prog``'s ``version`` pyc on ``host``."""
    tree = compile_tree(version)
    cmd = engine_command(host) + ["run"]
    pp = module_path(tree, prog)
    if pp:
        cmd += ["--path", pp]
    cmd += [tree.pyc(prog), *prog.args]
    return run_command(cmd, engine_env(), timeout or max(ENGINE_TIMEOUT, prog.timeout / 2),
                       prog.stderr_lines)


#: Engine tests known to fail with the engine as merged here: one pytest node id (without
#: the ``tests/`` prefix) per line, then `` # `` and why.  The default run reports listed
#: tests as xfails without running them (a gap can cost a time-out), so the suite stays
#: green and fast while each gap stays listed (``-ra`` shows them);
#: ``tools/engine_known_failures.py`` runs everything with ``BYTESCOPE_ENGINE_STRICT=1``
#: and rewrites the file.
KNOWN_FAILURES = os.path.join(HERE, "engine_known_failures.txt")


@cache
def known_failures() -> dict[str, str]:
    """Return {node id: reason} from :data:`KNOWN_FAILURES` ({} when the file is absent)."""
    out = {}
    if os.path.exists(KNOWN_FAILURES):
        with open(KNOWN_FAILURES, encoding="utf-8") as handle:
            for line in handle:
                node, _, reason = line.partition(" # ")
                if node.strip() and not node.startswith("#"):
                    out[node.strip()] = reason.strip() or "known engine gap"
    return out


def mark_known_failure(request: Any) -> None:
    """Turn the calling test into an xfail, not run, when :data:`KNOWN_FAILURES` lists it."""
    import pytest

    node = request.node
    if os.environ.get("BYTESCOPE_ENGINE_STRICT"):
        return  # the whole truth, for regenerating the list
    nodeid = node.nodeid.split("tests/", 1)[-1]
    reason = known_failures().get(nodeid)
    if reason:
        pytest.xfail("known engine gap: " + reason)


def explain(prog: Program, version: str, host: Optional[str], want: Outcome,
            got: Outcome) -> str:
    """Return a readable account of how the engine's run differs from the native one."""
    import difflib

    where = f"{prog.name}@{version} (host {host or 'this Python'})"
    if want.status != got.status:
        crux = f"exit {got.status}, native {want.status}: {got.stderr_last.splitlines()[-1:]}"
    elif want.stderr_last != got.stderr_last:
        crux = f"last stderr line {got.stderr_last!r}, native {want.stderr_last!r}"
    else:
        ours, theirs = got.stdout.splitlines(), want.stdout.splitlines()
        n = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                 min(len(ours), len(theirs)))
        crux = (f"stdout line {n + 1}: {ours[n] if n < len(ours) else '<end>'!r}, native "
                f"{theirs[n] if n < len(theirs) else '<end>'!r}")
    lines = [f"{where}: {crux}", f"  program {prog.path}"]
    if want.status != got.status:
        lines.append(f"  exit status: native {want.status}, engine {got.status}")
    if want.stderr_last != got.stderr_last:
        lines.append(f"  last stderr line: native {want.stderr_last!r}")
        lines.append(f"                    engine {got.stderr_last!r}")
    if want.stdout != got.stdout:
        diff = difflib.unified_diff(want.stdout.splitlines(), got.stdout.splitlines(),
                                    "native", "engine", lineterm="", n=2)
        lines.append("  stdout differs:")
        lines.extend("    " + d for d in list(diff)[:40])
    if got.stderr_tail and want.key() != got.key():
        lines.append("  engine stderr (tail):")
        lines.extend("    " + d for d in got.stderr_tail.splitlines())
    return "\n".join(lines)


def default_sample() -> list[tuple[str, str]]:
    """Return the (program, version) pairs of the default run: each program once.

    Versions rotate over each program's eligible lines (3.6-3.15) so every line
    is exercised; 2.7-only programs run at 2.7.
    """
    out = []
    for i, prog in enumerate(programs()):
        eligible = prog.versions()
        if prog.py2_only:
            out.append((prog.name, "2.7"))
            continue
        eligible = [v for v in eligible if v != "2.7"]
        if eligible:
            out.append((prog.name, eligible[i % len(eligible)]))
    return out


def full_matrix() -> list[tuple[str, str]]:
    """Return every (program, version) pair of the corpus, over every known line."""
    return [(p.name, v) for p in programs() for v in p.versions()]


def run_pairs(pairs: Sequence[tuple[str, str, Optional[str]]], workers: int = 2,
              ) -> dict[tuple[str, str, Optional[str]], tuple[Outcome, Outcome]]:
    """Run (program, version, host) triples natively and in the engine, ``workers`` at a time.

    Returns {triple: (native, engine)}; triples whose interpreter or host is
    missing are left out.
    """
    def one(triple: tuple[str, str, Optional[str]]) -> Optional[tuple[Outcome, Outcome]]:
        name, version, host = triple
        if find(version) is None or host_python(host) is None:
            return None
        prog = program(name)
        return native(prog, version), engine(prog, version, host)

    results = {}
    for version in sorted({t[1] for t in pairs}):
        if find(version) is not None:
            compile_tree(version)  # once, before the threads need it
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for triple, res in zip(pairs, pool.map(one, pairs)):
            if res is not None:
                results[triple] = res
    return results
