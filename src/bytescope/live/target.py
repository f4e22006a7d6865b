"""A CPython target (live process or core file): find and read its code objects.

:func:`attach` and :func:`open_core` return a :class:`Target`, whose methods give
``bytescope.Code`` objects equal to what the target's own ``marshal`` would
write: :meth:`Target.code_at` (address of a function or code object),
:meth:`Target.find` (``module:qualname`` or ``qualname``) and
:meth:`Target.functions` (every function object on the heap).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..code import Code
from ..pyc import with_header
from ..versions import VersionInfo, by_name
from .core import CoreMemory
from .errors import (
    Ambiguous,
    BadPointer,
    NotFound,
    ObjectChanged,
    UnsupportedTarget,
)
from .image import Image, debug_offsets, detect_version, find_image
from .layouts_data import LAYOUTS
from .memory import MemorySource, ProcessMemory
from .objects import SINGLETONS, TYPES_PY2, TYPES_PY3, ObjectReader
from .scan import heap_mappings, scan
from .stacks import ThreadStack

_Q = struct.Struct("<Q")

#: How often a read that hit a changing object is retried on a live target.
RETRIES = 3


@dataclass(frozen=True)
class FunctionInfo:
    """A function object found in the target."""

    address: int
    code_address: int
    module: Optional[str]
    qualname: str

    @property
    def full_name(self) -> str:
        """``module:qualname`` (just the qualname when the module is unknown)."""
        return f"{self.module}:{self.qualname}" if self.module else self.qualname


#: Modules of the frozen import system: every process has their functions, and
#: listing them by default buries the program's own.
FROZEN_IMPORT_MODULES = ("_frozen_importlib", "_frozen_importlib_external",
                         "importlib._bootstrap", "importlib._bootstrap_external")


def select_functions(funcs: List[FunctionInfo], pattern: Optional[str]) -> List[FunctionInfo]:
    """Return the functions ``pattern`` selects, in their order.

    ``pattern`` is a module (``collections``: that module and its
    submodules) or, when no function's module matches, a prefix of
    ``qualname`` or ``module:qualname`` (``Worker``, ``__main__:Worker.``).
    None selects everything but the frozen import system
    (:data:`FROZEN_IMPORT_MODULES`).
    """
    if pattern is None:
        return [f for f in funcs if f.module not in FROZEN_IMPORT_MODULES]
    by_module = [f for f in funcs if f.module is not None and (
        f.module == pattern or f.module.startswith(pattern + "."))]
    if by_module:
        return by_module
    return [f for f in funcs if f.qualname.startswith(pattern) or f.full_name.startswith(pattern)]


def suggest(funcs: List[FunctionInfo], name: str, limit: int = 5) -> str:
    """Return the functions a name that matched nothing probably meant, as text.

    An unqualified ``run`` suggests the methods ``Worker.run``, ``Pool.run``...
    (``module:name`` only those of that module), full names joined by ``" or "``;
    empty when there is none.
    """
    module, _, qual = name.rpartition(":")
    leaf = qual.rsplit(".", 1)[-1]
    hits = sorted({f.full_name for f in funcs
                   if (f.qualname.endswith("." + leaf) or f.qualname == leaf)
                   and (not module or f.module == module)})
    if len(hits) > limit:
        hits = hits[:limit] + [f"... ({len(hits) - limit} more)"]
    return " or ".join(hits)


def _text(value: Any) -> Optional[str]:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


class Target:
    """One CPython interpreter image in a memory source, ready to read code from."""

    def __init__(self, mem: MemorySource, *, live: bool) -> None:
        self.mem = mem
        self.live = live
        self.image: Image = find_image(mem)
        key, free = detect_version(mem, self.image)
        if free:
            raise UnsupportedTarget(f"free-threaded CPython {key}t is not supported "
                                    "(object headers differ); use a default build")
        if key not in LAYOUTS:
            raise UnsupportedTarget(f"CPython {key} is not supported by attach "
                                    f"(layouts exist for {', '.join(LAYOUTS)})")
        self.key = key
        self.layout: Dict[str, Any] = LAYOUTS[key]
        self.version: VersionInfo = by_name(key)
        table = TYPES_PY2 if key.startswith("2.") else TYPES_PY3
        types: Dict[int, str] = {}
        for sym, kind in table.items():
            addr = self.image.address(sym)
            if addr is not None:
                types[addr] = kind
        singletons = {}
        for sym, value in SINGLETONS.items():
            addr = self.image.address(sym)
            if addr is not None:
                singletons[addr] = value
        self.type_addrs = {kind: addr for addr, kind in types.items()}
        self.reader = ObjectReader(mem, self.layout, self.version, types, singletons)
        dummy = self.image.address("_PySet_Dummy") or self.image.address("_PySet_Dummy_Struct")
        if dummy:
            self.reader._dummies = frozenset({dummy})
        self.debug_offsets = self._check_debug_offsets()
        if self.debug_offsets == "mismatch":
            raise UnsupportedTarget(
                f"the target's _Py_DebugOffsets disagree with bytescope's code-object "
                f"offsets for CPython {key} ({self.image.path} is a build whose layout "
                "was not measured); regenerate with tools/gen_layouts.py under it")

    # -- context management --------------------------------------------------------

    def close(self) -> None:
        """Release the memory source."""
        self.mem.close()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> Optional[int]:
        """The target's process id (for a core, the one recorded in it)."""
        return self.mem.pid

    def _check_debug_offsets(self) -> str:
        """Compare shipped code offsets with ``_Py_DebugOffsets`` (3.13+).

        Returns ``"ok"``, ``"absent"`` (no debug offsets in this version) or
        ``"mismatch"``.
        """
        block = debug_offsets(self.mem, self.image)
        if block is None:
            return "absent"
        f = self.layout["code"]
        want = b"".join(_Q.pack(f[k]) for k in (
            "filename", "name", "qualname", "linetable", "firstlineno", "argcount",
            "localsplusnames", "localspluskinds", "code_adaptive"))
        return "ok" if want in block else "mismatch"

    # -- reading code ------------------------------------------------------------

    def code_at(self, addr: int, adaptive: bool = False) -> Code:
        """Return the :class:`~bytescope.Code` of the function or code object at ``addr``.

        ``adaptive=True`` keeps the live specialised instructions (3.11+).
        Raises :class:`BadPointer` when ``addr`` is neither, and
        :class:`ObjectChanged` when the object keeps changing while read.
        """
        addr = self.code_address(addr)
        attempts = RETRIES if self.live else 1
        for attempt in range(attempts):
            try:
                result = self.reader.value(addr, adaptive=adaptive)
            except BadPointer as exc:
                if attempt + 1 >= attempts:
                    if self.live:
                        raise ObjectChanged(f"code object at 0x{addr:x} changed while being "
                                            f"read ({exc.message})", offset=addr) from None
                    raise
                continue
            if not isinstance(result, Code):
                raise BadPointer(f"object at 0x{addr:x} is not a code object", offset=addr)
            return result
        raise AssertionError("unreachable")

    def code_address(self, addr: int) -> int:
        """Return the address of the code object of the function or code object at ``addr``."""
        kind = self.reader.expect(addr, ("function", "code"))
        if kind == "function":
            addr = self._word(addr + self.layout["func"]["code"])
            self.reader.expect(addr, ("code",))
        return addr

    def marshal_at(self, addr: int) -> bytes:
        """Return the bytes the target's own ``marshal.dumps`` would give for that code.

        ``addr`` is a function or code object.  FLAG_REF and interned-string
        choices follow the target's reference counts, as CPython's marshal does.
        """
        from .marshal_live import dumps_live

        code = self.code_address(addr)
        attempts = RETRIES if self.live else 1
        for attempt in range(attempts):
            try:
                return dumps_live(self.reader, code)
            except BadPointer as exc:
                if attempt + 1 >= attempts:
                    if self.live:
                        raise ObjectChanged(f"code object at 0x{code:x} changed while being "
                                            f"read ({exc.message})", offset=code) from None
                    raise
        raise AssertionError("unreachable")

    def pyc_at(self, addr: int) -> bytes:
        """Return a pyc (header + :meth:`marshal_at`) the target's version imports."""
        return with_header(self.marshal_at(addr), self.version)

    def _word(self, addr: int) -> int:
        return _Q.unpack(self.mem.read(addr, 8))[0]

    def function_at(self, addr: int) -> FunctionInfo:
        """Return a :class:`FunctionInfo` for the function object at ``addr``."""
        self.reader.expect(addr, ("function",))
        f = self.layout["func"]
        code = self._word(addr + f["code"])
        qual = self._name(self._word(addr + f.get("qualname", f["name"])))
        mod = self._name(self._word(addr + f["module"]))
        return FunctionInfo(addr, code, mod, qual or "?")

    def _name(self, addr: int) -> Optional[str]:
        if not addr:
            return None
        try:
            return _text(self.reader.read_str(addr))
        except BadPointer:
            return None

    # -- heap walk -----------------------------------------------------------------

    def _heap(self) -> List[Any]:
        if hasattr(self.mem, "refresh"):
            self.mem.refresh()
        return heap_mappings(self.mem.mappings())

    def functions(self) -> List[FunctionInfo]:
        """Return every function object found on the heap, sorted by module and name."""
        ftype = self.type_addrs.get("function")
        ctype = self.type_addrs.get("code")
        if ftype is None:
            return []
        hits, _, _ = scan(self.mem, self._heap(), words=[ftype])
        addrs = sorted({h - self.layout["ob_type"] for h in hits[ftype]})
        f = self.layout["func"]
        size = max(f.values()) + 8
        blob = self.mem.gather(addrs, size)
        qoff = f.get("qualname", f["name"])
        rows = []
        for i, addr in enumerate(addrs):
            base = i * size
            if _Q.unpack_from(blob, base + self.layout["ob_type"])[0] != ftype:
                continue
            rows.append((addr, _Q.unpack_from(blob, base + f["code"])[0],
                         _Q.unpack_from(blob, base + qoff)[0],
                         _Q.unpack_from(blob, base + f["module"])[0]))
        # Keep only functions whose code pointer leads to a code object.
        codes = self.mem.gather([r[1] + self.layout["ob_type"] for r in rows], 8)
        rows = [r for i, r in enumerate(rows)
                if _Q.unpack_from(codes, 8 * i)[0] == ctype]
        names = self.reader.read_strs(sorted({p for r in rows for p in r[2:] if p}))
        out = [FunctionInfo(a, c, _text(names.get(m)), _text(names.get(q)) or "?")
               for a, c, q, m in rows]
        out.sort(key=lambda i: (i.module or "", i.qualname, i.address))
        return out

    def _name_patterns(self, name: str) -> List[Tuple[bytes, int]]:
        """Byte patterns a str object holding ``name`` contains, with data offsets."""
        lay = self.layout
        if self.key.startswith("2."):
            return [(name.encode("latin-1", "replace") + b"\0", lay["bytes_data"])]
        top = max(map(ord, name)) if name else 0
        if top < 128:
            return [(name.encode("ascii") + b"\0", lay["str_ascii_data"])]
        if top < 256:
            return [(name.encode("latin-1") + b"\0", lay["str_compact_data"])]
        if top < 0x10000:
            return [(name.encode("utf-16-le", "surrogatepass") + b"\0\0",
                     lay["str_compact_data"])]
        return [(name.encode("utf-32-le", "surrogatepass") + b"\0" * 4,
                 lay["str_compact_data"])]

    def find_all(self, name: str) -> List[Tuple[int, Optional[str], str]]:
        """Return ``(address, module, qualname)`` of every function or code object named ``name``.

        ``name`` is ``module:qualname`` or ``qualname`` (a plain ``name`` on 2.7).
        Function objects come first; code objects (matched by ``co_qualname`` on
        3.11+, ``co_name`` before) only when no function matched.
        """
        module, _, qual = name.rpartition(":")
        if module and "dict" in self.layout and "interp_modules" in self.layout.get("stack", {}):
            from .walk import find_function

            try:
                found = find_function(self, module, qual)
            except BadPointer:
                found = None
            if found is not None:
                info = self.function_at(found)
                if info.qualname == qual or self.version.is_py2:
                    return [(found, info.module, info.qualname)]
        heap = self._heap()
        patterns = self._name_patterns(qual)
        _, phits, _ = scan(self.mem, heap, patterns=[p for p, _ in patterns])
        strings = set()
        for pat, data_off in patterns:
            for h in phits[pat]:
                obj = h - data_off
                try:
                    if _text(self.reader.read_str(obj)) == qual:
                        strings.add(obj)
                except BadPointer:
                    continue
        if not strings:
            return []
        whits, _, _ = scan(self.mem, heap, words=sorted(strings))
        f = self.layout["func"]
        fq = f.get("qualname", f["name"])
        cq = self.layout["code"].get("qualname", self.layout["code"]["name"])
        funcs: List[Tuple[int, Optional[str], str]] = []
        codes: List[Tuple[int, Optional[str], str]] = []
        for where in (w for hits in whits.values() for w in hits):
            for base, kind in ((where - fq, "function"), (where - cq, "code")):
                try:
                    if self.reader.kind(base) != kind:
                        continue
                except BadPointer:
                    continue
                if kind == "function":
                    info = self.function_at(base)
                    if not module or info.module == module:
                        funcs.append((base, info.module, info.qualname))
                elif not module:
                    codes.append((base, None, qual))
        return funcs or codes

    def locate(self, name: str) -> int:
        """Return the address of the code object of the function called ``name``.

        Raises :class:`NotFound` when nothing matches and :class:`Ambiguous`
        when matches have different code.
        """
        matches = self.find_all(name)
        if not matches:
            hint = suggest(self.functions(), name)
            raise NotFound(f"no function or code object named {name!r} in the target"
                           + (f"; did you mean {hint}?" if hint else ""))
        codes: Dict[int, Tuple[int, Optional[str], str]] = {}
        for addr, mod, qual in matches:
            codes.setdefault(self.code_address(addr), (addr, mod, qual))
        if len(codes) > 1:
            listed = ", ".join(f"{m + ':' if m else ''}{q} at 0x{a:x}"
                               for a, m, q in list(codes.values())[:5])
            raise Ambiguous(f"{len(codes)} different code objects match {name!r}: {listed}; "
                            "give module:qualname or an address")
        return next(iter(codes))

    def find(self, name: str, adaptive: bool = False) -> Code:
        """Return the code of the function (or code object) called ``name``.

        ``name`` is ``module:qualname`` or ``qualname``.  Raises
        :class:`NotFound` or :class:`Ambiguous` (see :meth:`locate`).
        """
        return self.code_at(self.locate(name), adaptive=adaptive)

    def stacks(self) -> List[ThreadStack]:
        """Return each thread's Python frames, innermost first (see :mod:`.stacks`).

        Raises :class:`UnsupportedTarget` when this version has no stack layout and
        :class:`ObjectChanged` when a live target's frames keep changing under the walk.
        """
        from .stacks import read_stacks

        # A running target moves its frames while we walk them: a pointer that
        # led nowhere is retried (a fresh walk) before it counts as an error.
        attempts = RETRIES if self.live else 1
        for attempt in range(attempts):
            try:
                return read_stacks(self)
            except BadPointer as exc:
                if attempt + 1 >= attempts:
                    if self.live:
                        raise ObjectChanged(
                            f"the thread stacks kept changing while being read ({exc.message})",
                            offset=exc.offset,
                        ) from None
                    raise
        raise AssertionError("unreachable")


def attach(pid: int) -> Target:
    """Return a :class:`Target` reading the running process ``pid`` (never stopping it).

    Raises :class:`~bytescope.live.errors.NoSuchProcess`,
    :class:`~bytescope.live.errors.PermissionDenied` (saying why),
    :class:`~bytescope.live.errors.NotCPython` or
    :class:`~bytescope.live.errors.UnsupportedTarget`.
    """
    mem = ProcessMemory(pid)
    try:
        return Target(mem, live=True)
    except BaseException:
        mem.close()
        raise


def open_core(path: str, exe: Optional[str] = None,
              files: Sequence[Tuple[str, str]] = ()) -> Target:
    """Return a :class:`Target` reading the ELF core file ``path``.

    ``exe`` replaces the interpreter image the core names (same basename), and
    ``files`` gives more ``(recorded path or basename, local path)`` replacements.
    Raises :class:`~bytescope.errors.LiveAccessError` subclasses like :func:`attach`.
    """
    import os

    overrides = dict(files)
    if exe:
        overrides[os.path.basename(exe)] = exe
    mem = CoreMemory(path, overrides)
    try:
        return Target(mem, live=False)
    except BaseException:
        mem.close()
        raise
