"""Editing code objects of any version: validated replacement and common edits.

Every function here returns a *new* :class:`~bytescope.code.Code`; nothing is
modified in place.  :func:`replace` is :meth:`Code.replace` plus
:func:`validate`, which names the first problem found (a constant or name
index out of range, a jump beyond the end, an opcode the version does not
have, a field of the wrong type) *before* anything is written.

Helpers for the common edits:

* :func:`replace_const` -- swap a constant everywhere (nested code objects and
  tuple/frozenset constants included);
* :func:`rename_global` -- rename an entry of ``co_names``;
* :func:`patch_instruction` -- change one instruction in place (same size);
* :func:`set_line_starts` -- rebuild the line table from ``(offset, line)``
  pairs (versions up to 3.10), and :func:`set_positions` -- from per-unit
  positions (3.11+); the encoders behind them are :func:`encode_lnotab`,
  :func:`encode_linetable_310` and :func:`encode_locations`;
* :func:`map_code` -- apply a function to every nested code object;
* :func:`write_pyc` -- validate, then write a pyc with the edited code.

Opcode knowledge comes from :mod:`bytescope.versions.opcodes`; where a line
has no opcode table yet, instruction-level checks are skipped (the field-level
checks still run).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional, Sequence, Union

from .code import LIST_FIELDS, NAME_TUPLE_FIELDS, TUPLE_FIELDS, Code
from .errors import BytescopeError, UnsupportedVersion
from .marshal.writer import same_object
from .values import FrozenDict, OrderedFrozenset, OrderedSet

__all__ = [
    "EditError",
    "validate",
    "replace",
    "map_code",
    "replace_const",
    "rename_global",
    "patch_instruction",
    "encode_lnotab",
    "encode_linetable_310",
    "encode_locations",
    "set_line_starts",
    "set_positions",
    "positions_to_entries",
    "same_value",
    "write_pyc",
]

Position = tuple[Optional[int], Optional[int], Optional[int], Optional[int]]


class EditError(BytescopeError):
    """An edit would produce an invalid code object; the message names the problem.

    ``offset`` is the byte offset inside ``co_code`` when the problem is an
    instruction; ``where`` names the code object (``<module>/f/<lambda>``).
    """

    def __init__(self, message: str, *, where: str = "", offset: Optional[int] = None,
                 expected: Optional[str] = None) -> None:
        self.where = where
        prefix = f"{where}: " if where else ""
        loc = f" (co_code offset {offset})" if offset is not None else ""
        super().__init__(f"{prefix}{message}{loc}", expected=expected)
        self.offset = offset


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------

_INT_RANGES = {"i": (-(2**31), 2**31 - 1), "h": (-(2**15), 2**15 - 1)}
# The tuples stored before 3.11 (3.11+ stores localsplus; the three are derived).
_TUPLE_FIELDS = tuple(f for f in TUPLE_FIELDS if f != "co_localsplusnames")
_NAME_TUPLES = tuple(f for f in NAME_TUPLE_FIELDS if f != "co_localsplusnames")


def _label(code: Code) -> str:
    name = code.co_qualname if code.co_qualname is not None else code.co_name
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return str(name)


def validate(code: Code, *, recursive: bool = True) -> None:
    """Check ``code`` (and, by default, every nested code object) for consistency.

    Returns None when the code can be written and loaded by its version.
    Raises :class:`EditError` naming the code object, the field or the
    instruction offset, and what was expected.  Iterative: deep nesting is fine.
    """
    stack: list[tuple[Code, str]] = [(code, _label(code))]
    while stack:
        current, where = stack.pop()
        _validate_fields(current, where)
        _validate_instructions(current, where)
        if recursive:
            # Nested code objects, also those inside tuple/frozenset constants.
            pending: list[Any] = list(current.co_consts)
            while pending:
                const = pending.pop()
                if isinstance(const, Code):
                    stack.append((const, f"{where}/{_label(const)}"))
                elif isinstance(const, (tuple, frozenset)):
                    pending.extend(const)


def _validate_fields(code: Code, where: str) -> None:
    from .code import LAYOUT_TO_ATTR

    v = code.version
    for name, kind in v.code_layout:
        attr = LAYOUT_TO_ATTR[name]
        value = getattr(code, attr)
        if kind in _INT_RANGES:
            lo, hi = _INT_RANGES[kind]
            if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
                raise EditError(
                    f"{attr} = {value!r} does not fit the {v.name} field",
                    where=where,
                    expected=f"an int from {lo} to {hi}",
                )
    if not isinstance(code.co_code, bytes):
        raise EditError("co_code is not bytes", where=where, expected="bytes")
    if v.wordcode and len(code.co_code) % 2:
        raise EditError(
            f"co_code has odd length {len(code.co_code)}", where=where,
            expected="whole 2-byte code units (wordcode)",
        )
    for attr in _TUPLE_FIELDS:
        want = list if v.code_lists and attr in LIST_FIELDS else tuple
        if not isinstance(getattr(code, attr), want):
            raise EditError(
                f"{attr} is not a {want.__name__}", where=where, expected=f"a {want.__name__}"
            )
    texts = code.version.name_types
    for attr in _NAME_TUPLES:
        for i, name in enumerate(getattr(code, attr)):
            if not isinstance(name, texts):
                raise EditError(
                    f"{attr}[{i}] = {name!r} is not a name", where=where,
                    expected="a str" if texts == (str,) else "bytes or str",
                )
    for attr in ("co_filename", "co_name"):
        if not isinstance(getattr(code, attr), texts):
            raise EditError(f"{attr} is not a string", where=where, expected="a string")
    if v.has_qualname and not isinstance(code.co_qualname, str):
        raise EditError("co_qualname is not a str", where=where, expected="a str")
    for attr in ("co_linetable", "co_exceptiontable"):
        if not isinstance(getattr(code, attr), bytes):
            raise EditError(f"{attr} is not bytes", where=where, expected="bytes")
    for i, const in enumerate(code.co_consts):
        if isinstance(const, Code) and const.version.key != v.key:
            raise EditError(
                f"co_consts[{i}] is a {const.version.name} code object inside {v.name} code",
                where=where, expected=f"nested code of {v.name}",
            )


def _op_table(code: Code) -> Any:
    from .versions.opcodes import table

    try:
        return table(code.version)
    except UnsupportedVersion:
        return None


def _validate_instructions(code: Code, where: str) -> None:
    from .bytecode.listing import listing
    from .bytecode.resolve import fast_local_names
    from .versions import opcodes as k

    tab = _op_table(code)
    if tab is None:
        return
    lst = listing(code)
    instrs = lst.raw
    size = len(lst.co_code)
    starts = {start for _o, start, _op, _a in instrs} | {o for o, _s, _op, _a in instrs}
    v = code.version
    nconsts = len(code.co_consts)
    nnames = len(code.co_names or ())  # (None refused by _validate_fields)
    if v.has_localsplus:
        nlocal = nfree = len(code.co_localsplusnames or ())
    else:
        nlocal = len(fast_local_names(code, tab))
        nfree = len(code.co_cellvars or ()) + len(code.co_freevars or ())
    traits = tab.traits
    name_shift = {k.K_NAME: 0, k.K_GLOBAL: 1, k.K_ATTR: 1, k.K_SUPER_ATTR: 2, k.K_IMPORT_NAME: 2}
    limits = {
        k.K_COMPARE: ("comparison", len(tab.cmp_op), traits["cmp_shift"]),
        k.K_BINARY_OP: ("binary operator", len(tab.nb_ops), 0),
        k.K_INTRINSIC_1: ("intrinsic", len(tab.intrinsic_1), 0),
        k.K_INTRINSIC_2: ("intrinsic", len(tab.intrinsic_2), 0),
        k.K_COMMON_CONST: ("common constant", len(tab.common_constants), 0),
        k.K_SPECIAL: ("special method", len(tab.special_method_names), 0),
    }
    for offset, _start, op, arg in instrs:
        name = tab.names[op]
        if name.startswith("<"):
            raise EditError(
                f"opcode {op} does not exist in {v.name}", where=where, offset=offset,
                expected="an opcode of that version's table",
            )
        end = offset + (2 + 2 * tab.caches[op] if v.wordcode else (3 if tab.hasarg[op] else 1))
        if end > size:
            raise EditError(
                f"{name} runs past the end of co_code ({size} bytes)", where=where,
                offset=offset, expected="a complete instruction (argument and caches)",
            )
        if arg is None:
            continue
        if arg < 0:
            raise EditError(f"{name} has a negative argument {arg}", where=where, offset=offset)
        kind = tab.kinds[tab.deop[op]]
        if kind == k.K_CONST:
            _check_index(arg, nconsts, "co_consts", name, where, offset)
        elif kind in name_shift:
            _check_index(arg >> name_shift[kind], nnames, "co_names", name, where, offset)
        elif kind == k.K_LOCAL:
            _check_index(arg, nlocal, "local variables", name, where, offset)
        elif kind == k.K_FREE:
            _check_index(arg, nfree, "cell/free variables", name, where, offset)
        elif kind == k.K_LOCAL_PAIR:
            _check_index(arg >> 4, nlocal, "local variables", name, where, offset)
            _check_index(arg & 15, nlocal, "local variables", name, where, offset)
        elif kind in limits:
            what, count, shift = limits[kind]
            if count:
                _check_index(arg >> shift, count, f"{what} table", name, where, offset)
        target = lst.jump_target(offset)
        if target is not None:
            if not 0 <= target < size:
                raise EditError(
                    f"{name} jumps to offset {target}, beyond the end of co_code ({size} bytes)",
                    where=where, offset=offset, expected="a target inside the code",
                )
            if target not in starts:
                raise EditError(
                    f"{name} jumps to offset {target}, which is not an instruction start",
                    where=where, offset=offset, expected="the offset of an instruction",
                )


def _check_index(index: int, count: int, table: str, name: str, where: str, offset: int) -> None:
    if index >= count:
        raise EditError(
            f"{name} uses index {index} of {table}, which has {count} item(s)",
            where=where, offset=offset, expected=f"an index below {count}",
        )


def replace(code: Code, *, validate_result: bool = True, **changes: Any) -> Code:
    """Return a copy of ``code`` with fields replaced (``co_consts=...``), validated.

    Field names are CPython's (``co_code``, ``co_names``, ...).  Raises
    :class:`EditError` when the result is inconsistent and ``TypeError`` for
    unknown field names.
    """
    try:
        new = code.replace(**changes)
    except BytescopeError as exc:
        raise EditError(str(exc), where=_label(code)) from None
    if validate_result:
        validate(new)
    return new


# ---------------------------------------------------------------------------
# walking code trees and constants (iteratively)
# ---------------------------------------------------------------------------


def map_code(code: Code, fn: Callable[[Code], Code]) -> Code:
    """Return ``code`` with ``fn`` applied to it and every nested code object.

    Nested code objects are rebuilt first (post-order), so ``fn`` sees each
    code with its children already transformed.  Code objects found inside
    tuple constants are visited too.  Unchanged subtrees keep their identity.
    """
    return _transform(code, lambda value: value, fn)


def _transform(root: Any, leaf: Callable[[Any], Any], on_code: Callable[[Code], Code]) -> Any:
    """Rebuild ``root`` bottom-up: ``leaf`` may replace any value (then it is not walked),
    and ``on_code`` maps every code object after its constants were rebuilt.

    Walks tuples, lists, sets, frozensets, dicts, frozendicts and code
    ``co_consts``; other fields of code objects are left as they are.
    """
    done: dict[int, Any] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    keep: list[Any] = []  # keep visited objects alive so ids stay unique
    while stack:
        value, expanded = stack.pop()
        key = id(value)
        if key in done and not expanded:
            continue
        if not expanded:
            replaced = leaf(value)
            children = None if replaced is not value else _children(value)
            if children is None:
                done[key] = replaced
                keep.append(value)
                continue
            stack.append((value, True))
            stack.extend((c, False) for c in children if id(c) not in done)
            continue
        children = _children(value) or []
        new_children = [done[id(c)] for c in children]
        changed = any(n is not c for n, c in zip(new_children, children))
        rebuilt = _rebuild(value, new_children) if changed else value
        if isinstance(rebuilt, Code):
            rebuilt = on_code(rebuilt)
        done[key] = rebuilt
        keep.append(value)
    return done[id(root)]


def _children(value: Any) -> Optional[list[Any]]:
    if isinstance(value, Code):
        return list(value.co_consts)
    if isinstance(value, (tuple, list)):
        return list(value)
    if isinstance(value, (frozenset, set)):
        return list(getattr(value, "order", value))
    if isinstance(value, (dict, FrozenDict)):
        return [x for kv in value.items() for x in kv]
    return None


def _like(sequence: Sequence[Any], items: Iterable[Any]) -> Sequence[Any]:
    """Return ``items`` as the kind of sequence ``sequence`` is (a list in Python 1.0's code)."""
    return list(items) if isinstance(sequence, list) else tuple(items)


def _rebuild(value: Any, items: list[Any]) -> Any:
    if isinstance(value, Code):
        return value.replace(co_consts=_like(value.co_consts, items))
    if isinstance(value, tuple):
        return tuple(items)
    if isinstance(value, list):
        return list(items)
    if isinstance(value, OrderedFrozenset):
        return OrderedFrozenset(items)
    if isinstance(value, frozenset):
        return frozenset(items)
    if isinstance(value, set):
        return OrderedSet(items)
    pairs = list(zip(items[0::2], items[1::2]))
    return FrozenDict(pairs) if isinstance(value, FrozenDict) else dict(pairs)


def same_value(a: Any, b: Any) -> bool:
    """Return True when ``a`` and ``b`` are the same constant (type and exact value).

    Unlike ``==``: ``1``, ``1.0`` and ``True`` differ; ``0.0`` and ``-0.0``
    differ; NaNs match when their bits do; Python 2 ``str`` (bytes) and ``unicode``
    (str) differ.  Containers and code objects compare item by item,
    iteratively (see :func:`bytescope.marshal.writer.same_object`).
    """
    return same_object(a, b)


def replace_const(code: Code, old: Any, new: Any, *, recursive: bool = True,
                  must_match: bool = True) -> Code:
    """Return ``code`` with every constant equal to ``old`` replaced by ``new``.

    Equality is :func:`same_value` (type-exact).  With ``recursive`` (the
    default) nested code objects and items of tuple/frozenset constants are
    replaced too.  Returns ``code`` itself when nothing matched and
    ``must_match`` is False.  Raises :class:`EditError` when nothing matched
    (``must_match``), and when the result does not validate.
    """
    count = [0]

    def leaf(value: Any) -> Any:
        if same_value(value, old):
            count[0] += 1
            return new
        return value

    if recursive:
        result = _transform(code, leaf, lambda c: c)
    else:
        consts = _like(code.co_consts, (leaf(c) for c in code.co_consts))
        result = code.replace(co_consts=consts) if count[0] else code
    if not count[0]:
        if not must_match:
            return code
        raise EditError(f"no constant {old!r} found", where=_label(code))
    validate(result, recursive=recursive)
    return result


def rename_global(code: Code, old: Union[str, bytes], new: Union[str, bytes], *,
                  recursive: bool = True) -> Code:
    """Return ``code`` with ``co_names`` entries ``old`` renamed to ``new``.

    ``co_names`` holds globals, attributes and imported names; every use of
    the entry changes.  For Python 2 code ``str`` arguments are encoded to
    the byte-string names such code uses.  Raises :class:`EditError` when no
    code object had the name.
    """
    if code.version.is_py2:
        old = old.encode("utf-8") if isinstance(old, str) else old
        new = new.encode("utf-8") if isinstance(new, str) else new
    count = [0]

    def one(c: Code) -> Code:
        names = c.co_names or ()
        if old not in names:
            return c
        count[0] += 1
        return c.replace(co_names=_like(names, (new if n == old else n for n in names)))

    result = map_code(code, one) if recursive else one(code)
    if not count[0]:
        raise EditError(f"no name {old!r} in co_names", where=_label(code))
    return result


# ---------------------------------------------------------------------------
# patching one instruction
# ---------------------------------------------------------------------------


def _resolve_opcode(tab: Any, op: Union[str, int], where: str, offset: int) -> int:
    if isinstance(op, str):
        number = tab.opmap.get(op)
        if number is None:
            raise EditError(f"no opcode named {op!r} in CPython {tab.key}", where=where,
                            offset=offset)
        return int(number)
    if not 0 <= op < 256 or tab.names[op].startswith("<"):
        raise EditError(f"opcode {op} does not exist in CPython {tab.key}", where=where,
                        offset=offset)
    return op


def patch_instruction(code: Code, offset: int, op: Union[str, int],
                      arg: Optional[int] = None) -> Code:
    """Return ``code`` with the instruction at ``offset`` replaced by ``op``/``arg``.

    ``offset`` is the instruction's offset as ``dis`` shows it (or the start of
    its ``EXTENDED_ARG`` prefixes).  The new instruction must fit the old
    one's bytes, prefixes and inline caches included (nothing moves, so no
    jump needs relocating); spare room is filled with ``NOP``/``EXTENDED_ARG 0``.
    Inline caches are reset to zero.  Raises :class:`EditError` when the
    version has no opcode table, the opcode is unknown, the argument does not
    fit or the result does not validate.
    """
    from .bytecode.listing import listing

    where = _label(code)
    tab = _op_table(code)
    if tab is None:
        raise EditError(f"no opcode table for {code.version.name}", where=where, offset=offset)
    number = _resolve_opcode(tab, op, where, offset)
    ext = tab.extended_arg
    instrs = [i for i in listing(code).raw if tab.deop[i[2]] != ext]
    found = [i for i in instrs if offset in (i[0], i[1])]
    if not found:
        raise EditError(f"no instruction starts at offset {offset}", where=where, offset=offset)
    at, start, old_op, _old_arg = found[0]
    wordcode = code.version.wordcode
    if wordcode:
        end = at + 2 + 2 * tab.caches[old_op]
        new_body = _encode_wordcode(tab, number, arg, where, at)
    else:
        end = at + (3 if tab.hasarg[old_op] else 1)
        new_body = _encode_bytecode(tab, number, arg, where, at)
    room = end - start
    if len(new_body) > room:
        raise EditError(
            f"{tab.names[number]} with argument {arg} needs {len(new_body)} bytes; the "
            f"instruction it replaces has {room}",
            where=where, offset=at, expected="an instruction of the same size "
            "(patch_instruction never moves code)",
        )
    pad = _padding(tab, room - len(new_body), number, wordcode)
    raw = code.co_code[:start] + pad + new_body + code.co_code[end:]
    result = code.replace(co_code=bytes(raw))
    validate(result, recursive=False)
    return result


def _encode_wordcode(tab: Any, op: int, arg: Optional[int], where: str, offset: int) -> bytes:
    caches = bytes(2 * tab.caches[op])
    if not tab.hasarg[op]:
        if arg:
            raise EditError(f"{tab.names[op]} takes no argument", where=where, offset=offset)
        return bytes((op, 0)) + caches
    if arg is None or arg < 0 or arg >= 2**32:
        raise EditError(f"{tab.names[op]} needs an argument from 0 to 2**32-1, got {arg}",
                        where=where, offset=offset)
    out = bytearray()
    shift = 24
    while shift:
        if arg >> shift:
            out += bytes((tab.extended_arg, (arg >> shift) & 0xFF))
        shift -= 8
    return bytes(out) + bytes((op, arg & 0xFF)) + caches


def _encode_bytecode(tab: Any, op: int, arg: Optional[int], where: str, offset: int) -> bytes:
    if not tab.hasarg[op]:
        if arg:
            raise EditError(f"{tab.names[op]} takes no argument", where=where, offset=offset)
        return bytes((op,))
    if arg is None or arg < 0 or arg >= 2**32:
        raise EditError(f"{tab.names[op]} needs an argument from 0 to 2**32-1, got {arg}",
                        where=where, offset=offset)
    out = b""
    if arg >> 16:
        if tab.extended_arg < 0:
            raise EditError(f"argument {arg} needs EXTENDED_ARG, which this version lacks",
                            where=where, offset=offset)
        out = bytes((tab.extended_arg, (arg >> 16) & 0xFF, (arg >> 24) & 0xFF))
    return out + bytes((op, arg & 0xFF, (arg >> 8) & 0xFF))


def _padding(tab: Any, size: int, op: int, wordcode: bool) -> bytes:
    if not size:
        return b""
    nop = tab.opmap.get("NOP")
    if wordcode:
        unit = bytes((nop, 0)) if nop is not None else bytes((tab.extended_arg, 0))
        return unit * (size // 2)
    if nop is None:
        raise EditError(f"no NOP in CPython {tab.key} to pad the patched instruction")
    return bytes((nop,)) * size


# ---------------------------------------------------------------------------
# line tables
# ---------------------------------------------------------------------------


def _sorted_pairs(pairs: Iterable[tuple[int, Optional[int]]]) -> list[tuple[int, Optional[int]]]:
    out = list(pairs)
    for i in range(1, len(out)):
        if out[i][0] < out[i - 1][0]:
            raise EditError(
                f"line pairs are not in offset order: {out[i - 1][0]} then {out[i][0]}",
                expected="(offset, line) pairs sorted by offset",
            )
    return out


def encode_lnotab(pairs: Iterable[tuple[int, Optional[int]]], firstlineno: int, *,
                  signed: bool = True) -> bytes:
    """Return a ``co_lnotab`` for ``(offset, line)`` line starts (Python <= 3.9).

    ``signed`` selects 3.6+ signed line increments (-128..127 per entry);
    unsigned tables (<= 3.5) cannot go back to an earlier line.  The entries
    are split the way CPython's compiler splits them.  Raises
    :class:`EditError` for unsorted offsets, a line going backwards in an
    unsigned table, or ``None`` lines (not representable before 3.10).
    """
    out = bytearray()
    last_off, last_line = 0, firstlineno
    for offset, line in _sorted_pairs(pairs):
        if line is None:
            raise EditError(f"offset {offset} has no line; lnotab cannot say so",
                            expected="an int line for every pair")
        d_off = offset - last_off
        d_line = line - last_line
        if d_off == 0 and d_line == 0:
            continue
        while d_off > 255:
            out += b"\xff\x00"
            d_off -= 255
        if signed:
            if d_line > 127 or d_line < -128:
                k = 127 if d_line > 0 else -128
                count = d_line // 127 if d_line > 0 else (-d_line) // 128
                d_line -= count * k
                out += bytes((d_off, k & 0xFF))
                out += bytes((0, k & 0xFF)) * (count - 1)
                d_off = 0
        else:
            if d_line < 0:
                raise EditError(
                    f"line {line} at offset {offset} is before line {last_line}; an unsigned "
                    "lnotab (<= 3.5) cannot go back", expected="non-decreasing lines",
                )
            if d_line > 255:
                count = d_line // 255
                d_line -= count * 255
                out += bytes((d_off, 255)) + b"\x00\xff" * (count - 1)
                d_off = 0
        out += bytes((d_off, d_line & 0xFF))
        last_off, last_line = offset, line
    return bytes(out)


def encode_linetable_310(pairs: Iterable[tuple[int, Optional[int]]], firstlineno: int,
                         code_len: int) -> bytes:
    """Return a 3.10 ``co_linetable`` for ``(offset, line)`` starts (``line`` may be None).

    Each pair's line covers the bytes up to the next pair (the last one up to
    ``code_len``); bytes before the first pair get no line.  Raises
    :class:`EditError` for unsorted pairs or offsets past the end.
    """
    starts = _sorted_pairs(pairs)
    if starts and starts[0][0] > 0:
        starts.insert(0, (0, None))  # the table covers the code from offset 0
    out = bytearray()
    prev_line = firstlineno
    for i, (offset, line) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else code_len
        if offset > code_len or end > code_len:
            raise EditError(f"line start {offset} is past the end of the code ({code_len})")
        bdelta = end - offset
        if bdelta == 0:
            continue
        if line is None:
            ldelta = -128
        else:
            ldelta = line - prev_line
            prev_line = line
            while ldelta > 127:
                out += b"\x00\x7f"
                ldelta -= 127
            while ldelta < -127:
                out += bytes((0, (-127) & 0xFF))
                ldelta += 127
        while bdelta > 254:
            out += bytes((254, ldelta & 0xFF))
            ldelta = -128 if line is None else 0
            bdelta -= 254
        out += bytes((bdelta, ldelta & 0xFF))
    return bytes(out)


def _varint(out: bytearray, value: int) -> None:
    while value >= 64:
        out.append(0x40 | (value & 63))
        value >>= 6
    out.append(value)


def _svarint(out: bytearray, value: int) -> None:
    _varint(out, ((-value) << 1) | 1 if value < 0 else value << 1)


def encode_locations(entries: Iterable[tuple[int, Position]], firstlineno: int) -> bytes:
    """Return a 3.11+ location table for ``(code_units, position)`` entries.

    ``position`` is ``(line, end_line, col, end_col)``, any part None.  Each
    entry is written in the shortest form CPython's assembler would pick
    (entries longer than 8 units are split), so re-encoding a compiler's own
    table gives its exact bytes.  Raises :class:`EditError` for a negative
    length or an end line before the line.
    """
    out = bytearray()
    prev = firstlineno
    for units, position in entries:
        if units < 0:
            raise EditError(f"negative location entry length {units}")
        while units > 0:
            size = min(units, 8)
            prev = _location_entry(out, size, position, prev)
            units -= size
    return bytes(out)


def _location_entry(out: bytearray, size: int, position: Position, prev: int) -> int:
    line, end_line, col, end_col = position
    head = 0x80 | (size - 1)
    if line is None:
        out.append(head | (15 << 3))
        return prev
    delta = line - prev
    if col is None or end_col is None:
        if end_line is None or end_line == line:
            out.append(head | (13 << 3))
            _svarint(out, delta)
            return line
    elif end_line == line:
        if delta == 0 and col < 80 and 0 <= end_col - col < 16:
            out.append(head | ((col >> 3) << 3))
            out.append(((col & 7) << 4) | (end_col - col))
            return line
        if 0 <= delta < 3 and col < 128 and end_col < 128:
            out.append(head | ((10 + delta) << 3))
            out.append(col)
            out.append(end_col)
            return line
    if end_line is None:
        end_line = line
    if end_line < line:
        raise EditError(f"end line {end_line} is before line {line}",
                        expected="end_line >= line")
    out.append(head | (14 << 3))
    _svarint(out, delta)
    _varint(out, end_line - line)
    _varint(out, 0 if col is None else col + 1)
    _varint(out, 0 if end_col is None else end_col + 1)
    return line


def positions_to_entries(positions: Sequence[Position]) -> list[tuple[int, Position]]:
    """Group per-code-unit positions into ``(units, position)`` runs."""
    entries: list[tuple[int, Position]] = []
    for position in positions:
        position = tuple(position)  # type: ignore[assignment]
        if entries and entries[-1][1] == position:
            entries[-1] = (entries[-1][0] + 1, position)
        else:
            entries.append((1, position))
    return entries


def set_line_starts(code: Code, pairs: Iterable[tuple[int, Optional[int]]]) -> Code:
    """Return ``code`` with its line table rebuilt from ``(offset, line)`` starts.

    For versions up to 3.10 (lnotab, signed lnotab, 3.10 linetable).  Raises
    :class:`EditError` on 3.11+ (use :func:`set_positions`) and on pairs the
    format cannot hold.
    """
    kind = code.version.line_table
    pairs = list(pairs)
    if kind == "locations":
        raise EditError(f"{code.version.name} uses a location table; use set_positions()",
                        where=_label(code))
    if kind == "set_lineno":
        raise EditError(f"{code.version.name} has no line table: its lines are SET_LINENO "
                        "instructions (use patch_instruction())", where=_label(code))
    for offset, _line in pairs:
        if not 0 <= offset <= len(code.co_code):
            raise EditError(f"line start {offset} is outside the code ({len(code.co_code)} bytes)",
                            where=_label(code))
    if kind == "linetable":
        table = encode_linetable_310(pairs, code.co_firstlineno, len(code.co_code))
    else:
        table = encode_lnotab(pairs, code.co_firstlineno, signed=kind == "lnotab_signed")
    return code.replace(co_linetable=table)


def set_positions(code: Code, positions: Sequence[Position]) -> Code:
    """Return 3.11+ ``code`` with a location table for one position per code unit.

    ``positions`` has ``len(co_code) // 2`` items of ``(line, end_line, col,
    end_col)``.  Raises :class:`EditError` on older versions or a wrong count.
    """
    if code.version.line_table != "locations":
        raise EditError(f"{code.version.name} has no position table; use set_line_starts()",
                        where=_label(code))
    units = len(code.co_code) // 2
    if len(positions) != units:
        raise EditError(f"{len(positions)} positions for {units} code units",
                        where=_label(code), expected="one position per 2-byte code unit")
    table = encode_locations(positions_to_entries(positions), code.co_firstlineno)
    return code.replace(co_linetable=table)


def write_pyc(pyc: Any, code: Code, path: Optional[str] = None, *, header: Any = None) -> bytes:
    """Validate ``code`` and return (and, with ``path``, write) ``pyc`` holding it instead.

    The original header is kept unless ``header`` (a
    :class:`~bytescope.pyc.Header`, see :func:`bytescope.pyc.make_header`)
    is given; every unedited object is written with the choices recorded in
    ``pyc``'s bytes.  Raises :class:`EditError` before writing anything when
    ``code`` does not validate, and ``OSError`` when ``path`` cannot be written.
    """
    import dataclasses

    validate(code)
    changes: dict[str, Any] = {"code": code}
    if header is not None:
        changes["header"] = header
    data = dataclasses.replace(pyc, **changes).to_bytes()
    if path is not None:
        with open(path, "wb") as fh:
            fh.write(data)
    return data
