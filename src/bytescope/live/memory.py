"""Memory sources: one narrow interface over a live process or a core file.

A source offers ``read(addr, n) -> bytes`` (exactly ``n`` bytes or an error),
``mappings()`` and ``pid``.  :class:`ProcessMemory` reads a running process with
``process_vm_readv`` (through ctypes) and falls back to ``/proc/PID/mem`` where
that system call is unavailable or filtered; it never writes to the target.
"""

from __future__ import annotations

import array
import ctypes
import errno
import os
import struct
from typing import Any, Callable, List, Optional

from .errors import BadPointer, LiveAccessError, NoSuchProcess, PermissionDenied, TargetExited
from .maps import Mapping, parse_maps

#: No single read may ask for more than this (a corrupted length must not allocate GBs).
MAX_READ = 256 * 1024 * 1024

_Q = struct.Struct("<Q")


class MemorySource:
    """Base class: address-space reads plus the list of mappings."""

    pid: Optional[int] = None

    def read(self, addr: int, n: int) -> bytes:
        """Return exactly ``n`` bytes at ``addr``.

        Raises :class:`BadPointer` when the range is not readable and
        :class:`LiveAccessError` subclasses for other failures.
        """
        raise NotImplementedError

    def try_read(self, addr: int, n: int) -> Optional[bytes]:
        """Return up to ``n`` bytes at ``addr`` (fewer at the end of a mapping), or None."""
        try:
            return self.read(addr, n)
        except BadPointer:
            return None

    def mappings(self) -> List[Mapping]:
        """Return the target's mappings, lowest address first."""
        raise NotImplementedError

    def gather(self, addrs: List[int], n: int) -> bytes:
        """Return ``n`` bytes from each address, concatenated (zeros where unreadable)."""
        return b"".join(self.try_read(a, n) or bytes(n) for a in addrs)

    def read_into(self, addr: int, buf: bytearray) -> None:
        """Fill ``buf`` with the bytes at ``addr`` (for scans: no new allocation per chunk).

        Raises like :meth:`read`.
        """
        buf[:] = self.read(addr, len(buf))

    def word(self, addr: int) -> int:
        """Return the unsigned 64-bit little-endian word at ``addr``."""
        return _Q.unpack(self.read(addr, 8))[0]

    def close(self) -> None:
        """Release files held open (a no-op where nothing is held)."""


def check_size(addr: int, n: int) -> None:
    """Raise :class:`BadPointer` for a negative, null or oversized read request."""
    if n < 0 or n > MAX_READ:
        raise BadPointer(f"refusing a read of {n} bytes", offset=addr,
                         expected=f"at most {MAX_READ} bytes")
    if addr <= 0 or addr + n > 1 << 64:
        raise BadPointer(f"invalid address 0x{addr:x}", offset=max(addr, 0),
                         expected="a user-space address")


_LAST_ADDRESS = 1 << 64


class _IOVec(ctypes.Structure):
    _fields_ = [("iov_base", ctypes.c_void_p), ("iov_len", ctypes.c_size_t)]


#: process_vm_readv from libc, once looked up (False: not available).
_libc: Any = None


def _vm_readv() -> Optional[Callable[..., int]]:
    global _libc
    if _libc is None:
        try:
            lib = ctypes.CDLL(None, use_errno=True)
            fn = lib.process_vm_readv
        except (OSError, AttributeError):
            _libc = False
            return None
        fn.restype = ctypes.c_ssize_t
        fn.argtypes = [ctypes.c_int, ctypes.POINTER(_IOVec), ctypes.c_ulong,
                       ctypes.POINTER(_IOVec), ctypes.c_ulong, ctypes.c_ulong]
        _libc = fn
    return _libc or None


def process_exists(pid: int) -> bool:
    """Return True when a process ``pid`` exists (zombie or not)."""
    return os.path.exists(f"/proc/{pid}/stat")


def explain_permission(pid: int) -> str:
    """Return a sentence saying why reading process ``pid`` is probably refused."""
    reasons = []
    try:
        with open(f"/proc/{pid}/status") as fh:
            status = fh.read()
        uid = int(status.split("Uid:")[1].split()[1])
    except (OSError, IndexError, ValueError):
        uid = None
    me = os.geteuid()
    try:
        with open("/proc/self/status") as fh:
            mine = fh.read()
        cap_eff = int(mine.split("CapEff:")[1].split()[0], 16)
        seccomp = int(mine.split("Seccomp:")[1].split()[0]) if "Seccomp:" in mine else 0
    except (OSError, IndexError, ValueError):
        cap_eff, seccomp = 0, 0
    has_cap = bool(cap_eff & (1 << 19))  # CAP_SYS_PTRACE
    if uid is not None and uid != me and not has_cap:
        reasons.append(f"the target runs as uid {uid}, we run as uid {me} "
                       "without CAP_SYS_PTRACE")
    try:
        with open("/proc/sys/kernel/yama/ptrace_scope") as fh:
            scope = int(fh.read().strip())
    except (OSError, ValueError):
        scope = None
    if scope and not has_cap:
        reasons.append(f"kernel.yama.ptrace_scope is {scope} (only a parent may read its "
                       "children; run as root or set it to 0)")
    if seccomp and not reasons:
        reasons.append("a seccomp filter (container runtime) may block process_vm_readv; "
                       "run the container with --cap-add SYS_PTRACE")
    if not reasons:
        reasons.append("missing CAP_SYS_PTRACE or a security module refused access")
    return "; ".join(reasons)


class ProcessMemory(MemorySource):
    """The address space of a running process, read without stopping it."""

    pid: int

    def __init__(self, pid: int) -> None:
        self.pid = int(pid)
        if self.pid <= 0 or not process_exists(self.pid):
            raise NoSuchProcess(f"no such process: {pid}")
        self._fn = _vm_readv()
        self._mem: Optional[int] = None  # fd of /proc/PID/mem, opened on fallback
        self._maps: Optional[List[Mapping]] = None
        self.method = "process_vm_readv" if self._fn else "/proc/PID/mem"
        # Probe once so that permission problems show at attach time.
        self.mappings()

    # -- reading ----------------------------------------------------------

    def read(self, addr: int, n: int) -> bytes:
        """Return exactly ``n`` bytes at ``addr`` of the target (see :class:`MemorySource`)."""
        check_size(addr, n)
        if n == 0:
            return b""
        if self._fn is not None:
            buf = ctypes.create_string_buffer(n)
            local = _IOVec(ctypes.cast(buf, ctypes.c_void_p), n)
            remote = _IOVec(addr, n)
            got = self._fn(self.pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
            if got == n:
                return buf.raw
            err = ctypes.get_errno() if got < 0 else 0
            if got >= 0 or err == errno.EFAULT:
                raise BadPointer(f"cannot read {n} bytes at 0x{addr:x}: not mapped",
                                 offset=addr)
            if err in (errno.ENOSYS, errno.EPERM) and self._open_mem(quiet=True):
                self._fn = None
                self.method = "/proc/PID/mem"
            else:
                self._raise_errno(err)
        return self._read_mem(addr, n)

    def read_into(self, addr: int, buf: bytearray) -> None:
        """Fill ``buf`` with the bytes at ``addr`` with one system call (see MemorySource)."""
        n = len(buf)
        check_size(addr, n)
        if self._fn is None or n == 0:
            buf[:] = self.read(addr, n)
            return
        local = _IOVec(ctypes.addressof((ctypes.c_char * n).from_buffer(buf)), n)
        remote = _IOVec(addr, n)
        got = self._fn(self.pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
        if got != n:
            buf[:] = self.read(addr, n)  # the slow path raises the right error

    def gather(self, addrs: List[int], n: int) -> bytes:
        """Return ``n`` bytes from each address, concatenated, a few system calls in all.

        Unreadable ranges come back as zero bytes (see MemorySource.gather).
        """
        if self._fn is None or not addrs or n <= 0 or n > 4096:
            return MemorySource.gather(self, addrs, n)
        parts: List[bytes] = []
        batch = 1024
        buf = ctypes.create_string_buffer(n * batch)
        for i in range(0, len(addrs), batch):
            part = addrs[i:i + batch]
            k = len(part)
            if not all(0 < a <= _LAST_ADDRESS - n for a in part):
                # A garbage pointer (from a racing heap) does not fit an iovec:
                # read this batch one by one (try_read refuses bad addresses).
                parts.append(MemorySource.gather(self, part, n))
                continue
            remote = array.array("Q", [0]) * (2 * k)
            remote[0::2] = array.array("Q", part)
            remote[1::2] = array.array("Q", [n]) * k
            local = _IOVec(ctypes.addressof(buf), n * k)
            got = self._fn(self.pid, ctypes.byref(local), 1,
                           ctypes.cast(remote.buffer_info()[0], ctypes.POINTER(_IOVec)), k, 0)
            full = max(got, 0) // n
            parts.append(buf.raw[:full * n])
            # The kernel stops at the first unreadable range: do the rest one by one.
            for a in part[full:]:
                parts.append(self.try_read(a, n) or bytes(n))
        return b"".join(parts)

    def _open_mem(self, quiet: bool = False) -> bool:
        if self._mem is not None:
            return True
        try:
            self._mem = os.open(f"/proc/{self.pid}/mem", os.O_RDONLY)
        except OSError as exc:
            if quiet:
                return False
            self._raise_errno(exc.errno or 0)
        return True

    def _read_mem(self, addr: int, n: int) -> bytes:
        self._open_mem()
        assert self._mem is not None
        try:
            data = os.pread(self._mem, n, addr)
        except OSError as exc:
            if exc.errno in (errno.EIO, errno.EFAULT):
                raise BadPointer(f"cannot read {n} bytes at 0x{addr:x}: not mapped",
                                 offset=addr) from None
            self._raise_errno(exc.errno or 0)
        if len(data) != n:
            if not process_exists(self.pid):
                raise TargetExited(f"process {self.pid} exited during the read")
            raise BadPointer(f"cannot read {n} bytes at 0x{addr:x}: short read", offset=addr)
        return data

    def _raise_errno(self, err: int) -> None:
        if err == errno.ESRCH or not process_exists(self.pid):
            raise TargetExited(f"process {self.pid} exited during the read")
        if err in (errno.EPERM, errno.EACCES):
            raise PermissionDenied(f"permission denied reading process {self.pid}: "
                                   f"{explain_permission(self.pid)}")
        raise LiveAccessError(f"reading process {self.pid} failed: {os.strerror(err)}")

    # -- mappings -----------------------------------------------------------

    def mappings(self) -> List[Mapping]:
        """Return the process's mappings from ``/proc/PID/maps`` (cached)."""
        if self._maps is None:
            try:
                with open(f"/proc/{self.pid}/maps") as fh:
                    text = fh.read()
            except FileNotFoundError:
                raise NoSuchProcess(f"no such process: {self.pid}") from None
            except PermissionError:
                raise PermissionDenied(f"permission denied reading /proc/{self.pid}/maps: "
                                       f"{explain_permission(self.pid)}") from None
            except OSError as exc:
                raise LiveAccessError(f"cannot read /proc/{self.pid}/maps: {exc}") from None
            if not text and not process_exists(self.pid):
                raise TargetExited(f"process {self.pid} exited")
            if not text:
                raise NoSuchProcess(f"process {self.pid} has no memory (a zombie or a "
                                    "kernel thread)")
            self._maps = parse_maps(text)
        return self._maps

    def refresh(self) -> None:
        """Forget the cached mappings (the target may have mapped more since)."""
        self._maps = None

    def open_file(self, path: str) -> str:
        """Return a path under which this process's mapped file ``path`` can be opened.

        Prefers ``/proc/PID/root/...`` so that files inside a container resolve.
        """
        root = f"/proc/{self.pid}/root{path}"
        return root if os.path.exists(root) else path

    def close(self) -> None:
        """Close ``/proc/PID/mem`` if it was opened."""
        if self._mem is not None:
            os.close(self._mem)
            self._mem = None
