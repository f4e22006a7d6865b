"""Helpers for the live-attach tests: start target children, check ptrace, gcore."""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import time
from typing import Any, Dict, Iterator, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
CHILD = os.path.join(HERE, "child.py")
SRC = os.path.normpath(os.path.join(HERE, "..", "..", "src"))


def read_line(proc: subprocess.Popen, timeout: float) -> str:  # type: ignore[type-arg]
    """Return one line of ``proc``'s stdout, or raise TimeoutError after ``timeout`` s."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    buf = b""
    fd = proc.stdout.fileno()
    while not buf.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("child did not report in time")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError(f"child exited early (status {proc.wait()})")
            buf += chunk
    return buf.decode()


@contextlib.contextmanager
def child(exe: str, *extra: str, timeout: float = 120, **popen: Any) -> Iterator[Dict[str, Any]]:
    """Run the test child under ``exe``; yield its report (with ``proc``); always kill it."""
    proc = subprocess.Popen([exe, CHILD, *extra], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)
    try:
        info = json.loads(read_line(proc, timeout))
        info["proc"] = proc
        yield info
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream:
                stream.close()


def ptrace_problem() -> Optional[str]:
    """Return why this machine cannot read another process's memory, or None if it can."""
    if not sys.platform.startswith("linux"):
        return "attach is Linux-only"
    sys.path.insert(0, SRC)
    from bytescope.errors import LiveAccessError
    from bytescope.live.memory import ProcessMemory

    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                            stdin=subprocess.PIPE)
    try:
        time.sleep(0.2)
        mem = ProcessMemory(proc.pid)
        maps = [m for m in mem.mappings() if m.readable]
        mem.read(maps[0].start, 16)
        mem.close()
        return None
    except LiveAccessError as exc:
        return f"cannot read a child's memory here: {exc}"
    finally:
        proc.kill()
        proc.wait()


def enable_core_dumps() -> None:
    """``preexec_fn`` for a child: allow it to write a core file of any size."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def kernel_core(directory: str, pid: int, timeout: float = 30) -> Optional[str]:
    """Return the core file the kernel wrote for ``pid`` in ``directory``, or None.

    Only a plain ``core_pattern`` (a file name, not a pipe to a crash handler)
    writes there.
    """
    try:
        with open("/proc/sys/kernel/core_pattern") as fh:
            pattern = fh.read().strip()
    except OSError:
        return None
    if pattern.startswith("|") or "/" in pattern:
        return None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in os.listdir(directory):
            if name == "core" or name.startswith("core.") or str(pid) in name:
                path = os.path.join(directory, name)
                size = os.path.getsize(path)
                time.sleep(0.3)
                if os.path.getsize(path) == size and size > 0:
                    return path
        time.sleep(0.1)
    return None


def gcore(pid: int, out_prefix: str) -> Optional[str]:
    """Dump a core of ``pid`` with gdb's ``gcore``; return the core path or None if unavailable."""
    tool = shutil.which("gcore")
    if tool is None:
        return None
    res = subprocess.run([tool, "-o", out_prefix, str(pid)], capture_output=True, timeout=300)
    path = f"{out_prefix}.{pid}"
    return path if res.returncode == 0 and os.path.exists(path) else None
