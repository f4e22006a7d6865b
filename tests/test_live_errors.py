"""Error behaviour of ``bytescope attach``: clear one-line errors, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from interpreters import find  # noqa: E402
from live.harness import SRC, child, ptrace_problem  # noqa: E402

from bytescope.cli import main  # noqa: E402
from bytescope.errors import LiveAccessError  # noqa: E402
from bytescope.live import attach  # noqa: E402
from bytescope.live.errors import NoSuchProcess, NotCPython, PermissionDenied  # noqa: E402

_PTRACE = ptrace_problem()
pytestmark = pytest.mark.skipif(_PTRACE is not None, reason=_PTRACE or "")


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_dead_pid():
    pid = _dead_pid()
    with pytest.raises(NoSuchProcess, match=str(pid)):
        attach(pid)


def test_dead_pid_cli(capsys):
    pid = _dead_pid()
    assert main(["attach", str(pid), "f"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bytescope: error: no such process") and err.count("\n") == 1


def test_not_python():
    proc = subprocess.Popen(["sleep", "30"])
    try:
        time.sleep(0.2)
        with pytest.raises(NotCPython, match="not a CPython process"):
            attach(proc.pid)
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root (to own the target) and setpriv (to drop to nobody)")
def test_unprivileged_reader_against_root_process():
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                            stdin=subprocess.PIPE)
    try:
        time.sleep(0.3)
        res = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-m", "bytescope", "attach", str(proc.pid), "--list"],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "PYTHONPATH": SRC}, cwd="/")
    finally:
        proc.kill()
        proc.wait()
    assert res.returncode == 1, res.stderr
    assert "permission denied" in res.stderr
    assert "uid 0" in res.stderr  # says why: not the same user
    assert "Traceback" not in res.stderr


def test_permission_denied_is_a_live_error():
    assert issubclass(PermissionDenied, LiveAccessError)


def test_child_exits_during_reads():
    exe = find("3.12") or sys.executable
    with child(exe) as info:
        target = attach(info["pid"])
        addr = info["funcs"]["loops"][0]
        target.code_at(addr)
        info["proc"].kill()
        info["proc"].wait()
        with pytest.raises(LiveAccessError):
            for _ in range(100):
                target.code_at(addr)
                target.functions()
        target.close()


def test_child_exiting_while_scanning():
    exe = find("3.12") or sys.executable
    with child(exe) as info:
        target = attach(info["pid"])
        proc = info["proc"]
        # The child exits on its own (stdin closed) while we keep scanning its heap.
        proc.stdin.close()
        deadline = time.monotonic() + 30
        with pytest.raises(LiveAccessError):
            while time.monotonic() < deadline:
                target.functions()
                target.find("loops")
        target.close()


def test_cli_bad_target_address(capsys):
    exe = find("3.12") or sys.executable
    with child(exe) as info:
        assert main(["attach", str(info["pid"]), "0x10"]) == 1
        assert "not mapped" in capsys.readouterr().err
        assert main(["attach", str(info["pid"]), "no_such_function_q"]) == 1
        assert "no function or code object named" in capsys.readouterr().err
