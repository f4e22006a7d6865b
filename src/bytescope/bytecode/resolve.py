"""Argument resolution: ``(argval, argrepr)`` as each version's ``dis`` computes them.

:class:`Resolver` is built once per code object; :meth:`Resolver.resolve`
is then a table lookup plus a few string operations per instruction.  Indexes
that point outside a table never raise: the value is :data:`BAD` and the text
says ``<bad const index 9>`` (native ``dis`` would crash there).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from ..versions.opcodes import (
    K_ATTR,
    K_BINARY_OP,
    K_COMMON_CONST,
    K_COMPARE,
    K_CONST,
    K_CONTAINS,
    K_CONVERT,
    K_FORMAT_VALUE,
    K_FREE,
    K_FUNC_FLAGS,
    K_GLOBAL,
    K_IMPORT_NAME,
    K_INT,
    K_INTRINSIC_1,
    K_INTRINSIC_2,
    K_IS,
    K_JABS,
    K_JREL,
    K_LOCAL,
    K_LOCAL_PAIR,
    K_NAME,
    K_SPECIAL,
    K_SUPER_ATTR,
    OpTable,
)
from .decode import jump_target


class _Bad:
    def __repr__(self) -> str:
        return "<bad index>"


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown>"


BAD = _Bad()
"""argval of an argument whose index is outside its table."""
UNKNOWN = _Unknown()
"""argval the version's dis leaves unresolved (3.11 ``KW_NAMES``)."""

_CONVERTERS = ("", "str", "repr", "ascii")
#: the conversion functions dis gives as argval of FORMAT_VALUE / CONVERT_VALUE (the
#: host's builtins: the same functions in every version)
_CONVERTER_FUNCS = (None, str, repr, ascii)


def common_constant(text: str) -> Any:
    """Return the object a ``LOAD_COMMON_CONSTANT`` table entry names: its repr for
    literals (``'None'``, ``"''"``, ``'-1'``), a builtin's name (``'tuple'``) or its
    repr (``'<built-in function all>'``).  Returns :data:`UNKNOWN` for anything else."""
    import ast
    import builtins

    if text.startswith("<built-in function ") and text.endswith(">"):
        text = text[len("<built-in function "):-1]
    if text.isidentifier() and text not in ("None", "True", "False"):
        return getattr(builtins, text, UNKNOWN)
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return UNKNOWN

#: argument kinds whose ``(argval, argrepr)`` depend only on the opcode, the
#: argument and the version's table -- never on the code object or offset
CODE_FREE_KINDS = frozenset((
    K_INT, K_COMPARE, K_BINARY_OP, K_FORMAT_VALUE, K_FUNC_FLAGS, K_CONVERT, K_INTRINSIC_1,
    K_INTRINSIC_2, K_COMMON_CONST, K_SPECIAL, K_IS, K_CONTAINS,
))


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


def fast_local_names(code: Any, table: OpTable) -> tuple[Any, ...]:
    """Return the names of ``code``'s fast locals, in slot order.

    That is ``co_varnames``, except for Python 1.0 - 1.2, whose code objects
    have no such field: there the function starts with ``RESERVE_FAST i``,
    ``co_consts[i]`` mapping each local's name to its slot (a dict in 1.0, a
    tuple of names in 1.1/1.2).  Names are as stored (bytes for Python 2).
    """
    if code.co_varnames or "RESERVE_FAST" not in table.opmap or any(
        name == "varnames" for name, _kind in code.version.code_layout
    ):
        return tuple(code.co_varnames or ())
    from .decode import unpack

    reserve = table.opmap["RESERVE_FAST"]
    for _offset, _start, op, arg in unpack(code.co_code, table, code.version.wordcode):
        if op == reserve and arg is not None:
            slots = code.co_consts[arg] if 0 <= arg < len(code.co_consts) else None
            if isinstance(slots, dict):
                # a crafted file may hold anything here: names by slot or nothing
                if all(isinstance(k, (bytes, str)) and type(v) is int for k, v in slots.items()):
                    order = sorted(slots.items(), key=lambda kv: kv[1])
                    if [v for _k, v in order] == list(range(len(order))):
                        return tuple(k for k, _v in order)
            elif isinstance(slots, (tuple, list)):
                if all(isinstance(k, (bytes, str)) for k in slots):
                    return tuple(slots)
            break
    return ()


class Resolver:
    """Resolve instruction arguments as the version's ``dis`` does.

    Build one per code object with :meth:`of_code`, or from parts (the 3.13+
    ``dis.ArgResolver`` and raw-bytes disassembly have no code object):
    ``consts``, ``names``, ``varnames`` (fast locals, or the 3.11+ localsplus
    names), ``freenames`` (cell and free variables before 3.11), each a
    sequence or None when absent.  ``absent`` says what an absent table gives:
    ``"bad"`` (:data:`BAD` and ``<bad ... index N>``), ``"index"`` (the index
    and its repr, as <= 3.10 dis does for raw bytes) or ``"unknown"``
    (:data:`UNKNOWN` and ``''``, 3.11+).  ``const_repr`` renders a constant as
    the target version's ``repr``; ``labels`` maps offsets to 3.13+ label
    numbers.  :meth:`jump` and :meth:`label` are the hooks for jump targets.
    """

    def __init__(
        self,
        table: OpTable,
        wordcode: bool,
        const_repr: Callable[[Any], str],
        *,
        consts: Optional[Sequence[Any]],
        names: Optional[Sequence[Any]],
        varnames: Optional[Sequence[Any]],
        freenames: Optional[Sequence[Any]],
        labels: Optional[dict[int, int]] = None,
        absent: str = "bad",
    ) -> None:
        self.table = table
        self.traits = table.traits
        self.wordcode = wordcode
        self.const_repr = const_repr
        self.labels = labels or {}
        self.consts = consts
        self.names = names
        self.varnames = varnames
        self.freenames = freenames
        self.absent = absent
        self._const_cache: dict[int, str] = {}

    @classmethod
    def of_code(
        cls, code: Any, table: OpTable, const_repr: Callable[[Any], str],
        labels: Optional[dict[int, int]] = None,
    ) -> Resolver:
        """Return the resolver of ``code``'s instructions (names as text, locals
        in slot order, cells then free variables)."""
        byte_names = bytes in code.version.name_types
        # Python 1.x/2.x name tuples may be None (read as stored): no names.
        names = code.co_names or ()
        if byte_names:
            names = tuple(_text(n) for n in names)
        if code.version.has_localsplus:
            varnames: tuple[Any, ...] = tuple(code.co_localsplusnames or ())
            freenames = varnames
        else:
            varnames = tuple(_text(n) for n in fast_local_names(code, table))
            freenames = tuple(
                _text(n) for n in (code.co_cellvars or ()) + (code.co_freevars or ())
            )
        return cls(table, code.version.wordcode, const_repr, consts=code.co_consts,
                   names=names, varnames=varnames, freenames=freenames, labels=labels)

    # --- hooks ------------------------------------------------------------------

    def jump(self, offset: int, op: int, arg: int) -> Optional[int]:
        """Return the target offset of jump ``op``/``arg`` at ``offset``."""
        return jump_target(self.table, offset, op, arg, self.wordcode)

    def label(self, target: Optional[int]) -> Any:
        """Return the 3.13+ label number of offset ``target`` (``'?'`` if none)."""
        return self.labels.get(target, "?") if target is not None else "?"

    # --- helpers --------------------------------------------------------------

    def _missing(self, i: int, what: str) -> tuple[Any, str]:
        if self.absent == "index":
            return i, repr(i)
        if self.absent == "unknown":
            return UNKNOWN, ""
        return BAD, f"<bad {what} index {i}>"

    def _const(self, i: int) -> tuple[Any, str]:
        consts = self.consts
        if consts is None:
            return self._missing(i, "const")
        if 0 <= i < len(consts):
            text = self._const_cache.get(i)
            if text is None:
                text = self.const_repr(consts[i])
                self._const_cache[i] = text
            return consts[i], text
        return BAD, f"<bad const index {i}>"

    def _name(self, i: int) -> tuple[Any, str]:
        names = self.names
        if names is None:
            return self._missing(i, "name")
        if 0 <= i < len(names):
            return names[i], names[i]
        return BAD, f"<bad name index {i}>"

    def _local(self, i: int, free: bool = False) -> tuple[Any, str]:
        table = self.freenames if free else self.varnames
        if table is None:
            return self._missing(i, "local")
        if 0 <= i < len(table):
            return table[i], table[i]
        return BAD, f"<bad local index {i}>"

    def _pseudo(self, offset: int, op: int, arg: int) -> tuple[Any, str]:
        kind = self.table.pseudo.get(op, ("", K_INT))[1]
        if kind in (K_JREL, K_JABS):
            target = self.jump(offset, op, arg)
            return target, f"to L{self.label(target)}"
        return arg, ""

    @staticmethod
    def _pick(seq: tuple[str, ...], i: int) -> str:
        return seq[i] if 0 <= i < len(seq) else f"<{i}>"

    # --- the resolution ---------------------------------------------------------

    def resolve(self, offset: int, op: int, arg: Optional[int]) -> tuple[Any, str]:
        """Return ``(argval, argrepr)`` of instruction ``op``/``arg`` at ``offset``."""
        if arg is None:
            return None, ""
        table = self.table
        try:
            base = table.deop[op]
        except IndexError:  # a pseudo-instruction (dis.ArgResolver is given those)
            return self._pseudo(offset, op, arg)
        kind = table.kinds[base]
        if kind <= K_INT:
            return arg, ""
        t = self.traits
        if kind == K_CONST:
            if t["const_load_only"] and table.names[base] != "LOAD_CONST":
                return UNKNOWN, ""
            return self._const(arg)
        if kind == K_NAME:
            return self._name(arg)
        if kind in (K_JREL, K_JABS):
            target = self.jump(offset, op, arg)
            if t["text"] == "labels":
                word = "from" if t["async_from"] and table.names[base] == "END_ASYNC_FOR" else "to"
                return target, f"{word} L{self.label(target)}"
            if kind == K_JABS and not t["jabs_repr"]:
                return target, ""
            return target, f"to {target!r}"
        if kind == K_LOCAL:
            return self._local(arg)
        if kind == K_FREE:
            return self._local(arg, free=True)
        if kind == K_GLOBAL:
            val, text = self._name(arg >> 1)
            if arg & 1 and text and val is not BAD and val is not UNKNOWN:
                text = "NULL + " + text if t["global_null"] == "prefix" else text + " + NULL"
            return val, text
        if kind in (K_ATTR, K_SUPER_ATTR):
            val, text = self._name(arg >> (1 if kind == K_ATTR else 2))
            if arg & 1 and text and val is not BAD:
                if t["attr_null"] == "prefix":
                    text = "NULL|self + " + text
                else:
                    text = text + " + NULL|self"
            return val, text
        if kind == K_IMPORT_NAME:
            val, text = self._name(arg >> 2)
            if text and val is not BAD:
                if arg & 1:
                    text += " + lazy"
                elif arg & 2:
                    text += " + eager"
            return val, text
        if kind == K_COMPARE:
            text = self._pick(table.cmp_op, arg >> t["cmp_shift"])
            val = text
            if t["cmp_bool"] and arg & 16:
                text = f"bool({text})"
            return val, text
        if kind == K_LOCAL_PAIR:
            v1, t1 = self._local(arg >> 4)
            v2, t2 = self._local(arg & 15)
            return (v1, v2), f"{t1}, {t2}"
        if kind == K_FORMAT_VALUE:
            text = _CONVERTERS[arg & 3]
            val = (_CONVERTER_FUNCS[arg & 3], bool(arg & 4))
            if arg & 4:
                text = text + ", with format" if text else "with format"
            return val, text
        if kind == K_CONVERT:
            if 0 <= arg < 4:
                return _CONVERTER_FUNCS[arg], _CONVERTERS[arg]
            return arg, f"<{arg}>"
        if kind == K_FUNC_FLAGS:
            flags = table.function_flags
            return arg, ", ".join(s for i, s in enumerate(flags) if arg & (1 << i))
        if kind == K_BINARY_OP:
            return arg, self._pick(table.nb_ops, arg)
        if kind == K_INTRINSIC_1:
            return arg, self._pick(table.intrinsic_1, arg)
        if kind == K_INTRINSIC_2:
            return arg, self._pick(table.intrinsic_2, arg)
        if kind == K_COMMON_CONST:
            text = self._pick(table.common_constants, arg)
            if t["common_value"] and 0 <= arg < len(table.common_constants):
                return common_constant(text), text
            return arg, text
        if kind == K_SPECIAL:
            return arg, self._pick(table.special_method_names, arg)
        if kind == K_IS:
            return arg, "is not" if arg else "is"
        if kind == K_CONTAINS:
            return arg, "not in" if arg else "in"
        return arg, ""
