"""Opcode tables of every CPython line, as data, behind one accessor.

``table(version)`` returns the :class:`OpTable` for a
:class:`~bytescope.versions.VersionInfo` (or a line key such as ``"3.12"``).
Generated modules (``v3_12.py`` ...) hold the facts each interpreter reports
about itself; hand-written modules cover the lines with no interpreter here.
:class:`OpTable` turns them into 256-entry lookup tuples, so decoding is a
list index per instruction.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any, Union

from ...errors import UnsupportedVersion
from ._old_base import derive
from .pypy import BASE as PYPY_BASE
from .pypy import CHANGES as PYPY_CHANGES
from .traits import DIS_TRAITS

__all__ = ["OpTable", "table", "module_for"]

#: release line -> (data module, dis-traits key)
_LINE_MODULE: dict[str, tuple[str, str]] = {
    "1.0": ("v1_0", "1.x"), "1.1": ("v1_3", "1.x"), "1.3": ("v1_3", "1.x"),
    "1.4": ("v1_4", "1.x"), "1.5": ("v1_5", "1.x"), "1.6": ("v1_6", "1.x"),
    "2.0": ("v2_0", "2.x"), "2.1": ("v2_1", "2.x"), "2.2": ("v2_2", "2.x"),
    "2.3": ("v2_3", "2.x"), "2.4": ("v2_4", "2.x"), "2.5": ("v2_5", "2.x"),
    "2.6": ("v2_6", "2.x"), "2.7": ("v2_7", "2.7"),
    "3.0": ("v3_0", "3.0"), "3.1": ("v3_1", "3.0"), "3.2": ("v3_2", "3.0"),
    "3.3": ("v3_3", "3.0"), "3.4": ("v3_4", "3.4"), "3.5": ("v3_5", "3.4"),
    "3.6": ("v3_6", "3.6"), "3.7": ("v3_7", "3.7"), "3.8": ("v3_8", "3.8"),
    "3.9": ("v3_9", "3.9"), "3.10": ("v3_10", "3.10"), "3.11": ("v3_11", "3.11"),
    "3.12": ("v3_12", "3.12"), "3.13": ("v3_13", "3.13"), "3.14": ("v3_14", "3.14"),
    "3.15": ("v3_15", "3.15"),
}

# Argument kinds (what an instruction's argument means), one small int each.
K_NONE = 0  # takes no argument
K_INT = 1  # plain number
K_CONST = 2
K_NAME = 3
K_JREL = 4
K_JABS = 5
K_LOCAL = 6
K_FREE = 7
K_COMPARE = 8
K_FORMAT_VALUE = 9
K_FUNC_FLAGS = 10
K_BINARY_OP = 11
K_INTRINSIC_1 = 12
K_INTRINSIC_2 = 13
K_GLOBAL = 14
K_ATTR = 15
K_SUPER_ATTR = 16
K_CONVERT = 17
K_LOCAL_PAIR = 18
K_COMMON_CONST = 19
K_SPECIAL = 20
K_IS = 21
K_CONTAINS = 22
K_SMALL_INT = 23
K_IMPORT_NAME = 24
K_EXC = 25  # 3.13+ hasexc (pseudo-ops only; kept for completeness)


def module_for(key: str) -> tuple[str, str]:
    """Return ``(data module name, dis-traits key)`` for release line ``key``.

    PyPy lines use the table of the CPython line of the same language version
    (with the changes in :mod:`.pypy`).  Raises
    :class:`~bytescope.errors.UnsupportedVersion` for a line with no table.
    """
    if key.startswith("pypy"):
        key = PYPY_BASE.get(key[4:], key[4:])
    try:
        return _LINE_MODULE[key]
    except KeyError:
        raise UnsupportedVersion(f"no opcode table for Python {key}") from None


class OpTable:
    """The opcode facts of one line, as lookup tuples indexed by opcode.

    Attributes: ``key``; ``names`` (256 names, ``<N>`` for unused numbers);
    ``deop`` (base opcode of each opcode); ``kinds`` (argument kind of each
    base opcode, ``K_*``); ``caches`` (inline cache entries per opcode);
    ``cache_format`` (name -> ((field, size), ...)); ``hasarg`` (bools);
    ``extended_arg`` (its number or -1); ``wordcode``; ``traits`` (dis
    traits, see :mod:`.traits`); and the name tables ``cmp_op``, ``nb_ops``,
    ``intrinsic_1``, ``intrinsic_2``, ``function_flags``, ``common_constants``,
    ``special_method_names``, ``compiler_flag_names``.
    """

    def __init__(self, key: str, data: Any, traits: dict[str, Any]) -> None:
        self.key = key
        self.traits = traits
        if hasattr(data, "OPS") and not hasattr(data, "OPNAME"):
            data = _Facts(data.OPS, data.HAVE_ARGUMENT, data.CMP_OP, data.__name__)
        if key.startswith("pypy"):
            source = getattr(data, "SOURCE_MODULE", getattr(data, "__name__", ""))
            added, removed = PYPY_CHANGES[key[4:]]
            ops = derive(_ops_of(data), added, removed)
            data = _Facts(ops, data.HAVE_ARGUMENT, data.CMP_OP, source, base=data)
        self.data = data
        opname: dict[int, str] = dict(data.OPNAME)
        self.opmap = {name: op for op, name in opname.items()}
        names = [opname.get(i, f"<{i}>") for i in range(256)]
        self.names: tuple[str, ...] = tuple(names)
        deopt: dict[str, str] = getattr(data, "DEOPT", {})
        deop = []
        for i in range(256):
            base = deopt.get(names[i])
            deop.append(self.opmap.get(base, i) if base else i)
        self.deop: tuple[int, ...] = tuple(deop)
        hasarg_list = getattr(data, "HASARG", None)
        have = data.HAVE_ARGUMENT
        if hasarg_list is not None:
            hasarg_set = set(hasarg_list)
            self.hasarg = tuple(deop[i] in hasarg_set for i in range(256))
        else:
            self.hasarg = tuple(deop[i] >= have for i in range(256))
        cache_entries: dict[str, int] = getattr(data, "CACHE_ENTRIES", {})
        self.caches: tuple[int, ...] = tuple(
            cache_entries.get(names[deop[i]], 0) for i in range(256)
        )
        self.cache_format: dict[str, tuple[tuple[str, int], ...]] = getattr(
            data, "CACHE_FORMAT", {}
        )
        self.extended_arg = self.opmap.get("EXTENDED_ARG", -1)
        self.cmp_op: tuple[str, ...] = tuple(data.CMP_OP)
        self.nb_ops: tuple[str, ...] = tuple(getattr(data, "NB_OPS", ()))
        self.intrinsic_1: tuple[str, ...] = tuple(getattr(data, "INTRINSIC_1_DESCS", ()))
        self.intrinsic_2: tuple[str, ...] = tuple(getattr(data, "INTRINSIC_2_DESCS", ()))
        self.function_flags: tuple[str, ...] = tuple(getattr(data, "FUNCTION_FLAGS", ()))
        self.common_constants: tuple[str, ...] = tuple(getattr(data, "COMMON_CONSTANTS", ()))
        self.special_method_names: tuple[str, ...] = tuple(
            getattr(data, "SPECIAL_METHOD_NAMES", ())
        )
        self.compiler_flag_names: dict[int, str] = dict(
            getattr(data, "COMPILER_FLAG_NAMES", {})
        )
        self.kinds: tuple[int, ...] = tuple(self._kind(i) for i in range(256))
        #: per opcode (not base): is it a jump; its name padded to dis's column width
        self.is_jump: tuple[bool, ...] = tuple(
            self.kinds[deop[i]] in (K_JREL, K_JABS) for i in range(256)
        )
        #: per opcode: does dis count its target as a label (see ``label_specialized``)
        self.labels_target: tuple[bool, ...] = tuple(
            self.is_jump[i] and (traits["label_specialized"] or deop[i] == i) for i in range(256)
        )
        self.padded: tuple[str, ...] = tuple(n.ljust(20) for n in names)
        #: pseudo-instructions (numbers past 255, 3.12+: SETUP_FINALLY, JUMP...), which
        #: never appear in bytecode but do in dis's tables: number -> (name, kind)
        self.pseudo: dict[int, tuple[str, int]] = {
            op: (name, self._pseudo_kind(op)) for op, name in opname.items() if op > 255
        }
        backward = traits["backward"]
        if backward == "substring":
            self.backward = tuple("JUMP_BACKWARD" in names[i] for i in range(256))
        else:
            self.backward = tuple(names[i] in backward for i in range(256))

    def _pseudo_kind(self, op: int) -> int:
        """Return the argument kind of pseudo-instruction ``op`` (a jump or an int)."""
        d = self.data
        for attr, kind in (("HASJABS", K_JABS), ("HASJREL", K_JREL), ("HASJUMP", K_JREL),
                           ("HASEXC", K_JREL)):
            if op in getattr(d, attr, ()):
                return kind
        return K_INT if op in getattr(d, "HASARG", ()) else K_NONE

    def _kind(self, op: int) -> int:
        """Return the argument kind of base opcode ``op`` the way this version's dis does."""
        d = self.data
        t = self.traits
        name = self.names[op]
        if not self.hasarg[op]:
            return K_NONE
        if op in getattr(d, "HASCONST", ()):
            return K_CONST
        if name == "LOAD_SMALL_INT":
            return K_SMALL_INT
        if op in getattr(d, "HASNAME", ()):
            if name == "LOAD_GLOBAL" and t["global_null"]:
                return K_GLOBAL
            if name == "LOAD_ATTR" and t["attr_null"]:
                return K_ATTR
            if name == "LOAD_SUPER_ATTR" and t["attr_null"]:
                return K_SUPER_ATTR
            if name == "IMPORT_NAME" and t["import_lazy"]:
                return K_IMPORT_NAME
            return K_NAME
        if t["text"] == "labels":
            if op in getattr(d, "HASJUMP", ()) or op in getattr(d, "HASEXC", ()):
                return K_JABS if op in getattr(d, "HASJABS", ()) else K_JREL
        else:
            if op in getattr(d, "HASJABS", ()):
                return K_JABS
            if op in getattr(d, "HASJREL", ()):
                return K_JREL
        if name in (
            "LOAD_FAST_LOAD_FAST",
            "LOAD_FAST_BORROW_LOAD_FAST_BORROW",
            "STORE_FAST_LOAD_FAST",
            "STORE_FAST_STORE_FAST",
        ):
            return K_LOCAL_PAIR
        if op in getattr(d, "HASLOCAL", ()):
            return K_LOCAL
        if op in getattr(d, "HASFREE", ()):
            return K_FREE
        if op in getattr(d, "HASCOMPARE", ()):
            return K_COMPARE
        special = {
            "FORMAT_VALUE": K_FORMAT_VALUE,
            "CONVERT_VALUE": K_CONVERT,
            "BINARY_OP": K_BINARY_OP,
            "CALL_INTRINSIC_1": K_INTRINSIC_1,
            "CALL_INTRINSIC_2": K_INTRINSIC_2,
            "LOAD_COMMON_CONSTANT": K_COMMON_CONST,
            "LOAD_SPECIAL": K_SPECIAL,
            "IS_OP": K_IS,
            "CONTAINS_OP": K_CONTAINS,
        }
        kind = special.get(name)
        if kind in (K_IS, K_CONTAINS, K_COMMON_CONST, K_SPECIAL) and not self.traits["new_reprs"]:
            return K_INT
        if kind is not None:
            return kind
        if self.function_flags and name in ("MAKE_FUNCTION", "SET_FUNCTION_ATTRIBUTE"):
            return K_FUNC_FLAGS
        return K_INT


_KINDS = ("const", "name", "jrel", "jabs", "local", "free", "compare")


class _Facts:
    """Generated-module-like facts synthesised from a ``name -> (number, kind)`` table."""

    def __init__(
        self, ops: dict[str, tuple[int, str]], have_argument: int, cmp_op: Any,
        source: str, base: Any = None,
    ) -> None:
        if base is not None:
            for name in dir(base):
                if name.isupper():
                    setattr(self, name, getattr(base, name))
        self.OPNAME = {num: name for name, (num, _kind) in ops.items()}
        self.HAVE_ARGUMENT = have_argument
        self.CMP_OP = tuple(cmp_op)
        for kind in _KINDS:
            nums = tuple(sorted(num for num, k in ops.values() if k == kind))
            setattr(self, "HAS" + kind.upper(), nums)
        if base is not None and hasattr(base, "HASARG"):
            self.HASARG = tuple(sorted(set(base.HASARG) | {n for n, _ in ops.values() if n >= 90}))
        self.SOURCE_MODULE = source


def _ops_of(data: Any) -> dict[str, tuple[int, str]]:
    """Return ``data``'s opcodes as ``name -> (number, kind)``."""
    ops: dict[str, tuple[int, str]] = {}
    for num, name in data.OPNAME.items():
        kind = next((k for k in _KINDS if num in getattr(data, "HAS" + k.upper(), ())), "")
        ops[name] = (num, kind)
    return ops


@cache
def _table(key: str) -> OpTable:
    module, traits_key = module_for(key)
    try:
        data = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError:
        raise UnsupportedVersion(f"no opcode table for Python {key} yet") from None
    return OpTable(key, data, DIS_TRAITS[traits_key])


def table(version: Union[str, Any]) -> OpTable:
    """Return the :class:`OpTable` for a VersionInfo or a release-line key.

    Raises :class:`~bytescope.errors.UnsupportedVersion` for a line with no table.
    """
    key = version if isinstance(version, str) else version.key
    return _table(key)
