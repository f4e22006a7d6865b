"""What ``bytescope unpack`` found and wrote: one :class:`Entry` per archive entry.

The :class:`Manifest` is the result of :func:`bytescope.packed.unpack` and the
``--json`` document: the format and packer (with the version the archive's
structure proves), the target Python version and where it was read, and every
entry with its offset, sizes, flags, the file written and any error.
:attr:`Manifest.lost` lists the entries whose content did not come out; the
command exits non-zero whenever it is not empty.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

__all__ = ["Entry", "Manifest"]


@dataclass
class Entry:
    """One entry of a packed application.

    ``container`` is the archive holding it (``"CArchive"``, the PYZ's name,
    ``"zip"``, ``"PYTHONSCRIPT"``); ``offset`` the absolute file offset of its
    stored bytes; ``stored_size`` and ``size`` the stored and (declared or
    actual) unpacked sizes; ``written`` the path under the output folder, or
    None; ``error`` why the entry did not come out; ``note`` anything else a
    reader should know (a rename, a symlink target, an option's text).
    """

    name: str
    kind: str
    container: str
    offset: Optional[int] = None
    stored_size: Optional[int] = None
    size: Optional[int] = None
    compressed: bool = False
    encrypted: bool = False
    written: Optional[str] = None
    error: Optional[str] = None
    note: Optional[str] = None
    python: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a JSON-ready dict."""
        return asdict(self)


@dataclass
class Manifest:
    """The result of unpacking one file; see the module docstring."""

    path: str
    format: str
    packer: Optional[str] = None
    packer_version: Optional[str] = None
    python: Optional[str] = None
    python_source: Optional[str] = None
    magic: Optional[int] = None
    output: Optional[str] = None
    details: dict[str, Any] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def lost(self) -> list[Entry]:
        """The entries that did not come out (each has an ``error``)."""
        return [e for e in self.entries if e.error]

    @property
    def ok(self) -> bool:
        """True when nothing was lost."""
        return not self.lost

    def counts(self) -> dict[str, int]:
        """Return entries per kind, plus ``written`` and ``lost`` totals."""
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.kind] = out.get(e.kind, 0) + 1
        out["written"] = sum(1 for e in self.entries if e.written)
        out["lost"] = len(self.lost)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the manifest as a JSON-ready dict (summary first, then entries)."""
        return {
            "path": self.path,
            "format": self.format,
            "packer": self.packer,
            "packer_version": self.packer_version,
            "python": self.python,
            "python_source": self.python_source,
            "magic": self.magic,
            "output": self.output,
            "details": self.details,
            "counts": self.counts(),
            "ok": self.ok,
            "warnings": self.warnings,
            "entries": [e.to_dict() for e in self.entries],
        }

    def summary_lines(self) -> list[str]:
        """Return the human summary: format, packer, Python, counts, and every loss."""
        packer = " ".join(p for p in (self.packer, self.packer_version) if p) or "-"
        python = self.python or "unknown"
        if self.magic is not None:
            python += f" (magic {self.magic})"
        if self.python_source:
            python += f", from {self.python_source}"
        counts = self.counts()
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())
                          if k not in ("written", "lost"))
        lines = [
            f"format:   {self.format}",
            f"packer:   {packer}",
            f"python:   {python}",
            f"entries:  {len(self.entries)} ({kinds})",
            f"written:  {counts['written']} file(s)" + (f" under {self.output}" if self.output
                                                         else ""),
        ]
        lines += [f"warning:  {w}" for w in self.warnings]
        if self.lost:
            lines.append(f"LOST:     {len(self.lost)} entr{'y' if len(self.lost) == 1 else 'ies'}")
            lines += [f"  {e.container}: {e.name}: {e.error}" for e in self.lost]
        return lines
