"""PyInstaller executables (2.0-6.x): the CArchive, its PYZ, and what they say about versions.

:func:`plan` turns a found cookie into :class:`~.plan.Item` s:

* PYZ entries (``z``) are opened and expanded first, so the application's
  modules get their natural paths (``pkg/mod.pyc``, ``pkg/__init__.pyc``,
  folders for namespace packages) -- the layout ``sys._MEIPASS`` has at run
  time;
* scripts (``s``: the entry script, run-time hooks, the bootstrap) become
  ``NAME.pyc`` (or ``NAME.py`` for PyInstaller 2.x, which stored source
  text), bootstrap modules (``m``/``M``) ``NAME.pyc``;
* binaries, data files, zip files and splash resources are streamed out
  under their names; options, dependencies and symlinks are recorded in the
  manifest only (a symlink is never created: it could point anywhere).

The target Python comes from the archive itself: the PYZ's magic number;
else the header of a module entry; else the cookie's version field (then
the newest magic of that line is used for the headers, and the manifest says
so).  Which PyInstaller wrote the archive is inferred from facts of its
structure (:data:`VERSION_FACTS`).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

from .. import versions
from ..code import Code
from ..errors import BytescopeError
from ..versions import VersionInfo
from . import crypto
from .carchive import TocEntry, check_ranges, read_toc
from .cookie import Cookie, python_of_pyvers
from .errors import ArchiveError, UnpackError
from .limits import Limits, inflate
from .manifest import Entry, Manifest
from .plan import Item, module_path
from .pycs import check_pyc, classify, load_code, pyc_from_marshal
from .pyz import Pyz, open_pyz, pyz_items
from .source import Source

__all__ = ["VERSION_FACTS", "plan"]

KEY_MODULE = "pyimod00_crypto_key"

#: Structural facts -> the PyInstaller major versions that produce them.
VERSION_FACTS: dict[str, frozenset[int]] = {
    "cookie without library name": frozenset({1, 2}),
    "cookie with library name": frozenset({2, 3, 4, 5, 6}),
    "bootstrap _pyi_bootstrap": frozenset({2}),
    "bootstrap pyimod01_os_path": frozenset({3, 4}),
    "bootstrap pyimod01_archive": frozenset({5, 6}),
    "bootstrap pyimod04_ctypes": frozenset({4}),
    "script stored as source text": frozenset({1, 2}),
    "script stored as marshal": frozenset({3, 4, 5, 6}),
    "modules stored with a pyc header": frozenset({2, 3, 4}),
    "modules stored without a pyc header": frozenset({5, 6}),
    "PYZ TOC is a dict": frozenset({1, 2}),
    "PYZ TOC is a list": frozenset({3, 4, 5, 6}),
    "PYZ has namespace packages": frozenset({4, 5, 6}),
    "AES-CFB8 encryption": frozenset({3}),
    "AES-CTR encryption": frozenset({4, 5}),
    "symlink entries": frozenset({6}),
    "Python version field major*100+minor": frozenset({5, 6}),
}


def infer_version(facts: Iterable[str]) -> Optional[str]:
    """Return ``"6.x"``, ``"3.x-4.x"``... from the facts seen, or None when they conflict."""
    majors = frozenset(range(1, 7))
    for fact in facts:
        majors &= VERSION_FACTS[fact]
    if not majors:
        return None
    lo, hi = min(majors), max(majors)
    return f"{lo}.x" if lo == hi else f"{lo}.x-{hi}.x"


class _Context:
    def __init__(self, src: Source, cookie: Cookie, manifest: Manifest, limits: Limits,
                 forced: Optional[VersionInfo], max_memory: Optional[int]) -> None:
        self.src = src
        self.cookie = cookie
        self.manifest = manifest
        self.limits = limits
        self.forced = forced
        self.max_memory = max_memory
        self.version: Optional[VersionInfo] = None
        self.magic_word: Optional[bytes] = None
        self.facts: set[str] = set()
        self.key: Optional[bytes] = None

    def abs(self, e: TocEntry) -> int:
        return self.src.start + self.cookie.start + e.offset

    def stored(self, e: TocEntry) -> Iterator[bytes]:
        return self.src.chunks(self.cookie.start + e.offset, e.stored, f"entry {e.name!r}")

    def unpacked(self, e: TocEntry) -> Iterator[bytes]:
        """The entry's bytes, inflated (bounded) when its flag says so."""
        if e.flag == 0:
            return self.stored(e)
        if e.flag == 1:
            return inflate(self.stored(e), stored=e.stored, declared=e.size,
                           limits=self.limits, what=f"entry {e.name!r}", offset=self.abs(e))
        if e.flag == 2:
            return iter([self._decrypt_v20(e)])
        raise ArchiveError(f"entry {e.name!r}: unknown compression flag {e.flag}",
                           offset=self.abs(e), expected="0, 1 or 2")

    def _decrypt_v20(self, e: TocEntry) -> bytes:
        # PyInstaller 2.0: a 32-byte key, then AES-256-CFB8 (zero IV) of the zlib stream.
        raw = self.whole_stored(e)
        plain = crypto.decrypt("cfb8", raw[:32], bytes(16), raw[32:])
        return b"".join(inflate([plain], stored=len(plain), declared=e.size,
                                limits=self.limits, what=f"entry {e.name!r}",
                                offset=self.abs(e)))

    def whole_stored(self, e: TocEntry) -> bytes:
        if e.stored > self.limits.max_code:
            raise ArchiveError(f"entry {e.name!r}: {e.stored} bytes, larger than the "
                               f"{self.limits.max_code}-byte limit for one code entry",
                               offset=self.abs(e))
        return b"".join(self.stored(e))

    def whole(self, e: TocEntry) -> bytes:
        if e.stored > self.limits.max_code or e.size > self.limits.max_code:
            raise ArchiveError(f"entry {e.name!r}: larger than the {self.limits.max_code}-byte "
                               "limit for one code entry", offset=self.abs(e))
        return b"".join(self.unpacked(e))


def plan(src: Source, cookie: Cookie, manifest: Manifest, limits: Limits, *,
         python_version: Optional[VersionInfo] = None,
         max_memory: Optional[int] = None) -> Iterator[Item]:
    """Yield the items of the CArchive ``cookie`` ends; fill ``manifest``'s summary."""
    ctx = _Context(src, cookie, manifest, limits, python_version, max_memory)
    manifest.format = "PyInstaller CArchive"
    manifest.packer = "PyInstaller"
    manifest.details.update({
        "cookie_offset": src.start + cookie.offset,
        "cookie_found_by": cookie.found_by,
        "cookie_magic": cookie.magic.hex(),
        "byte_order": cookie.byte_order,
        "package_offset": src.start + cookie.start,
        "package_length": cookie.package_length,
        "toc_offset": cookie.toc_offset,
        "toc_length": cookie.toc_length,
        "cookie_python": python_of_pyvers(cookie.pyvers),
        "cookie_pyvers": cookie.pyvers,
        "python_library": cookie.pylib,
    })
    if cookie.found_by == "structure":
        manifest.warnings.append(
            f"cookie magic is {cookie.magic!r}, not PyInstaller's: a modified PyInstaller; "
            "the cookie was found by its structure")
    ctx.facts.add("cookie with library name" if cookie.size == 88
                  else "cookie without library name")
    if cookie.pyvers >= 100:
        ctx.facts.add("Python version field major*100+minor")
    entries, toc_error = read_toc(src, cookie)
    check_ranges(entries, cookie)
    # The application's own scripts: not PyInstaller's bootstrap or run-time hooks.
    manifest.details["entry_points"] = [
        e.name for e in entries
        if e.kind == "script" and not e.name.startswith(("pyiboot", "pyi_rth_", "_pyi_"))]
    _find_version(ctx, entries)
    _find_key(ctx, entries)
    pyzs = [e for e in entries if e.kind == "pyz"]
    for e in pyzs:
        yield from _expand_pyz(ctx, e)
    for e in entries:
        if e.kind != "pyz":
            yield _item(ctx, e)
    if toc_error is not None:
        yield Item(Entry("<rest of the TOC>", "toc", "CArchive", offset=toc_error.offset,
                         error=str(toc_error)))
    manifest.packer_version = infer_version(ctx.facts)
    manifest.details["structure"] = sorted(ctx.facts)


# -- version and key --------------------------------------------------------------------


def _set_version(ctx: _Context, version: VersionInfo, word: bytes, source: str) -> None:
    if ctx.version is None:
        ctx.version, ctx.magic_word = version, word
        ctx.manifest.python = version.key
        ctx.manifest.magic = version.magic
        ctx.manifest.python_source = source


def _find_version(ctx: _Context, entries: list[TocEntry]) -> None:
    if ctx.forced is not None:
        _set_version(ctx, ctx.forced, ctx.forced.magic_bytes, "--python-version")
    for e in entries:
        if e.kind == "pyz" and not e.error and e.flag == 0 and e.stored >= 8:
            word = ctx.src.read(ctx.cookie.start + e.offset, 8, "PYZ header")
            if word[:4] == b"PYZ\0":
                try:
                    _set_version(ctx, versions.by_magic(word, 4), word[4:8],
                                 f"the magic number of {e.name}")
                except BytescopeError as exc:
                    ctx.manifest.warnings.append(f"{e.name}: {exc}")
    for e in entries:
        if e.kind in ("module", "package", "script") and not e.error and ctx.version is None:
            try:
                head = b"".join(_first(ctx.unpacked(e), 16))
                if classify(head, None) == "pyc":
                    _set_version(ctx, versions.by_magic(head), head[:4],
                                 f"the pyc header of entry {e.name}")
            except BytescopeError:
                continue
    guess = python_of_pyvers(ctx.cookie.pyvers)
    if ctx.version is None and guess is not None:
        try:
            v = versions.by_name(guess)
        except BytescopeError:
            return
        _set_version(ctx, v, v.magic_bytes,
                     f"the cookie's version field ({ctx.cookie.pyvers}); headers use the "
                     f"newest magic of {guess}")


def _first(pieces: Iterator[bytes], n: int) -> list[bytes]:
    out, got = [], 0
    for p in pieces:
        out.append(p[: n - got])
        got += len(out[-1])
        if got >= n:
            break
    return out


def _find_key(ctx: _Context, entries: list[TocEntry]) -> None:
    for e in entries:
        if e.name != KEY_MODULE or e.error or ctx.version is None:
            continue
        try:
            code = _code_of(ctx, e)
        except BytescopeError as exc:
            ctx.manifest.warnings.append(f"{KEY_MODULE}: unreadable ({exc})")
            return
        for const in getattr(code, "co_consts", None) or ():
            if isinstance(const, bytes):
                const = const.decode("latin-1")
            if isinstance(const, str) and const:
                ctx.key = crypto.normalize_key(const)
                ctx.manifest.details["key"] = const
                return


def _code_of(ctx: _Context, e: TocEntry) -> Code:
    data = ctx.whole(e)
    assert ctx.version is not None
    if classify(data, ctx.version) == "pyc":
        data = data[versions.by_magic(data).header_size :]
    return load_code(data, ctx.version, e.name, max_memory=ctx.max_memory)


# -- entries -----------------------------------------------------------------------------


def _entry(ctx: _Context, e: TocEntry) -> Entry:
    return Entry(e.name, e.kind, "CArchive", offset=ctx.abs(e), stored_size=e.stored,
                 size=e.size, compressed=e.flag == 1, encrypted=e.flag == 2, error=e.error)


def _expand_pyz(ctx: _Context, e: TocEntry) -> Iterator[Item]:
    entry = _entry(ctx, e)
    if e.error:
        yield Item(entry)
        return
    try:
        if e.flag != 0:
            raise UnpackError(f"{e.name}: a compressed PYZ entry cannot be opened in place")
        window = ctx.src.window(ctx.cookie.start + e.offset, e.stored, e.name)
        pyz: Pyz = open_pyz(window, e.name, python_version=ctx.forced,
                            max_memory=ctx.max_memory)
    except BytescopeError as exc:
        entry.error = f"the PYZ cannot be opened: {exc}"
        yield Item(entry)
        return
    pyz.key = ctx.key
    ctx.facts.add(f"PYZ TOC is a {pyz.toc_format}")
    if any(p.kind == "namespace" for p in pyz.entries):
        ctx.facts.add("PYZ has namespace packages")
    entry.python = pyz.version.key
    entry.note = f"expanded: {len(pyz.entries)} entries"
    yield Item(entry)
    for item in pyz_items(pyz, ctx.limits, max_memory=ctx.max_memory):
        if item.produce is not None:
            item.produce = _noting_scheme(ctx, pyz, item.produce)
        yield item


def _noting_scheme(ctx: _Context, pyz: Pyz, produce: Any) -> Any:
    def run() -> Iterable[bytes]:
        out: Iterable[bytes] = produce()
        if pyz.scheme is not None:
            ctx.facts.add("AES-CTR encryption" if pyz.scheme == "ctr" else "AES-CFB8 encryption")
            ctx.manifest.details["encryption"] = f"AES-{pyz.scheme.upper()}"
        return out

    return run


def _item(ctx: _Context, e: TocEntry) -> Item:
    entry = _entry(ctx, e)
    if e.error:
        return Item(entry)
    kind = e.kind
    if kind in ("option", "dependency"):
        entry.note = e.name
        return Item(entry)
    if kind == "symlink":
        try:
            target = b"".join(ctx.unpacked(e)) if e.stored <= 4096 else b""
            entry.note = "link to " + target.rstrip(b"\0").decode("utf-8", "replace")
            entry.note += " (recorded, not created)"
        except BytescopeError as exc:
            entry.error = str(exc)
        return Item(entry)
    if kind in ("script", "module", "package"):
        _note_bootstrap(ctx, e.name)
        return _code_item(ctx, e, entry)
    if kind == "unknown":
        entry.note = f"unknown type code {e.typecode!r}: written as data"
    return Item(entry, e.name, lambda: ctx.unpacked(e))


def _note_bootstrap(ctx: _Context, name: str) -> None:
    for marker in ("_pyi_bootstrap", "pyimod01_os_path", "pyimod01_archive", "pyimod04_ctypes"):
        if name == marker:
            ctx.facts.add(f"bootstrap {marker}")


def _code_item(ctx: _Context, e: TocEntry, entry: Entry) -> Item:
    base = e.name[:-3] if e.name.endswith(".py") else e.name
    if e.kind == "script":
        path = base + ".pyc"
    else:
        path = module_path(base, package=e.kind == "package")

    def produce() -> list[bytes]:
        data = ctx.whole(e)
        form = classify(data, ctx.version)
        if form == "source":
            ctx.facts.add("script stored as source text")
            entry.kind = "source"
            return [data.rstrip(b"\0")]
        if form == "pyc":
            version = check_pyc(data, e.name, max_memory=ctx.max_memory,
                                python_version=ctx.forced)
            entry.python = version.key
            if e.kind != "script":
                ctx.facts.add("modules stored with a pyc header")
            return [data]
        if ctx.version is None:
            raise UnpackError(f"{e.name}: a marshal stream, and the archive names no Python "
                              "version to read it with (use --python-version)")
        ctx.facts.add("script stored as marshal" if e.kind == "script"
                      else "modules stored without a pyc header")
        entry.python = ctx.version.key
        try:
            return [pyc_from_marshal(data, ctx.version, e.name, magic_word=ctx.magic_word,
                                     max_memory=ctx.max_memory)]
        except BytescopeError as exc:
            raise UnpackError(f"the code is damaged: {exc}") from None

    item = Item(entry, path, produce)
    # A source-text script (2.x) is written as NAME.py: decide the name before writing.
    if e.kind == "script" and not e.error:
        try:
            if classify(b"".join(_first(ctx.unpacked(e), 64)), None) == "source":
                item.path = base + ".py"
        except BytescopeError:
            pass
    return item
