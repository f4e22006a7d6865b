"""``bytescope step`` driven in a real terminal (a pseudo-terminal), its screens checked.

The stepper runs as a child process whose standard streams are a pty; the test
types commands and reads what the terminal shows up to each ``(step)`` prompt:
the stop location, stepping by instruction and by line, breakpoints on a
function, a line and an offset, the value stack, locals, the call stack, the
disassembly with the ``-->`` marker, and an expression evaluated in the frame.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = """\
def area(w, h):
    size = w * h
    return size
total = 0
for n in range(2):
    total += area(n, 3)
print("total", total)
"""
PROMPT = b"(step) "


class Terminal:
    """A child process on a pseudo-terminal: type lines, read screens."""

    def __init__(self, argv: list[str], cwd: str) -> None:
        master, slave = pty.openpty()
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TERM="dumb")
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd,
                                     env=env, close_fds=True)
        os.close(slave)
        self.master = master

    def read_until(self, marker: bytes, timeout: float = 60) -> str:
        """Return what the terminal shows up to and including ``marker``."""
        data = b""
        deadline = time.monotonic() + timeout
        while not data.endswith(marker):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {marker!r} on the screen; it shows:\n{data.decode()}")
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8", "replace").replace("\r\n", "\n")

    def command(self, text: str) -> str:
        """Type ``text`` and return the screen up to the next prompt (without the echo)."""
        os.write(self.master, text.encode() + b"\n")
        screen = self.read_until(PROMPT)
        first, _, rest = screen.partition("\n")
        return rest if first.strip() == text else screen

    def finish(self, text: str) -> str:
        os.write(self.master, text.encode() + b"\n")
        screen = self.read_until(b"status 0\n")
        self.proc.wait(timeout=60)
        os.close(self.master)
        return screen


@pytest.fixture
def term(tmp_path: Path) -> Terminal:
    src = tmp_path / "prog.py"
    src.write_text(PROGRAM)
    t = Terminal([sys.executable, "-m", "bytescope", "step", "prog.py"], str(tmp_path))
    yield t
    if t.proc.poll() is None:
        t.proc.kill()
        t.proc.wait()


def test_step_session(term: Terminal) -> None:
    first = term.read_until(PROMPT)
    assert "prog.py:" in first and "in <module> @0:" in first and "RESUME" in first
    screen = term.command("s")
    assert "@2:" in screen
    assert "LOAD_CONST" in screen or "NOP" in screen
    screen = term.command("l")  # to the next line
    assert "prog.py:5 in <module>" in screen or "prog.py:4 in <module>" in screen
    assert "breakpoint 1: function area" in term.command("b area")
    screen = term.command("c")
    assert "in area @0:" in screen
    screen = term.command("n")
    screen = term.command("n")
    assert "prog.py:3 in area" in screen
    stack = term.command("stack")
    assert "(empty stack)" in stack or "[-1]" in stack
    loc = term.command("locals")
    assert "w = 0" in loc and "h = 3" in loc and "size = 0" in loc
    bt = term.command("bt")
    lines = [ln for ln in bt.splitlines() if "prog.py" in ln]
    assert "in <module>" in lines[0] and lines[-1].startswith("->") and "in area" in lines[-1]
    dis = term.command("dis")
    assert "-->" in dis and "RETURN_VALUE" in dis
    assert "9" in term.command("p (w + 3) * h")
    assert "breakpoint 2: line 7" in term.command("b 7")
    screen = term.command("delete 1")
    screen = term.command("c")
    assert "prog.py:7 in <module>" in screen
    assert "total = 3" in term.command("locals")
    end = term.finish("c")
    assert "total 3" in end and "program exited with status 0" in end


def test_step_offset_breakpoint_and_quit(term: Terminal) -> None:
    term.read_until(PROMPT)
    term.command("b area")
    term.command("c")
    screen = term.command("dis")
    offsets = [int(part) for ln in screen.splitlines()
               for part in ln.split()[:3] if part.isdigit() and "RETURN_VALUE" in ln]
    assert offsets, screen
    term.command("delete 1")
    assert "breakpoint" in term.command(f"b @{offsets[-1]}")
    screen = term.command("c")
    assert f"@{offsets[-1]}: RETURN_VALUE" in screen
    os.write(term.master, b"q\n")
    rest = term.read_until(b"stopped\n")
    assert "stopped" in rest
    assert term.proc.wait(timeout=60) == 1
