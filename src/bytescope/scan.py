"""Scan whole trees of pycs: directories, zip files and wheels, in parallel.

:class:`Scanner` walks its paths, finds the pycs (files and archive members
named ``.pyc``/``.pyo``, or whose first four bytes are a known magic number),
reads every one fully and yields one :class:`ScanRecord` per pyc, in a
deterministic order (paths sorted, archive members in archive order).  Bad
files never stop a scan: their record carries the error and its offset.

Work is cut into chunks (a few dozen files, a few MB) that ``jobs`` worker
processes read; the parent only lists directories and archive directories,
so the parallel speed-up is real.  With ``jobs=1`` everything runs in the
calling process.

Instruction counts come from the disassembler when it is part of this build
(see :func:`instruction_counter`); until then ``instructions`` is ``None``
and ``code_bytes`` (the total ``co_code`` length) stands in.
"""

from __future__ import annotations

import collections
import os
import zipfile
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Deque, Iterable, Iterator, Optional, Sequence, Union

from . import versions
from .errors import BadMagic, BytescopeError, InputError
from .pyc import Pyc, loads
from .versions import VersionInfo

__all__ = [
    "ARCHIVE_SUFFIXES",
    "PYC_SUFFIXES",
    "ScanRecord",
    "Scanner",
    "Summary",
    "instruction_counter",
    "looks_like_pyc",
    "scan",
    "scan_bytes",
]

#: File names always treated as pycs (anything else must start with a known magic).
PYC_SUFFIXES: tuple[str, ...] = (".pyc", ".pyo")
#: File names opened as zip archives when met in a directory walk.
ARCHIVE_SUFFIXES: tuple[str, ...] = (".zip", ".whl", ".egg", ".pyz")
#: Members or files larger than this are reported as errors, not read.
DEFAULT_MAX_SIZE = 512 * 1024 * 1024
#: Separator between an archive's path and a member's name in record paths.
MEMBER_SEP = "!"

_CHUNK_FILES = 48
_CHUNK_BYTES = 4 * 1024 * 1024


@dataclass
class ScanRecord:
    """What a scan found in one pyc.

    ``path`` is the file path, or ``archive!member`` for an archive member.
    ``ok`` is False when ``error`` is set (a dict with ``type``, ``message``,
    ``offset`` and ``expected``).  ``version`` is the release line key
    (``"3.11"``) the pyc was read as, or ``None`` when the magic number was
    not recognised; ``magic`` the file's own magic number (with a forced
    version it may name another version, or none); ``releases`` the releases
    that wrote the magic of the version read as (``"2.7a0 … 2.7.18"``) and
    ``first_release`` the first of them; ``forced`` tells that the version
    was given (``python_version``), not read from the magic; ``path_error``
    marks a path given to the scan that cannot be read at all (missing, or
    no directory, zip or pyc): no pyc, and no part of the summary;
    ``header`` the parsed header fields; ``code_objects`` the number of code
    objects (top level included); ``instructions`` the instruction count, or
    ``None`` when no disassembler is available; ``code_bytes`` the summed
    length of every ``co_code``; ``trailing`` the bytes after the marshalled
    object.  Counts cover what was read before an error (usually 0).
    """

    path: str
    size: int
    ok: bool = True
    version: Optional[str] = None
    implementation: Optional[str] = None
    magic: Optional[int] = None
    releases: Optional[str] = None
    first_release: Optional[str] = None
    forced: bool = False
    path_error: bool = False
    header: Optional[dict[str, Any]] = None
    code_objects: int = 0
    instructions: Optional[int] = None
    code_bytes: int = 0
    trailing: int = 0
    error: Optional[dict[str, Any]] = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict (the ``--json`` line)."""
        return asdict(self)


# --------------------------------------------------------------------------
# the per-file work


def _counter_from_module() -> Optional[Callable[[Any], int]]:
    try:  # the instruction layer, when this build has it
        from .bytecode.listing import Listing
    except ImportError:
        return None

    def count(code: Any) -> int:
        # a fresh Listing, not the cached one: a scan never looks at the code again
        return len(Listing(code).raw)

    return count


_COUNTER: Optional[Callable[[Any], int]] = None
_COUNTER_RESOLVED = False


def instruction_counter() -> Optional[Callable[[Any], int]]:
    """Return the function counting one code object's instructions, or None.

    This is the hook for the disassembler: with ``bytescope.bytecode.decode``
    in the build, instructions are counted as its ``unpack`` splits them
    (``EXTENDED_ARG`` prefixes folded into their instruction, 3.11+ inline
    caches not counted); without it scans report ``None``.
    """
    global _COUNTER, _COUNTER_RESOLVED
    if not _COUNTER_RESOLVED:
        _COUNTER = _counter_from_module()
        _COUNTER_RESOLVED = True
    return _COUNTER


def looks_like_pyc(head: bytes) -> bool:
    """Return True when ``head`` (a file's first bytes) starts with a readable pyc magic."""
    if len(head) < 4:
        return False
    try:
        versions.by_magic(head)
    except BytescopeError:
        return False
    return True


def _error_dict(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, BytescopeError):
        return exc.to_dict()
    # A bug in bytescope must not stop a scan either; report it as such.
    return {
        "type": "InternalError",
        "message": f"{type(exc).__name__}: {exc}",
        "offset": None,
        "expected": None,
    }


def _header_dict(pyc: Pyc) -> Optional[dict[str, Any]]:
    h = pyc.header
    if h is None:
        return None
    return {
        "size": h.size,
        "mode": h.mode,
        "flags": h.flags,
        "mtime": h.mtime,
        "source_size": h.source_size,
        "source_hash": h.source_hash.hex() if h.source_hash is not None else None,
    }


def _fill_version(record: ScanRecord, version: VersionInfo, data: bytes) -> None:
    record.version = version.key
    record.implementation = version.implementation
    record.magic = data[0] | (data[1] << 8) if len(data) >= 2 else None
    record.releases = version.releases
    record.first_release = version.magic_label


def scan_bytes(
    data: bytes,
    path: str = "<bytes>",
    *,
    python_version: Union[str, VersionInfo, None] = None,
    trusted: bool = False,
    max_memory: Optional[int] = None,
) -> ScanRecord:
    """Return the :class:`ScanRecord` of one pyc's bytes.

    Never raises for bad data: any failure (a
    :class:`~bytescope.errors.BytescopeError`, or even a bytescope bug) is
    recorded in the record's ``error``.  ``trusted``: read pycs of the host's
    own version with its C marshal, ``max_memory``: the reader's allocation
    budget (both: see :func:`bytescope.pyc.loads`).
    """
    record = ScanRecord(path, len(data), forced=python_version is not None)
    pyc: Optional[Pyc] = None
    try:
        pyc = loads(data, python_version=python_version, path=path, trusted=trusted,
                    max_memory=max_memory)
    except Exception as exc:  # noqa: BLE001 - a scan never stops at a bad file
        record.ok = False
        record.error = _error_dict(exc)
        partial = getattr(exc, "partial", None)
        if isinstance(partial, Pyc):
            pyc = partial
        elif python_version is None:
            try:
                _fill_version(record, versions.by_magic(data), data)
            except BytescopeError:
                pass
    if pyc is not None:
        _fill_version(record, pyc.version, data)
        record.header = _header_dict(pyc)
        record.trailing = pyc.trailing
    if pyc is None or pyc.code is None:
        return record
    try:
        _count(pyc.code, record)
    except Exception as exc:  # noqa: BLE001
        record.ok = False
        record.error = _error_dict(exc)
    return record


def _count(top: Any, record: ScanRecord) -> None:
    iter_code = getattr(top, "iter_code", None)
    if iter_code is None:  # marshal data holding no code object
        return
    counter = instruction_counter()
    total = 0
    for code in iter_code():
        record.code_objects += 1
        record.code_bytes += len(code.co_code)
        if counter is not None:
            total += counter(code)
    if counter is not None:
        record.instructions = total


# --------------------------------------------------------------------------
# chunks: the unit of work a process receives

# A task is (archive, entries, options): archive is None for plain files or
# the zip's path; entries are (name, sniff) pairs: sniff=True means "only a
# pyc if its first bytes are a known magic", False means "scan it whatever
# it holds".
_Entry = tuple[str, bool]
_Task = tuple[Optional[str], list[_Entry], dict[str, Any]]
_Result = tuple[list[ScanRecord], int]


def _read_head(path: str, size: int = 4) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def _member_archive(path: str) -> bool:
    """True for ``archive!member`` paths of an existing packed file (see bytescope.packed)."""
    from .packed import split_member

    return MEMBER_SEP in path and split_member(path) is not None


def _scan_file(path: str, sniff: bool, opts: dict[str, Any]) -> Optional[ScanRecord]:
    if not os.path.exists(path) and _member_archive(path):
        from .packed import member_bytes

        try:
            data = member_bytes(path, opts["python_version"]) or b""
        except BytescopeError as exc:
            record = ScanRecord(path, 0, ok=False)
            record.error = _error_dict(exc)
            return record
        return scan_bytes(data, path, **_read_options(opts))
    try:
        if sniff and not looks_like_pyc(_read_head(path)):
            return None
        size = os.path.getsize(path)
        if size > opts["max_size"]:
            raise InputError(f"file of {size} bytes is larger than the scan limit")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        record = ScanRecord(path, 0, ok=False)
        record.error = _error_dict(InputError(f"cannot read: {exc.strerror or exc}"))
        return record
    except InputError as exc:
        record = ScanRecord(path, 0, ok=False)
        record.error = _error_dict(exc)
        return record
    return scan_bytes(data, path, **_read_options(opts))


def _scan_member(
    zf: zipfile.ZipFile, archive: str, name: str, sniff: bool, opts: dict[str, Any]
) -> Optional[ScanRecord]:
    display = f"{archive}{MEMBER_SEP}{name}"
    try:
        info = zf.getinfo(name)
        if sniff:
            with zf.open(info) as fh:
                if not looks_like_pyc(fh.read(4)):
                    return None
        if info.file_size > opts["max_size"]:
            raise InputError(f"member of {info.file_size} bytes is larger than the scan limit")
        data = zf.read(info)
    except BytescopeError as exc:
        record = ScanRecord(display, 0, ok=False)
        record.error = _error_dict(exc)
        return record
    except Exception as exc:  # noqa: BLE001 - zlib.error, BadZipFile, CRC errors, ...
        record = ScanRecord(display, 0, ok=False)
        record.error = _error_dict(InputError(f"cannot read archive member: {exc}"))
        return record
    return scan_bytes(data, display, **_read_options(opts))


def _read_options(opts: dict[str, Any]) -> dict[str, Any]:
    """The keywords of :func:`scan_bytes` that a scan's options set."""
    return {
        "python_version": opts["python_version"],
        "trusted": opts.get("trusted", False),
        "max_memory": opts.get("max_memory"),
    }


def _run_task(task: _Task) -> _Result:
    """Scan one chunk; return its records and how many entries were not pycs."""
    archive, entries, opts = task
    records: list[ScanRecord] = []
    skipped = 0
    if archive is None:
        for name, sniff in entries:
            rec = _scan_file(name, sniff, opts)
            if rec is None:
                skipped += 1
            else:
                records.append(rec)
        return records, skipped
    try:
        zf = zipfile.ZipFile(archive)
    except Exception as exc:  # noqa: BLE001
        rec = ScanRecord(archive, 0, ok=False)
        rec.error = _error_dict(InputError(f"cannot open archive: {exc}"))
        return [rec], 0
    with zf:
        for name, sniff in entries:
            rec = _scan_member(zf, archive, name, sniff, opts)
            if rec is None:
                skipped += 1
            else:
                records.append(rec)
    return records, skipped


# --------------------------------------------------------------------------
# walking paths into tasks


def _is_pyc_name(name: str) -> bool:
    return name.lower().endswith(PYC_SUFFIXES)


def _is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


class _Chunker:
    """Group entries into tasks of bounded file count and byte size."""

    def __init__(self, opts: dict[str, Any], files: int, nbytes: int) -> None:
        self.opts = opts
        self.files = files
        self.nbytes = nbytes
        self.archive: Optional[str] = None
        self.entries: list[_Entry] = []
        self.size = 0

    def add(self, archive: Optional[str], name: str, sniff: bool, size: int) -> Iterator[_Task]:
        if self.entries and archive != self.archive:
            yield from self.flush()
        self.archive = archive
        self.entries.append((name, sniff))
        self.size += size
        if len(self.entries) >= self.files or self.size >= self.nbytes:
            yield from self.flush()

    def flush(self) -> Iterator[_Task]:
        if self.entries:
            yield (self.archive, self.entries, self.opts)
        self.entries = []
        self.size = 0


class Scanner:
    """Scan paths for pycs; iterate :meth:`run` for the records.

    ``jobs`` is the number of worker processes (``None``: every core);
    ``python_version`` forces the format of every pyc (then only files named
    ``.pyc``/``.pyo``, and files given explicitly, are read); ``max_size``
    bounds the bytes read for one file; ``trusted`` reads pycs of the host's
    own version with its C marshal (faster; only for files you trust);
    ``max_memory`` is the reader's allocation budget per file (None: the
    default, see :func:`bytescope.pyc.loads`).  After (or during) a run,
    :attr:`skipped` counts the files and members that were not pycs.  One of
    ``paths`` itself that cannot be read (missing, unreadable, not a
    directory, zip or pyc) gives a failed record with ``path_error`` set: it
    is no pyc, and the command exits 2 for it.
    """

    def __init__(
        self,
        paths: Sequence[str],
        *,
        jobs: Optional[int] = None,
        python_version: Optional[str] = None,
        max_size: int = DEFAULT_MAX_SIZE,
        chunk_files: int = _CHUNK_FILES,
        chunk_bytes: int = _CHUNK_BYTES,
        trusted: bool = False,
        max_memory: Optional[int] = None,
    ) -> None:
        self.paths = list(paths)
        self.jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
        self.opts: dict[str, Any] = {
            "python_version": python_version,
            "max_size": max_size,
            "trusted": trusted,
            "max_memory": max_memory,
        }
        self.chunk_files = chunk_files
        self.chunk_bytes = chunk_bytes
        self.skipped = 0
        self._walk_errors: list[ScanRecord] = []

    # -- enumeration ---------------------------------------------------------

    def _sniff(self, name: str) -> Optional[bool]:
        """None: do not read; False: scan as pyc; True: scan if its magic is known."""
        if _is_pyc_name(name):
            return False
        if self.opts["python_version"] is not None:
            return None
        return True

    def _failed(self, path: str, message: str, named: bool) -> None:
        """Record that ``path`` cannot be read (a path error if it is one of the paths given)."""
        rec = ScanRecord(path, 0, ok=False, path_error=named)
        rec.error = _error_dict(InputError(message))
        self._walk_errors.append(rec)

    def _archive_entries(
        self, path: str, named: bool = False
    ) -> Iterator[tuple[Optional[str], str, bool, int]]:
        try:
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
        except Exception as exc:  # noqa: BLE001 - BadZipFile, OSError, ...
            self._failed(path, f"cannot open archive: {exc}", named)
            return
        for info in infos:
            if info.is_dir():
                continue
            sniff = self._sniff(info.filename)
            if sniff is None:
                self.skipped += 1
                continue
            yield path, info.filename, sniff, info.file_size

    def _walk(self, root: str) -> Iterator[tuple[Optional[str], str, bool, int]]:
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self._failed(folder, f"cannot list: {exc.strerror or exc}", folder == root)
                continue
            subdirs = []
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        subdirs.append(entry.path)
                        continue
                    if not entry.is_file():
                        continue
                    size = entry.stat().st_size
                except OSError:
                    continue
                if _is_archive_name(entry.name):
                    yield from self._archive_entries(entry.path)
                    continue
                sniff = self._sniff(entry.name)
                if sniff is None or (sniff and size < 4):
                    self.skipped += 1
                    continue
                yield None, entry.path, sniff, size
            stack.extend(reversed(subdirs))

    def _entries(self) -> Iterator[tuple[Optional[str], str, bool, int]]:
        for path in self.paths:
            if os.path.isdir(path):
                yield from self._walk(path)
            elif not os.path.exists(path) and _member_archive(path):
                yield None, path, False, 0  # app.exe!pkg/mod.pyc: read through unpack
            elif not os.path.exists(path):
                self._failed(path, "no such file or directory", True)
            elif _is_archive_name(path) or (
                not _is_pyc_name(path) and zipfile.is_zipfile(path)
            ):
                yield from self._archive_entries(path, named=True)
            else:
                problem = self._not_a_pyc(path)
                if problem:
                    self._failed(path, problem, True)
                else:
                    yield None, path, False, 0  # named explicitly: always read

    def _not_a_pyc(self, path: str) -> Optional[str]:
        """Why a file named on the command line is no pyc at all, or None if it may be one.

        A known-format magic that fails later, or an unknown but well-formed
        magic number, is a pyc that failed (a record); a forced version reads
        any file.
        """
        try:
            head = _read_head(path)
        except OSError as exc:
            return f"cannot read: {exc.strerror or exc}"
        if self.opts["python_version"] is not None:
            return None
        try:
            versions.by_magic(head)
        except BadMagic:
            return (f"not a pyc file (it starts with {head.hex(' ') or 'nothing'}), "
                    "nor a zip file or directory")
        except BytescopeError:
            return None
        return None

    def tasks(self) -> Iterator[_Task]:
        """Yield the chunks of work, in path order."""
        chunker = _Chunker(self.opts, self.chunk_files, self.chunk_bytes)
        for archive, name, sniff, size in self._entries():
            yield from chunker.add(archive, name, sniff, size)
        yield from chunker.flush()

    # -- running -------------------------------------------------------------

    def _drain_walk_errors(self) -> Iterator[ScanRecord]:
        while self._walk_errors:
            yield self._walk_errors.pop(0)

    def run(self) -> Iterator[ScanRecord]:
        """Yield one :class:`ScanRecord` per pyc found, in path order."""
        if self.jobs == 1:
            for task in self.tasks():
                yield from self._drain_walk_errors()
                records, skipped = _run_task(task)
                self.skipped += skipped
                yield from records
            yield from self._drain_walk_errors()
            return
        yield from self._run_parallel()

    def _run_parallel(self) -> Iterator[ScanRecord]:
        window = self.jobs * 3
        pending: Deque[Future[_Result]] = collections.deque()
        executor: Optional[Executor] = None
        try:
            for task in self.tasks():
                if executor is None:
                    # import the decoder before the workers fork, so that each
                    # worker does not import it again
                    instruction_counter()
                    executor = ProcessPoolExecutor(max_workers=self.jobs)
                pending.append(executor.submit(_run_task, task))
                yield from self._drain_walk_errors()
                while len(pending) >= window:
                    yield from self._collect(pending.popleft())
            while pending:
                yield from self._collect(pending.popleft())
            yield from self._drain_walk_errors()
        finally:
            for fut in pending:
                fut.cancel()
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)

    def _collect(self, fut: Future[_Result]) -> Iterator[ScanRecord]:
        records, skipped = fut.result()
        self.skipped += skipped
        yield from records


def scan(
    paths: Iterable[str],
    *,
    jobs: Optional[int] = None,
    python_version: Optional[str] = None,
    trusted: bool = False,
    max_memory: Optional[int] = None,
) -> Iterator[ScanRecord]:
    """Yield a :class:`ScanRecord` for every pyc under ``paths`` (see :class:`Scanner`)."""
    return Scanner(list(paths), jobs=jobs, python_version=python_version,
                   trusted=trusted, max_memory=max_memory).run()


# --------------------------------------------------------------------------
# summary


@dataclass
class _Row:
    files: int = 0
    failed: int = 0
    code_objects: int = 0
    instructions: Optional[int] = 0
    code_bytes: int = 0
    size: int = 0


class Summary:
    """Per-version totals of a scan: add records, then read :meth:`rows`."""

    def __init__(self) -> None:
        self._rows: dict[str, _Row] = {}
        self.files = 0
        self.failed = 0

    def add(self, record: ScanRecord) -> None:
        """Count one record."""
        key = record.version or "unknown"
        row = self._rows.setdefault(key, _Row())
        row.files += 1
        self.files += 1
        if not record.ok:
            row.failed += 1
            self.failed += 1
        row.code_objects += record.code_objects
        row.code_bytes += record.code_bytes
        row.size += record.size
        if record.instructions is None:
            if record.ok:
                row.instructions = None
        elif row.instructions is not None:
            row.instructions += record.instructions

    def rows(self) -> list[tuple[str, _Row]]:
        """Return ``(version, totals)`` pairs, oldest version first, ``unknown`` last."""

        def order(key: str) -> tuple[int, ...]:
            try:
                return tuple(int(p) for p in key.split("."))
            except ValueError:
                return (10**6,)

        return sorted(self._rows.items(), key=lambda kv: order(kv[0]))

    def table(self) -> str:
        """Return the summary as an aligned text table with a total line."""
        head = ("version", "files", "failed", "code objects", "instructions", "co_code bytes", "MB")
        lines: list[tuple[str, ...]] = [head]
        total = _Row()
        for key, row in self.rows():
            lines.append(_cells(key, row))
            total.files += row.files
            total.failed += row.failed
            total.code_objects += row.code_objects
            total.code_bytes += row.code_bytes
            total.size += row.size
            if row.instructions is None or total.instructions is None:
                total.instructions = None
            else:
                total.instructions += row.instructions
        lines.append(_cells("total", total))
        widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
        out = []
        for n, line in enumerate(lines):
            cells = [line[0].ljust(widths[0])]
            cells += [c.rjust(w) for c, w in zip(line[1:], widths[1:])]
            out.append("  ".join(cells).rstrip())
            if n == 0 or n == len(lines) - 2:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)


def _cells(key: str, row: _Row) -> tuple[str, ...]:
    return (
        key,
        str(row.files),
        str(row.failed),
        str(row.code_objects),
        "-" if row.instructions is None else str(row.instructions),
        str(row.code_bytes),
        f"{row.size / 1e6:.2f}",
    )
