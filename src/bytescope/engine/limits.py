"""Limits that stop a runaway program: ``--timeout`` (and the instruction budget, which
the slow loop counts itself).

A watchdog thread fires at the deadline.  It cannot interrupt the loop
safely at an arbitrary point, so it poisons every prepared code object: each
handler slot becomes :func:`stopped`, which raises the limit error the next
time any VM instruction runs, in any thread.  A program blocked in host code
(``time.sleep``) is woken by ``_thread.interrupt_main``.  Nothing is checked
on the fast path.
"""

from __future__ import annotations

import _thread
import threading
import weakref
from typing import Any, Optional

from .errors import LimitReached, TimeLimit

#: every VMCode made, to poison when a limit is reached
CODES: weakref.WeakSet[Any] = weakref.WeakSet()
_STOP: Optional[LimitReached] = None


def stopped(frame: Any, st: Any, oparg: Any, pc: int) -> int:
    """The handler of every instruction once a limit was reached."""
    assert _STOP is not None
    raise _STOP


def stop_reason() -> Optional[LimitReached]:
    """The limit that stopped the run, or None."""
    return _STOP


def poison(reason: LimitReached) -> None:
    """Make every VM instruction raise ``reason`` from now on."""
    global _STOP
    _STOP = reason
    for code in list(CODES):
        ops = code.ops
        ops[:] = [stopped] * len(ops)
        if code.ops_a is not None:
            code.ops_a[:] = [stopped] * len(code.ops_a)


def _wake_main() -> None:
    """Interrupt the main thread, even inside a blocking host call (``time.sleep``)."""
    import signal

    kill = getattr(signal, "pthread_kill", None)
    if kill is not None and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        try:
            kill(threading.main_thread().ident, signal.SIGINT)
            return
        except (OSError, ValueError):
            pass
    _thread.interrupt_main()


def reset() -> None:
    """Forget a previous stop (a new run)."""
    global _STOP
    _STOP = None


class Watchdog:
    """Stops the program ``timeout`` seconds after :meth:`start`."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.timer: Optional[threading.Timer] = None
        self.fired = False

    def start(self) -> None:
        """Arm the watchdog."""
        self.timer = threading.Timer(self.timeout, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        unit = "second" if self.timeout == 1 else "seconds"
        poison(TimeLimit(f"stopped after {self.timeout:g} {unit} (--timeout)"))
        _wake_main()

    def cancel(self) -> None:
        """Disarm the watchdog (the run ended first)."""
        if self.timer is not None:
            self.timer.cancel()


def run_with_backstop(run: Any, timeout: float, grace: float = 3.0) -> int:
    """Call ``run()`` (returning an exit status) in a child process and stop it
    ``grace`` seconds after ``timeout`` if it is still running: a program stuck in
    host code that never returns to the VM (``sum(itertools.count())``) cannot be
    interrupted from inside.  Returns the exit status; prints the limit error
    when the child had to be killed.  Without ``os.fork`` it just calls ``run()``.
    """
    import os
    import sys
    import time

    if not hasattr(os, "fork"):
        return int(run())
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid == 0:  # the child: run, then leave without the parent's cleanup
        status = 1
        try:
            status = int(run())
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # reported by run() itself; anything else: a failure
            import traceback

            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(status)
    deadline = time.monotonic() + timeout + grace
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            if os.WIFEXITED(status):
                return os.WEXITSTATUS(status)
            return 128 + os.WTERMSIG(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            unit = "second" if timeout == 1 else "seconds"
            print(f"bytescope: error: stopped after {timeout:g} {unit} (--timeout); the "
                  "program was in host code that could not be interrupted", file=sys.stderr)
            return 1
        time.sleep(0.05)
