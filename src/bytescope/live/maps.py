"""Memory mappings: one record per mapped range, parsed from ``/proc/PID/maps``.

Core files give the same records from their ``NT_FILE`` note and ``PT_LOAD`` headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional

from .errors import LiveAccessError


@dataclass(frozen=True)
class Mapping:
    """One mapped address range ``[start, end)``.

    ``perms`` is ``"rwxp"``-style text (``"----"`` when unknown), ``offset`` the
    file offset of ``start`` and ``path`` the mapped file (``""`` for anonymous
    memory, ``"[heap]"`` and the like for the kernel's named regions).
    """

    start: int
    end: int
    perms: str = "r---"
    offset: int = 0
    path: str = ""

    @property
    def size(self) -> int:
        """Length of the range in bytes."""
        return self.end - self.start

    @property
    def readable(self) -> bool:
        """True when the range may be read."""
        return self.perms[:1] == "r"

    @property
    def writable(self) -> bool:
        """True when the range may be written (where the Python heap lives)."""
        return self.perms[1:2] == "w"

    def __contains__(self, addr: object) -> bool:
        return isinstance(addr, int) and self.start <= addr < self.end


def parse_maps(text: str) -> List[Mapping]:
    """Return the mappings listed in the text of a ``/proc/PID/maps`` file.

    Raises :class:`LiveAccessError` naming the line number on a malformed line.
    """
    out: List[Mapping] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(None, 5)
        try:
            lo, hi = parts[0].split("-")
            out.append(
                Mapping(
                    start=int(lo, 16),
                    end=int(hi, 16),
                    perms=parts[1],
                    offset=int(parts[2], 16),
                    path=parts[5].strip() if len(parts) > 5 else "",
                )
            )
        except (IndexError, ValueError):
            raise LiveAccessError(
                f"malformed maps line {lineno}: {line[:80]!r}",
                expected="'start-end perms offset dev inode [path]'",
            ) from None
    return out


def find_mapping(mappings: Iterable[Mapping], addr: int) -> Optional[Mapping]:
    """Return the mapping containing ``addr``, or None."""
    for m in mappings:
        if m.start <= addr < m.end:
            return m
    return None
