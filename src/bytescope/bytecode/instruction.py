"""``Instruction``: one immutable type per version, shaped like that version's ``dis``.

Each release line's ``dis.Instruction`` is a named tuple with its own fields:

* ``"3.4"`` shape (3.4-3.10, and the nearest form for 1.x-3.3): ``opname, opcode,
  arg, argval, argrepr, offset, starts_line, is_jump_target``, where
  ``starts_line`` is the line an instruction starts, or None;
* ``"3.11"`` (3.11, 3.12): the same plus ``positions``;
* ``"3.13"`` (3.13+): ``opname, opcode, arg, argval, argrepr, offset,
  start_offset, starts_line, line_number, label, positions, cache_info``, with
  ``starts_line`` a bool and the properties ``oparg``, ``baseopcode``,
  ``baseopname``, ``cache_offset``, ``end_offset``, ``jump_target``,
  ``is_jump_target``.

:func:`instruction_type` gives the class of a line (named ``Instruction``,
so reprs read as native ones); instances compare equal to native instructions
holding the same values.  The shape is the ``instruction`` dis trait.
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING, Any, Iterator, Optional

from ..versions import opcodes

if TYPE_CHECKING:
    from .listing import Listing

__all__ = ["Instruction", "Positions", "instruction_type", "build_instructions"]

Positions = namedtuple(
    "Positions", ["lineno", "end_lineno", "col_offset", "end_col_offset"],
    defaults=[None, None, None, None],
)
Positions.__doc__ = "The span of source an instruction covers (``dis.Positions``)."

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5

_FIELDS = {
    "3.4": ("opname", "opcode", "arg", "argval", "argrepr", "offset", "starts_line",
            "is_jump_target"),
    "3.11": ("opname", "opcode", "arg", "argval", "argrepr", "offset", "starts_line",
             "is_jump_target", "positions"),
    "3.13": ("opname", "opcode", "arg", "argval", "argrepr", "offset", "start_offset",
             "starts_line", "line_number", "label", "positions", "cache_info"),
}
#: the shape's defaults (trailing fields), as each version's namedtuple declares them
_DEFAULTS = {"3.4": None, "3.11": [None], "3.13": [None, None, None]}


class Instruction(tuple):  # type: ignore[type-arg]
    """Common base of every version's ``Instruction`` class (for ``isinstance``).

    The fields are those of the version's own ``dis.Instruction`` (see the
    module docstring); ``opname``, ``opcode``, ``arg``, ``argval``, ``argrepr``
    and ``offset`` exist in every shape.
    """

    __slots__ = ()
    opname: str
    opcode: int
    arg: Optional[int]
    argval: Any
    argrepr: str
    offset: int


class _Classic(Instruction):
    """Methods of the 3.4-3.12 shapes."""

    __slots__ = ()
    starts_line: Optional[int]
    is_jump_target: bool

    def _disassemble(
        self, lineno_width: int = 3, mark_as_current: bool = False, offset_width: int = 4
    ) -> str:
        """Return the instruction's ``dis`` line, as ``Instruction._disassemble`` does."""
        fields = []
        if lineno_width:
            if self.starts_line is not None:
                fields.append("%*d" % (lineno_width, self.starts_line))  # noqa: UP031
            else:
                fields.append(" " * lineno_width)
        fields.append("-->" if mark_as_current else "   ")
        fields.append(">>" if self.is_jump_target else "  ")
        fields.append(repr(self.offset).rjust(offset_width))
        fields.append(self.opname.ljust(_OPNAME_WIDTH))
        if self.arg is not None:
            fields.append(repr(self.arg).rjust(_OPARG_WIDTH))
            if self.argrepr:
                fields.append("(" + self.argrepr + ")")
        return " ".join(fields).rstrip()


class _Labelled(Instruction):
    """Methods of the 3.13+ shape; ``_table`` is set on each version's subclass."""

    __slots__ = ()
    _table: opcodes.OpTable
    start_offset: int
    starts_line: bool
    line_number: Optional[int]
    label: Optional[int]
    cache_info: Optional[list[tuple[str, int, bytes]]]

    @property
    def oparg(self) -> Optional[int]:
        """Alias for ``arg``."""
        return self.arg

    @property
    def baseopcode(self) -> int:
        """The base operation's opcode when this one is specialized, else ``opcode``."""
        op = self.opcode
        return self._table.deop[op] if 0 <= op < 256 else op

    @property
    def baseopname(self) -> str:
        """The base operation's name when this one is specialized, else ``opname``."""
        op = self.baseopcode
        if 0 <= op < 256:
            return self._table.names[op]
        return self._table.pseudo.get(op, (self.opname, 0))[0]

    @property
    def cache_offset(self) -> int:
        """Offset of the inline cache entries after the instruction."""
        return self.offset + 2

    @property
    def end_offset(self) -> int:
        """Offset just past the instruction's inline cache entries."""
        op = self.opcode
        return self.cache_offset + 2 * (self._table.caches[op] if 0 <= op < 256 else 0)

    @property
    def jump_target(self) -> Optional[int]:
        """Offset this instruction jumps to, or None if it is no jump."""
        from .decode import jump_target

        if self.arg is None or not 0 <= self.opcode < 256:
            return None
        return jump_target(self._table, self.offset, self.opcode, self.arg, True)

    @property
    def is_jump_target(self) -> bool:
        """True when the instruction has a label."""
        return self.label is not None

    def __str__(self) -> str:
        fields = ["", "   ", self.opname.ljust(_OPNAME_WIDTH)]
        if self.arg is not None:
            excess = max(0, len(self.opname) - _OPNAME_WIDTH)
            fields.append(repr(self.arg).rjust(_OPARG_WIDTH - excess))
            if self.argrepr:
                fields.append("(" + self.argrepr + ")")
        return " ".join(fields).rstrip() + "\n"


_TYPES: dict[str, type] = {}


def instruction_type(table: opcodes.OpTable) -> type:
    """Return the ``Instruction`` class of ``table``'s line (built once per line)."""
    found = _TYPES.get(table.key)
    if found is None:
        shape = table.traits["instruction"]
        base_tuple = namedtuple(  # type: ignore[misc]  # (fields are data)
            "Instruction", _FIELDS[shape], defaults=_DEFAULTS[shape]  # type: ignore[misc]
        )
        mixin = _Labelled if shape == "3.13" else _Classic
        namespace: dict[str, Any] = {"__slots__": (), "__doc__": base_tuple.__doc__,
                                     "_table": table}
        if shape == "3.13":

            def make(
                opname: str, arg: Optional[int], argval: Any, argrepr: str, offset: int,
                start_offset: int, starts_line: bool, line_number: Optional[int],
                label: Optional[int] = None, positions: Any = None, cache_info: Any = None,
            ) -> Any:
                """Return an instruction built from its name (``Instruction.make``)."""
                return found_cls(opname, table.opmap[opname], arg, argval, argrepr, offset,
                                 start_offset, starts_line, line_number, label, positions,
                                 cache_info)

            namespace["make"] = staticmethod(make)
        # The mixin comes first so its properties win over nothing and its methods are
        # found; the namedtuple supplies the fields, __new__, _replace, _asdict...
        found_cls = type("Instruction", (mixin, base_tuple), namespace)
        found = _TYPES[table.key] = found_cls
    return found


def build_instructions(
    lst: Listing, line_offset: int = 0, show_caches: bool = False,
    labels: Optional[frozenset[int]] = None,
) -> Iterator[Any]:
    """Yield the :class:`Instruction` objects of ``lst``'s code, as the version's
    ``dis`` builds them (``line_offset`` added to line numbers; ``show_caches``:
    3.11/3.12 ``CACHE`` pseudo-instructions; ``labels``: the label offsets to use
    instead of the listing's, as 3.13+ ``get_instructions`` numbers jump targets only).
    """
    table = lst.table
    shape = table.traits["instruction"]
    cls = instruction_type(table)
    names = table.names
    resolve = lst.argument
    starts = lst.linestarts
    if shape == "3.4":
        label_set = lst.labels if labels is None else labels
        for offset, _start, op, arg in lst.raw:
            line = starts.get(offset)
            if line is not None:
                line += line_offset
            argval, argrepr = resolve(offset, op, arg)
            yield cls(names[op], op, arg, argval, argrepr, offset, line, offset in label_set)
        return
    if shape == "3.11":
        yield from _build_311(lst, cls, line_offset, show_caches,
                              lst.labels if labels is None else labels)
        return
    yield from _build_313(lst, cls, line_offset, labels)


def _build_311(
    lst: Listing, cls: Any, line_offset: int, show_caches: bool, label_set: frozenset[int]
) -> Iterator[Any]:
    table = lst.table
    names = table.names
    starts = lst.linestarts
    caches = table.caches
    deop = table.deop
    cache_repr = table.traits["cache_repr"]
    positions = lst.positions
    n_units = len(positions)
    co_code = lst.co_code
    none4 = (None, None, None, None)
    cache_op = table.opmap.get("CACHE", 0)
    for offset, _start, op, arg in lst.raw:
        line = starts.get(offset)
        if line is not None:
            line += line_offset
        argval, argrepr = lst.argument(offset, op, arg)
        unit = offset // 2
        pos = Positions(*(positions[unit] if unit < n_units else none4))
        yield cls(names[op], op, arg, argval, argrepr, offset, line, offset in label_set, pos)
        if not show_caches or not caches[op]:
            continue
        coff = offset
        base = deop[op]
        for name, size in table.cache_format.get(names[base], ()):
            for i in range(size):
                coff += 2
                text = ""
                # 3.11 names a cache's value only once the instruction is quickened
                if i == 0 and (cache_repr == "each" or op != base):
                    data = co_code[coff : coff + 2 * size]
                    text = f"{name}: {int.from_bytes(data, 'little')}"
                cunit = coff // 2
                cpos = Positions(*(positions[cunit] if cunit < n_units else none4))
                yield cls("CACHE", cache_op, 0, None, text, coff, None, False, cpos)


def _build_313(
    lst: Listing, cls: Any, line_offset: int, labels: Optional[frozenset[int]]
) -> Iterator[Any]:
    table = lst.table
    names = table.names
    starts = lst.linestarts
    positions = lst.positions
    n_units = len(positions)
    none4 = (None, None, None, None)
    if labels is None:
        resolve = lst.argument
        numbers = lst.label_numbers
    else:
        numbers = {off: i + 1 for i, off in enumerate(sorted(labels))}
        resolve = lst.resolver_with(numbers).resolve
    local_line: Optional[int] = None
    for offset, start, op, arg in lst.raw:
        starts_line = offset in starts
        if starts_line:
            local_line = starts[offset]
        line = None if local_line is None else local_line + line_offset
        unit = offset // 2
        pos = Positions(*(positions[unit] if unit < n_units else none4))
        argval, argrepr = resolve(offset, op, arg)
        yield cls(names[op], op, arg, argval, argrepr, offset, start, starts_line, line,
                  numbers.get(offset), pos, lst.cache_info(offset, op))
