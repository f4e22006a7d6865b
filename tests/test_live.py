"""Differential tests of ``bytescope attach`` against real interpreters.

For every interpreter found (2.7, 3.6-3.15), a child defines functions of many
shapes, warms them up (3.11+ specialises them) and reports, per function, its
address, its own ``marshal.dumps(f.__code__)`` and its own ``dis`` text.  We read
each function out of the child's memory by address and by name and compare the
``Code`` field by field, the marshal stream our ``-o`` pyc holds, and ``dis``.
Then the same from a core file of the child, read after the child is gone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from interpreters import VERSIONS, find  # noqa: E402
from live.harness import (  # noqa: E402
    CHILD,
    child,
    enable_core_dumps,
    gcore,
    kernel_core,
    ptrace_problem,
)

from bytescope.code import FIELDS  # noqa: E402
from bytescope.live import attach, open_core  # noqa: E402
from bytescope.live.errors import ObjectChanged  # noqa: E402
from bytescope.marshal.reader import loads  # noqa: E402
from bytescope.versions import by_name  # noqa: E402

_PTRACE = ptrace_problem()
pytestmark = pytest.mark.skipif(_PTRACE is not None, reason=_PTRACE or "")

ATTACH_VERSIONS = [v for v in VERSIONS]


def _exe(version: str) -> str:
    path = find(version)
    if path is None:
        pytest.skip(f"Python {version} interpreter not installed (searched pyenv, "
                    "~/.cache/bytescope/pythons, PATH)")
    return path


def _name(version: str, qualname: str) -> str:
    # Python 2 has no __qualname__: methods are found by their plain name.
    return qualname.rsplit(".", 1)[-1] if version == "2.7" else qualname


def _diff(got, want) -> list:
    return [f for f in FIELDS if getattr(got, f) != getattr(want, f)]


def _check_target(target, info, version, by_name_too=True):
    v = by_name(version)
    checked = 0
    for qualname, (addr, marshal_hex, _dis) in sorted(info["funcs"].items()):
        want = loads(bytes.fromhex(marshal_hex), v)
        got = target.code_at(addr)
        assert got == want, f"{version} {qualname} by address differs in {_diff(got, want)}"
        if by_name_too:
            got = target.find(_name(version, qualname))
            assert got == want, f"{version} {qualname} by name differs in {_diff(got, want)}"
            if "<" not in qualname:  # reachable from sys.modules: the dict walk
                got = target.find(f"__main__:{qualname}")
                assert got == want, f"{version} __main__:{qualname} differs in {_diff(got, want)}"
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("version", ATTACH_VERSIONS)
def test_attach_equals_child_marshal(version):
    exe = _exe(version)
    with child(exe) as info:
        assert info["version"] == version
        with attach(info["pid"]) as target:
            assert target.key == version
            _check_target(target, info, version)


@pytest.mark.parametrize("version", ATTACH_VERSIONS)
def test_attach_pyc_and_dis_match_child(version):
    from bytescope.views.dis_text import dis_text

    exe = _exe(version)
    v = by_name(version)
    with child(exe) as info:
        with attach(info["pid"]) as target:
            codes = {q: target.code_at(a) for q, (a, _m, _d) in info["funcs"].items()}
            pycs = {q: target.pyc_at(a) for q, (a, _m, _d) in info["funcs"].items()}
    bad_pyc, bad_dis = [], []
    for qualname, (_addr, marshal_hex, native_dis) in sorted(info["funcs"].items()):
        data = pycs[qualname]
        assert data[:4] == v.magic_bytes
        if data[v.header_size:].hex() != marshal_hex:
            bad_pyc.append(qualname)
        ours = re.sub(r" at 0x[0-9a-fA-F]+", " at 0x?", dis_text(codes[qualname]))
        if ours != native_dis:
            bad_dis.append(qualname)
    assert not bad_pyc, f"{version}: -o marshal stream differs from the child's for {bad_pyc}"
    assert not bad_dis, f"{version}: dis differs from the child's own dis for {bad_dis}"


@pytest.mark.parametrize("version", ["2.7", "3.8", "3.12", "3.13", "3.15"])
def test_pyc_written_is_imported_by_target_version(version, tmp_path):
    exe = _exe(version)
    with child(exe) as info:
        with attach(info["pid"]) as target:
            data = target.pyc_at(info["funcs"]["loops"][0])
            code = target.code_at(info["funcs"]["loops"][0])
    out = tmp_path / "loops.pyc"
    out.write_bytes(data)
    script = ("import marshal,sys; f=open(sys.argv[1],'rb'); d=f.read(); "
              f"c=marshal.loads(d[{code.version.header_size}:]); "
              "import types; fn=types.FunctionType(c, {'len': len, 'str': str, 'range': range}); "
              "print(fn(20))")
    res = subprocess.run([exe, "-c", script, str(out)], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    import importlib.util

    spec = importlib.util.spec_from_file_location("_live_child", CHILD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert res.stdout.strip() == str(module.loops(20))


def _blocked_line() -> int:
    with open(CHILD) as fh:
        for i, line in enumerate(fh, 1):
            if "BLOCKED-LINE" in line:
                return i
    raise AssertionError("marker line missing from the child")


def _main_frames(target, info, live=True):
    """The child's main-thread frames, once it is blocked (it reports just before)."""
    deadline = time.monotonic() + (20 if live else 0)
    while True:
        try:
            stacks = {t.thread_id: t for t in target.stacks()}
        except ObjectChanged:
            # the child is still running towards blocked_here: its frames move
            if time.monotonic() > deadline:
                raise
            continue
        frames = stacks[info["main_thread"]].frames
        if any(f.name == "blocked_here" for f in frames) or time.monotonic() > deadline:
            return frames
        time.sleep(0.05)


def _check_stack(target, info, live=True):
    main = _main_frames(target, info, live)
    names = [f.name for f in main]
    assert "blocked_here" in names and names[-1] == "<module>", names
    frame = main[names.index("blocked_here")]
    assert frame.lineno == _blocked_line()
    assert frame.filename.endswith("child.py")


@pytest.mark.parametrize("version", ATTACH_VERSIONS)
def test_stack_of_blocked_child(version):
    exe = _exe(version)
    with child(exe) as info:
        with attach(info["pid"]) as target:
            _check_stack(target, info)


def test_stack_dis_marks_current_instruction(capsys):
    from bytescope.cli import main

    exe = _exe("3.12")
    with child(exe) as info:
        with attach(info["pid"]) as target:
            _main_frames(target, info)
        assert main(["attach", str(info["pid"]), "--stack", "dis"]) == 0
    out = capsys.readouterr().out
    block = out[out.index("blocked_here ("):]
    block = block[:block.index("\n    main (")]
    marked = [line for line in block.splitlines() if "-->" in line]
    assert len(marked) == 1 and "CALL" in marked[0]


@pytest.mark.parametrize("version", ATTACH_VERSIONS)
def test_core_file_of_child(version, tmp_path):
    exe = _exe(version)
    with child(exe) as info:
        with attach(info["pid"]) as live:
            _main_frames(live, info)
        core = gcore(info["pid"], str(tmp_path / "core"))
        if core is None:
            pytest.skip("gcore (from gdb) not available to dump a core")
    # The child is gone now: everything comes from the core (and the files it names).
    with open_core(core) as target:
        assert target.key == version
        assert target.pid == info["pid"]
        _check_target(target, info, version)
        _check_stack(target, info, live=False)


@pytest.mark.parametrize("version", ["2.7", "3.8", "3.12", "3.15"])
def test_kernel_core_of_aborting_child(version, tmp_path):
    exe = _exe(version)
    with child(exe, "--abort", cwd=str(tmp_path), preexec_fn=enable_core_dumps) as info:
        info["proc"].wait(timeout=60)
    core = kernel_core(str(tmp_path), info["pid"])
    if core is None:
        pytest.skip("the kernel wrote no core file here (core_pattern pipes to a crash "
                    "handler, or core dumps are disabled)")
    with open_core(core) as target:
        assert target.key == version
        _check_target(target, info, version)


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13", "3.14", "3.15"])
def test_attach_under_sys_monitoring(version):
    """With sys.monitoring/settrace active, INSTRUMENTED_* opcodes are resolved through
    the code's monitoring data: still equal to the child's own marshal, byte for byte."""
    exe = _exe(version)
    v = by_name(version)
    from bytescope.live.despec import opname

    instrumented = 0
    with child(exe, "--monitor") as info:
        with attach(info["pid"]) as target:
            for qualname, (addr, marshal_hex, _dis) in sorted(info["funcs"].items()):
                live = target.code_at(addr, adaptive=True).co_code
                plain = target.code_at(addr).co_code
                instrumented += sum(opname(version, op).startswith("INSTRUMENTED_") and base != 0
                                    for op, base in zip(live[0::2], plain[0::2]))
                want = loads(bytes.fromhex(marshal_hex), v)
                got = target.code_at(addr)
                assert got == want, f"{qualname} differs in {_diff(got, want)}"
                assert target.marshal_at(addr).hex() == marshal_hex, qualname
    if version != "3.11":  # 3.11 traces without rewriting instructions
        assert instrumented > 0


def test_core_with_exe_override_and_cli(tmp_path, capsys):
    import shutil

    from bytescope.cli import main

    exe = _exe("3.12")
    with child(exe) as info:
        core = gcore(info["pid"], str(tmp_path / "core"))
        if core is None:
            pytest.skip("gcore (from gdb) not available to dump a core")
        with attach(info["pid"]) as live:
            image = live.image.path
    copy = tmp_path / os.path.basename(image)
    shutil.copy(image, copy)
    with open_core(core, exe=str(copy)) as target:
        assert target.image.elf.path == str(copy)  # read from the file given, not the recorded one
        _check_target(target, info, "3.12", by_name_too=False)
    assert main(["attach", "--core", core, "__main__:Klass.method", "dis"]) == 0
    out = capsys.readouterr().out
    assert re.sub(r" at 0x[0-9a-f]+", " at 0x?", out) == info["funcs"]["Klass.method"][2]


@pytest.mark.parametrize("version", ["3.13", "3.14", "3.15"])
def test_attach_with_jit_executors(version):
    """Under the JIT / tier 2 (PYTHON_JIT=1), hot loops start with ENTER_EXECUTOR; the
    instruction it replaced is read from the executor: still equal to the child's marshal."""
    from bytescope.live.despec import opname

    exe = _exe(version)
    v = by_name(version)
    env = dict(os.environ, PYTHON_JIT="1")
    executors = 0
    with child(exe, env=env) as info:
        with attach(info["pid"]) as target:
            for qualname, (addr, marshal_hex, _dis) in sorted(info["funcs"].items()):
                live = target.code_at(addr, adaptive=True).co_code
                plain = target.code_at(addr).co_code
                # Count instructions only (a cache entry's counter may look like one).
                executors += sum(opname(version, op) == "ENTER_EXECUTOR" and base != 0
                                 for op, base in zip(live[0::2], plain[0::2]))
                want = loads(bytes.fromhex(marshal_hex), v)
                got = target.code_at(addr)
                assert got == want, f"{qualname} differs in {_diff(got, want)}"
                assert target.marshal_at(addr).hex() == marshal_hex, qualname
    if not executors:
        pytest.skip(f"this Python {version} build made no JIT executors (no tier 2)")
