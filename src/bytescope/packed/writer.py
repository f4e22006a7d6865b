"""The only place ``bytescope unpack`` writes files: inside one output folder, never outside.

:func:`safe_relpath` turns an archive's entry name into a relative POSIX path
or refuses it (NUL bytes, absolute paths, drive letters, UNC names, ``..``
components).  :class:`SafeWriter` then creates folders and files beneath its
root without following symbolic links (a folder prepared with a link to
elsewhere cannot redirect a write), streams each file in bounded pieces, keeps
a budget of bytes written in total, and never lets two entries of one run
write the same path (the later one gets a ``~N`` suffix, and says so).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from typing import Iterable, Optional

from .errors import UnpackError, UnsafeEntry

__all__ = ["SafeWriter", "safe_relpath"]

_DRIVE = re.compile(r"^[A-Za-z]:")
_MAX_COMPONENT = 255


def safe_relpath(name: str) -> str:
    """Return ``name`` as a safe relative POSIX path (``\\`` counts as a separator).

    Raises :class:`UnsafeEntry` naming the reason for a NUL byte, an absolute
    or UNC path, a drive letter, a ``..`` component, an empty name or a
    component longer than 255 bytes.
    """
    if "\x00" in name:
        raise UnsafeEntry(f"entry name {name!r} contains a NUL byte")
    text = name.replace("\\", "/")
    if text.startswith("/"):
        raise UnsafeEntry(f"entry name {name!r} is an absolute path")
    if _DRIVE.match(text):
        raise UnsafeEntry(f"entry name {name!r} starts with a drive letter")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise UnsafeEntry(f"entry name {name!r} climbs out of the output folder ('..')")
    if not parts:
        raise UnsafeEntry(f"entry name {name!r} names no file")
    for part in parts:
        if len(part.encode("utf-8", "surrogateescape")) > _MAX_COMPONENT:
            raise UnsafeEntry(f"entry name {name!r} has a component longer than 255 bytes")
    return "/".join(parts)


class SafeWriter:
    """Writes files under ``root`` only; see the module docstring.

    ``max_total`` bounds the bytes written by the whole run (an archive of
    many small bombs cannot fill the disk); ``dry_run`` computes the paths
    without touching the disk (used to resolve ``archive!member`` paths).
    """

    def __init__(self, root: str, *, max_total: int, dry_run: bool = False) -> None:
        self.root = os.path.abspath(root)
        self.max_total = max_total
        self.dry_run = dry_run
        self.total = 0
        self.used: dict[str, str] = {}  # case-folded relpath -> the entry that wrote it
        self.dirs: set[str] = set()
        self._made = False

    def _ensure_root(self) -> None:
        # Created on the first write, so a file that is not a packed application
        # leaves no empty output folder behind.
        if not self._made:
            try:
                os.makedirs(self.root, exist_ok=True)
            except OSError as exc:
                raise UnpackError(f"cannot create {self.root!r}: {exc.strerror or exc}") from None
            if not os.path.isdir(self.root):
                raise UnsafeEntry(f"output {self.root!r} is not a folder")
            self._made = True

    def claim(self, relpath: str, owner: str) -> tuple[str, Optional[str]]:
        """Reserve ``relpath`` for ``owner``; return the path to use and a note if renamed.

        A path already written in this run (or a prefix of it used as a file,
        or a file under a path used as a folder) gets a ``~2``, ``~3``... suffix.
        """
        path = relpath
        n = 1
        while self._taken(path):
            n += 1
            stem, dot, ext = relpath.rpartition(".")
            path = f"{stem}~{n}.{ext}" if dot and "/" not in ext else f"{relpath}~{n}"
        self.used[path.casefold()] = owner
        parts = path.split("/")
        for i in range(1, len(parts)):
            self.dirs.add("/".join(parts[:i]).casefold())
        note = None if path == relpath else (
            f"written as {path}: {relpath} was already written by {self.used[relpath.casefold()]}"
            if relpath.casefold() in self.used else f"written as {path}: {relpath} clashes")
        return path, note

    def _taken(self, path: str) -> bool:
        key = path.casefold()
        if key in self.used or key in self.dirs:
            return True
        parts = key.split("/")
        return any("/".join(parts[:i]) in self.used for i in range(1, len(parts)))

    def mkdir(self, relpath: str) -> None:
        """Create folder ``relpath`` (and its parents) under the root, refusing links."""
        if self.dry_run:
            return
        self._ensure_root()
        current = self.root
        for part in relpath.split("/"):
            current = os.path.join(current, part)
            try:
                st = os.lstat(current)
            except FileNotFoundError:
                os.mkdir(current)
                continue
            if not stat.S_ISDIR(st.st_mode):
                raise UnsafeEntry(
                    f"{current!r} exists and is not a folder (a link or a file): not followed"
                )

    def write(self, relpath: str, pieces: Iterable[bytes], *, mode: int = 0o644) -> int:
        """Write the bytes of ``pieces`` to ``relpath``; return the byte count.

        Raises :class:`UnsafeEntry` when a path component is a link or the
        target exists as a link or folder, and :class:`UnpackError` when the
        run's byte budget is exhausted (the partial file is removed).
        """
        folder, _, leaf = relpath.rpartition("/")
        if folder:
            self.mkdir(folder)
        target = os.path.join(self.root, *relpath.split("/"))
        if self.dry_run:
            return sum(len(p) for p in pieces)
        self._ensure_root()
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(target, flags, mode)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EISDIR, errno.EMLINK):
                raise UnsafeEntry(f"{target!r} is a link or a folder: not overwritten") from None
            raise UnpackError(f"cannot write {target!r}: {exc.strerror or exc}") from None
        written = 0
        try:
            with os.fdopen(fd, "wb") as fh:
                for piece in pieces:
                    written += len(piece)
                    if self.total + written > self.max_total:
                        raise UnpackError(
                            f"output budget of {self.max_total} bytes exhausted while writing "
                            f"{relpath} (raise --max-output to allow more)"
                        )
                    fh.write(piece)
        except BaseException:
            try:
                os.unlink(target)
            except OSError:
                pass
            raise
        self.total += written
        return written
