"""The optional mypyc build: skipped cleanly without a toolchain, identical results with one.

The build tests compile a copy of ``src/bytescope`` into a temporary directory
with ``tools/build_accel.py --target DIR``, then

* read every fixture pyc -- and damaged variants of them -- with the compiled
  package and with the pure one, in separate processes, and compare the
  outcomes exactly (values with their types, or error class, offset and message);
* (slow: ``--engine`` also compiles the engine's handlers and helpers, about 2
  minutes) run a few engine programs with ``bytescope run`` under both, per-instruction
  handlers only and fused blocks eagerly, and compare stdout, stderr and status.
"""

from __future__ import annotations

import importlib.util
import os
import py_compile
import re
import shutil
import subprocess
import sys

import pytest

from bytescope import _accel

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOOL = os.path.join(ROOT, "tools", "build_accel.py")

_spec = importlib.util.spec_from_file_location("build_accel", TOOL)
assert _spec is not None and _spec.loader is not None
build_accel = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_accel)

# Run under the package in sys.argv[1]: one line per read, in a fixed order.
_READ_ALL = r"""
import glob, os, random, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from _marshal_canon import outcome
from bytescope import _accel, versions
from bytescope.marshal import _fast, reader
print("compiled", _accel.accelerated(), _fast.COMPILED)
rng = random.Random(7)
for path in sorted(glob.glob(os.path.join(sys.argv[2], "fixtures", "*", "*.pyc"))):
    data = open(path, "rb").read()
    v = versions.by_magic(data)
    hs = v.header_size
    variants = [data]
    for _ in range(8):
        bad = bytearray(data)
        at = hs + rng.randrange(len(data) - hs)
        bad[at] = rng.randrange(256)
        variants.append(bytes(bad[: rng.randrange(hs, len(bad) + 1)]))
    for d in variants:
        print(os.path.basename(path), hash(repr(outcome(lambda: reader.read(d, v, hs)))))
# every scalar and container type, per marshal generation (fixtures lack some)
import marshal_builder as m
scalars = [m.none(), m.true(), m.false(), m.ellipsis(), m.stopiter(), m.i32(-5), m.i64(2**40),
           m.long(2**70), m.long(-(2**20)), m.long(0), m.text_float("1.5"), m.bin_float(-0.0),
           m.text_complex("1", "-2.5"), m.bin_complex(1.0, float("nan")), m.string(b"\xff\x00")]
py2 = scalars + [m.interned(b"abc"), m.stringref(0), m.unicode("\u00e9\ud800"),
                 m.set_(m.i32(1)), m.frozenset_(m.string(b"k")), m.lst(m.none()),
                 m.dct([(m.string(b"k"), m.i32(1)), (m.i32(2), m.null())])]
py3 = scalars + [m.unicode("\u00e9"), m.ascii_("x", ref=True), m.ref(0),
                 m.short_ascii("yz", interned=True, ref=True), m.ref(1), m.small_tup(),
                 m.set_(m.i32(1)), m.frozenset_(m.i32(2)), m.lst(m.none(), ref=True), m.ref(2),
                 m.dct([(m.short_ascii("k"), m.i32(1))])]
streams = [("2.7", m.tup(*py2)), ("3.11", m.tup(*py3)),
           ("3.14", m.tup(*py3, m.slice_(m.none(), m.i32(3), m.none()))),
           ("3.15", m.tup(*py3, m.frozendict_([(m.short_ascii("a"), m.long(2**40))])))]
for line, data in streams:
    v = versions.by_name(line)
    for cut in (len(data), len(data) - 1, len(data) // 2):
        d = data[:cut]
        print(line, cut, hash(repr(outcome(lambda: reader.read(d, v)))))
"""


def test_accelerated_reports_the_pure_build_here() -> None:
    compiled = _accel.compiled_modules()
    assert set(compiled) <= set(_accel.ACCEL_MODULES)
    assert _accel.accelerated() == (len(compiled) == len(_accel.ACCEL_MODULES))


def test_build_tool_skips_cleanly_without_mypyc(monkeypatch: pytest.MonkeyPatch) -> None:
    real = build_accel.importlib.util.find_spec
    monkeypatch.setattr(
        build_accel.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "mypyc" else real(name, *a),
    )
    assert "mypyc" in build_accel.missing_toolchain()
    assert build_accel.main([]) == build_accel.MISSING


def test_both_module_lists_agree() -> None:
    listed = [m[: -len(".py")].replace("/", ".") for m in build_accel.ACCEL_MODULES]
    assert listed == list(_accel.ACCEL_MODULES)


def _builds(tmp: str, engine: bool) -> tuple[str, str]:
    """``(compiled tree, pure tree)`` under ``tmp``: the package built by mypyc (with
    the engine's modules when ``engine``), and a plain copy."""
    why = build_accel.missing_toolchain()
    if why:
        pytest.skip(f"accelerated build unavailable: {why}")
    target = os.path.join(tmp, "accel")
    pure_src = os.path.join(tmp, "pure")
    shutil.copytree(
        os.path.join(ROOT, "src", "bytescope"),
        os.path.join(pure_src, "bytescope"),
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"),
    )
    proc = subprocess.run(
        [sys.executable, TOOL, "--target", target] + (["--engine"] if engine else []),
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert build_accel.built_files(target), "no extension module was built"
    return target, pure_src


def test_accelerated_build_gives_identical_results(tmp_path: object) -> None:
    target, pure_src = _builds(str(tmp_path), engine=False)

    def read_all(src: str) -> list[str]:
        env = dict(os.environ, PYTHONHASHSEED="0")
        out = subprocess.run(
            [sys.executable, "-c", _READ_ALL, src, HERE],
            capture_output=True, text=True, check=True, env=env,
        ).stdout.splitlines()
        return out

    compiled = read_all(target)
    pure = read_all(pure_src)
    assert compiled[0] == "compiled True True"
    assert pure[0] == "compiled False False"
    assert len(compiled) > 100
    assert compiled[1:] == pure[1:]


#: Engine programs run under the compiled build: calls, classes, generators, closures,
#: exceptions caught and uncaught (tracebacks), and a program exiting with a status.
_ENGINE_PROGRAMS = ["app_huffman", "cls_super", "gen_throw_close", "scope_closures",
                    "exc_chaining", "exc_uncaught_chained", "sys_exit_code", "recursion_limit"]


@pytest.mark.slow  # the engine's build takes about 2 minutes
def test_engine_runs_identically_compiled(tmp_path: object) -> None:
    target, pure_src = _builds(str(tmp_path), engine=True)
    out = os.path.join(str(tmp_path), "pycs")
    os.makedirs(out)
    for name in _ENGINE_PROGRAMS:
        py_compile.compile(os.path.join(HERE, "engine_programs", name + ".py"),
                           cfile=os.path.join(out, name + ".pyc"), doraise=True)

    def run(src: str, name: str, tier: str) -> tuple[int, str, str]:
        env = dict(os.environ, PYTHONPATH=src, PYTHONHASHSEED="0", BYTESCOPE_TIER=tier)
        proc = subprocess.run(
            [sys.executable, "-m", "bytescope", "run", os.path.join(out, name + ".pyc")],
            capture_output=True, text=True, env=env, cwd=out, timeout=300, check=False,
        )
        def same(text: str) -> str:  # object addresses differ from run to run
            return re.sub(r"0x[0-9a-f]+", "0x?", text.replace(src, "<src>"))

        return proc.returncode, same(proc.stdout), same(proc.stderr)

    names = [m[: -len(".py")].replace("/", ".") for m in build_accel.ENGINE_MODULES]
    check = subprocess.run(
        [sys.executable, "-c", "import importlib, sys\nfor name in sys.argv[1:]: "
         "print(importlib.import_module(name).__file__.endswith(('.so', '.pyd')))", *names],
        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=target), check=True,
    )
    assert check.stdout.split() == ["True"] * len(names)
    for tier in ("a", "eager"):
        for name in _ENGINE_PROGRAMS:
            assert run(target, name, tier) == run(pure_src, name, tier), (name, tier)
