"""The unit of work between a format reader and the writer: one :class:`Item` per entry.

Format readers (PyInstaller, zips, py2exe) never write: they yield items that
say what an entry is (its manifest :class:`~.manifest.Entry`), where it wants
to go, and how to produce its bytes.  The driver gives them to the
:class:`~.writer.SafeWriter`, or -- to resolve ``app.exe!pkg/mod.pyc`` -- to a
dry run that only computes paths and produces the one member asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from .manifest import Entry

__all__ = ["Item", "module_path"]


@dataclass
class Item:
    """One entry to record and, unless ``produce`` is None, to write.

    ``path`` is the wished-for relative path (not yet checked: the writer
    refuses unsafe ones); ``directory`` makes a folder instead of a file
    (namespace packages).  ``produce`` returns the file's bytes in pieces; it
    may raise a :class:`~bytescope.errors.BytescopeError`, which becomes the
    entry's error.
    """

    entry: Entry
    path: Optional[str] = None
    produce: Optional[Callable[[], Iterable[bytes]]] = None
    directory: bool = False


def module_path(name: str, *, package: bool, suffix: str = ".pyc") -> str:
    """Return the path of module ``name``: ``a/b.pyc``, or ``a/b/__init__.pyc`` for packages."""
    base = name.replace(".", "/")
    return f"{base}/__init__{suffix}" if package else base + suffix
