"""The driver: sniff a file's format, plan its entries, write them safely, build the manifest.

:func:`unpack` is ``bytescope.unpack(...)``; :func:`read_member` resolves an
``archive!member`` path (``app.exe!sampleapp/core.pyc``) to the bytes the
member would be written with, without writing anything: the same plan runs
in a dry run, so the member names are exactly the paths ``unpack`` writes.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Iterator, Optional, Union

from .. import versions
from ..errors import BytescopeError
from ..versions import VersionInfo
from . import others, py2exe, pyinstaller
from .cookie import find_cookie
from .errors import NotPacked, UnpackError
from .limits import Limits
from .manifest import Entry, Manifest
from .plan import Item
from .pyz import PYZ_MAGIC, open_pyz, pyz_items
from .source import Source
from .writer import SafeWriter, safe_relpath
from .zips import is_zip, name_zip, zip_items

__all__ = ["MEMBER_SEP", "member_bytes", "read_member", "split_member", "unpack"]

MEMBER_SEP = "!"


def unpack(
    path: Union[str, os.PathLike[str]],
    output: Union[str, os.PathLike[str], None] = None,
    *,
    python_version: Union[str, VersionInfo, None] = None,
    limits: Optional[Limits] = None,
    max_memory: Optional[int] = None,
) -> Manifest:
    """Unpack the packed application ``path`` into the folder ``output``; return the manifest.

    ``output=None`` lists the entries without writing anything (the manifest
    then has no ``written`` paths).  ``python_version`` forces the target
    version (private magics); ``limits`` bounds sizes and ratios
    (:class:`~.limits.Limits`); ``max_memory`` is the marshal reader's budget.

    Raises :class:`~.errors.NotPacked` for files that are not a packed Python
    application (naming what they are and what to do instead), and
    :class:`~bytescope.errors.InputError` for unreadable paths.  Damaged or
    hostile *entries* do not raise: each is recorded with its error in the
    manifest (``manifest.lost``) and every good entry is still written.
    """
    limits = limits or Limits()
    forced = versions.by_name(python_version) if isinstance(python_version, str) else \
        python_version
    path = os.fspath(path)
    if os.path.isdir(path):
        path = _cx_freeze_executable(path) or path
    manifest = Manifest(path, "unknown")
    with _open(path) as src:
        writer = SafeWriter(os.fspath(output) if output is not None else ".",
                            max_total=limits.output_budget(src.size), dry_run=output is None)
        manifest.output = writer.root if output is not None else None
        for item in _plan(path, src, manifest, limits, forced, max_memory):
            _apply(writer, item, manifest)
    _warn_pyarmor(manifest)
    return manifest


def split_member(path: str) -> Optional[tuple[str, str]]:
    """Return ``(archive, member)`` for ``archive!member`` when the archive exists, else None.

    The split is at the first ``!`` whose left part is an existing file (so a
    ``!`` inside a folder or file name keeps working).
    """
    if MEMBER_SEP not in path or os.path.exists(path):
        return None
    idx = path.find(MEMBER_SEP)
    while idx >= 0:
        archive, member = path[:idx], path[idx + 1 :]
        if archive and os.path.isfile(archive) and member:
            return archive, member
        idx = path.find(MEMBER_SEP, idx + 1)
    return None


def read_member(archive: str, member: str, *,
                python_version: Union[str, VersionInfo, None] = None,
                limits: Optional[Limits] = None) -> bytes:
    """Return the bytes ``unpack`` would write for ``member`` of ``archive``.

    ``member`` is a path as written under the output folder
    (``sampleapp/core.pyc``).  Raises :class:`UnpackError` when there is no
    such member (listing a few that exist) or when that member is damaged.
    """
    limits = limits or Limits()
    forced = versions.by_name(python_version) if isinstance(python_version, str) else \
        python_version
    wanted = safe_relpath(member)
    manifest = Manifest(archive, "unknown")
    seen: list[str] = []
    with _open(archive) as src:
        writer = SafeWriter(".", max_total=limits.output_budget(src.size), dry_run=True)
        for item in _plan(archive, src, manifest, limits, forced, None):
            if item.path is None or item.produce is None or item.entry.error:
                continue
            try:
                rel, _ = writer.claim(safe_relpath(item.path), item.entry.name)
            except BytescopeError:
                continue
            if rel == wanted:
                try:
                    return b"".join(item.produce())
                except BytescopeError as exc:
                    raise UnpackError(f"{archive}{MEMBER_SEP}{member}: {exc}") from None
            if len(seen) < 8 and rel.endswith((".pyc", ".pyo")):
                seen.append(rel)
    hint = f" (members include {', '.join(seen)})" if seen else ""
    raise UnpackError(f"{archive}: no member {member!r}{hint}")


def member_bytes(path: str, python_version: Union[str, VersionInfo, None] = None
                 ) -> Optional[bytes]:
    """Return the bytes of ``ARCHIVE!MEMBER`` as :func:`unpack` writes them, or None.

    None when ``path`` is not of that shape (an existing file, or no existing
    archive before a ``!``).  The member is the path ``unpack`` gives it
    (``app.exe!sampleapp/core.pyc``).  This is the one place the commands
    (``scan``, ``dis``, ``info``, ``dump``) resolve such paths.  Raises
    :class:`UnpackError` when there is no such member or it is damaged.
    """
    if MEMBER_SEP not in path:
        return None
    parts = split_member(path)
    if parts is None:
        return None
    return read_member(parts[0], parts[1], python_version=python_version)


class _open:
    """Open ``path`` as a :class:`Source`, turning OS errors into InputError."""

    def __init__(self, path: str) -> None:
        from ..errors import InputError

        if os.path.isdir(path):
            raise InputError(f"{path}: is a folder; give the packed executable or archive "
                             "(for a cx_Freeze build, its executable)")
        try:
            self.src = Source.open(path)
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None

    def __enter__(self) -> Source:
        return self.src

    def __exit__(self, *exc: object) -> None:
        self.src.close()


def _plan(path: str, src: Source, manifest: Manifest, limits: Limits,
          forced: Optional[VersionInfo], max_memory: Optional[int]) -> Iterator[Item]:
    head = src.read(0, min(src.size, 4096), "header")
    if not head:
        raise NotPacked(f"{path}: empty file, not a packed Python application", kind="empty")
    cookie = find_cookie(src)
    if cookie is not None:
        yield from pyinstaller.plan(src, cookie, manifest, limits, python_version=forced,
                                    max_memory=max_memory)
        return
    if head.startswith(b"MZ"):
        script = py2exe.find_script(src)
        if script is not None:
            yield from py2exe.plan(src, script, manifest, limits, python_version=forced,
                                   max_memory=max_memory, path=path)
            return
    if head.startswith(PYZ_MAGIC):
        pyz = open_pyz(src, os.path.basename(path), python_version=forced,
                       max_memory=max_memory)
        manifest.format, manifest.packer = "PyInstaller PYZ", "PyInstaller"
        manifest.python, manifest.magic = pyz.version.key, pyz.version.magic
        manifest.python_source = "the PYZ's magic number"
        yield from pyz_items(pyz, limits, max_memory=max_memory)
        return
    fh = src.file()
    if is_zip(fh):
        yield from _zip_plan(path, src, fh, head, manifest, limits, max_memory)
        return
    cx = _cx_freeze_library(path, head)
    if cx is not None:
        with open(cx, "rb") as zfh:
            manifest.packer = "cx_Freeze"
            manifest.format = "cx_Freeze executable"
            manifest.details["library"] = cx
            yield from zip_items(zfh, os.fstat(zfh.fileno()).st_size, manifest, limits,
                                 container=os.path.relpath(cx, os.path.dirname(path)),
                                 max_memory=max_memory)
            yield from _cx_freeze_lib_dir(os.path.dirname(cx), manifest)
        return
    _refuse(path, src, head)


def _zip_plan(path: str, src: Source, fh: BinaryIO, head: bytes, manifest: Manifest,
              limits: Limits, max_memory: Optional[int]) -> Iterator[Item]:
    import zipfile

    with zipfile.ZipFile(fh) as zf:
        names = zf.namelist()
    manifest.format, manifest.packer = name_zip(names, head, path)
    if head[:2] == b"#!":
        manifest.details["shebang"] = head.split(b"\n", 1)[0][2:].decode("utf-8", "replace")
    yield from zip_items(fh, src.size, manifest, limits, container=manifest.format,
                         max_memory=max_memory)


def _cx_freeze_library(path: str, head: bytes) -> Optional[str]:
    if others.executable_kind(head) is None:
        return None
    lib = os.path.join(os.path.dirname(os.path.abspath(path)), "lib", "library.zip")
    return lib if os.path.isfile(lib) else None


def _cx_freeze_executable(folder: str) -> Optional[str]:
    """The executable of a cx_Freeze build folder (one with ``lib/library.zip``), or None."""
    if not os.path.isfile(os.path.join(folder, "lib", "library.zip")):
        return None
    for name in sorted(os.listdir(folder)):
        full = os.path.join(folder, name)
        if os.path.isfile(full):
            with open(full, "rb") as fh:
                if others.executable_kind(fh.read(4)):
                    return full
    return None


def _cx_freeze_lib_dir(lib: str, manifest: Manifest) -> Iterator[Item]:
    """The pycs cx_Freeze put beside library.zip (packages kept as folders)."""
    for root, dirs, files in os.walk(lib):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith((".pyc", ".pyo")):
                continue
            full = os.path.join(root, name)
            rel = os.path.relpath(full, lib).replace(os.sep, "/")
            entry = Entry(rel, "pyc", "lib/", size=os.path.getsize(full))
            yield Item(entry, rel, _file_reader(full, entry, manifest))


def _file_reader(full: str, entry: Entry, manifest: Manifest):  # type: ignore[no-untyped-def]
    def produce() -> list[bytes]:
        from .pycs import check_pyc

        with open(full, "rb") as fh:
            data = fh.read()
        try:
            entry.python = check_pyc(data, entry.name).key
        except BytescopeError as exc:
            entry.note = f"copied as is, but it does not read as a pyc: {exc}"
        return [data]

    return produce


def _refuse(path: str, src: Source, head: bytes) -> None:
    kind = others.executable_kind(head)
    nuitka = others.find_marker(src, others.NUITKA) if kind else None
    if nuitka is not None:
        raise NotPacked(
            f"{path}: a Nuitka-compiled program (marker {nuitka[:40]!r}): Nuitka translates "
            "Python to C and compiles it, so there is no bytecode to extract. Analyse it as "
            "native code (a disassembler), or run it and inspect the live process",
            kind="nuitka")
    armor = others.find_marker(src, others.PYARMOR)
    if armor is not None:
        raise NotPacked(
            f"{path}: PyArmor-protected code (marker {armor!r}): its code objects are "
            "encrypted and only PyArmor's native runtime decrypts them, while the program "
            "runs. Run it and read the decrypted code from the live process "
            "(bytescope attach PID TARGET), or use a PyArmor-specific tool",
            kind="pyarmor")
    if len(head) >= 4:
        try:
            versions.by_magic(head)
            raise NotPacked(f"{path}: a single pyc, not a packed application: read it with "
                            "'bytescope dis' or 'bytescope info'", kind="pyc")
        except NotPacked:
            raise
        except BytescopeError:
            pass
    what = kind or "a file of no known packed format"
    raise NotPacked(
        f"{path}: not a packed Python application ({what}): no PyInstaller archive, zip of "
        "pycs, py2exe resource or cx_Freeze library was found", kind="not-python")


def _apply(writer: SafeWriter, item: Item, manifest: Manifest) -> None:
    entry = item.entry
    manifest.entries.append(entry)
    if entry.error or item.path is None or (item.produce is None and not item.directory):
        return
    try:
        rel = safe_relpath(item.path)
        if item.directory:
            writer.mkdir(rel)
            entry.written = rel + "/" if not writer.dry_run else None
            return
        assert item.produce is not None
        rel, note = writer.claim(rel, entry.name)
        if note:
            entry.note = f"{entry.note}; {note}" if entry.note else note
        if writer.dry_run and entry.kind in _STREAMED:
            return  # a listing does not read binaries and data files
        writer.write(rel, item.produce())
        entry.written = rel if not writer.dry_run else None
    except BytescopeError as exc:
        entry.error = str(exc)
    except OSError as exc:
        entry.error = f"cannot write: {exc.strerror or exc}"


#: Kinds whose bytes a listing (``output=None``) does not read: they can be large and say
#: nothing about the code (code entries are read, so the listing checks them).
_STREAMED = frozenset({"binary", "data", "zipfile", "splash", "unknown", "archive"})


def _warn_pyarmor(manifest: Manifest) -> None:
    hits = [e.name for e in manifest.entries if others.PYARMOR_MODULES.match(e.name)]
    if hits:
        manifest.warnings.append(
            f"PyArmor-protected: {', '.join(hits[:3])} is PyArmor's runtime; the modules it "
            "protects were extracted as wrappers whose real code is encrypted. Read the "
            "decrypted code from the running program with 'bytescope attach'")
