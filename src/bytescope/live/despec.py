"""De-specialisation: the ``co_code`` a quickened 3.11+ code object stands for.

A running 3.11+ interpreter rewrites instructions in place (specialised and
instrumented forms, counters in the inline caches).  ``marshal`` and
``co_code`` show the original: every opcode mapped back to its base form and
every cache entry zeroed.  The tables are the version's opcode table
(:mod:`bytescope.versions.opcodes`, generated from each version's own
``opcode`` module, because stripped builds lack the C tables) plus the
``INSTRUMENTED_<NAME>`` -> ``<NAME>`` mapping of sys.monitoring;
``tools/gen_layouts.py --check`` compares them with what each interpreter says.
"""

from __future__ import annotations

import struct
from functools import cache
from typing import Any, Callable, Dict, NamedTuple, Optional, Tuple

from ..errors import UnsupportedVersion
from ..versions import opcodes
from .errors import LiveAccessError


class _Tables(NamedTuple):
    names: Tuple[str, ...]  # every opcode's name, specialised ones included
    deopt: Tuple[int, ...]  # opcode -> base opcode (instrumented forms too)
    caches: Tuple[int, ...]  # inline cache entries of each base opcode
    instrumented_line: Optional[int]
    instrumented_instruction: Optional[int]
    enter_executor: Optional[int]


@cache
def _tables(version_key: str) -> Optional[_Tables]:
    """Return the de-specialisation tables of CPython ``version_key`` (None before 3.11)."""
    try:
        if tuple(int(p) for p in version_key.split(".")[:2]) < (3, 11):
            return None
    except ValueError:  # not a CPython release line (PyPy has no specialisation)
        return None
    try:
        table = opcodes.table(version_key)
    except UnsupportedVersion:
        return None
    deopt = list(table.deop)
    for op, name in enumerate(table.names):
        base = table.opmap.get(name[len("INSTRUMENTED_"):])
        if name.startswith("INSTRUMENTED_") and base is not None:
            deopt[op] = table.deop[base]
    return _Tables(
        table.names,
        tuple(deopt),
        table.caches,
        table.opmap.get("INSTRUMENTED_LINE"),
        table.opmap.get("INSTRUMENTED_INSTRUCTION"),
        table.opmap.get("ENTER_EXECUTOR"),
    )


def has_tables(version_key: str) -> bool:
    """Return True when de-specialisation tables exist for ``version_key``."""
    return _tables(version_key) is not None


def opname(version_key: str, op: int) -> str:
    """Return the name of opcode ``op`` in ``version_key`` (specialised names included)."""
    table = _tables(version_key)
    return table.names[op] if table is not None and 0 <= op < 256 else f"<{op}>"


Resolver = Callable[[int, int, int], Tuple[int, int]]


def deopt_code(adaptive: bytes, version_key: str, addr: int = 0,
               resolve: Optional[Resolver] = None) -> bytes:
    """Return the de-specialised bytecode for the live ``adaptive`` bytecode.

    ``resolve(index, opcode, oparg)`` gives back the ``(opcode, oparg)`` that
    sys.monitoring (``INSTRUMENTED_LINE``/``INSTRUMENTED_INSTRUCTION``) or the JIT
    (``ENTER_EXECUTOR``) replaced at code unit ``index`` (see
    :func:`side_table_resolver`).  Raises :class:`LiveAccessError` when such an
    instruction cannot be resolved, or when no table exists for ``version_key``.
    """
    table = _tables(version_key)
    if table is None:
        raise LiveAccessError(f"no de-specialisation table for Python {version_key}")
    deopt = table.deopt
    caches = table.caches
    special = {table.instrumented_line, table.instrumented_instruction,
               table.enter_executor} - {None}
    out = bytearray(adaptive)
    n = len(out) // 2
    i = 0
    while i < n:
        op = out[2 * i]
        if op in special and resolve is not None:
            op, out[2 * i + 1] = resolve(i, op, out[2 * i + 1])
            op = deopt[op]
        if op in special:
            raise LiveAccessError(
                f"code object at 0x{addr:x}: instruction {i} is {opname(version_key, op)}, "
                "and the interpreter's side table for it could not be read "
                "(use --adaptive to see the live form)", offset=addr + 2 * i)
        base = deopt[op]
        out[2 * i] = base
        skip = caches[base]
        for j in range(i + 1, min(n, i + 1 + skip)):
            out[2 * j] = 0
            out[2 * j + 1] = 0
        i += 1 + skip
    return bytes(out)


def side_table_resolver(mem: Any, layout: Dict[str, Any], version_key: str, code_addr: int,
                        units: int) -> Optional[Resolver]:
    """Return ``resolve(index, opcode, oparg)`` for an instrumented or JIT-ed code object.

    Reads (offsets measured per version in ``layout``) the code's
    ``_co_monitoring`` data -- the per-line table of original opcodes and the
    per-instruction opcode array -- and its ``co_executors`` array, whose
    executors keep the instruction ``ENTER_EXECUTOR`` replaced.  Returns None when
    the code has neither.
    """
    table = _tables(version_key)
    if table is None:
        return None
    m: Dict[str, int] = layout.get("monitoring") or {}
    x: Dict[str, int] = layout.get("executors") or {}

    def word(addr: int) -> int:
        value: int = struct.unpack("<Q", mem.read(addr, 8))[0]
        return value

    data = word(code_addr + m["code_monitoring"]) if m else 0
    executors = word(code_addr + x["code_executors"]) if x else 0
    if not data and not executors:
        return None
    line_op = table.instrumented_line
    instr_op = table.instrumented_instruction
    enter_op = table.enter_executor
    cache: Dict[str, bytes] = {}

    def lines() -> bytes:
        if "lines" not in cache:
            ptr = word(data + m["lines"]) if data and m else 0
            if not ptr:
                cache["lines"] = b""
            elif m["lines_base"] == 0:
                cache["lines"] = mem.read(ptr, 2 * units)[0::2]
            else:
                step = mem.read(ptr, 1)[0]
                cache["lines"] = mem.read(ptr + 1, step * units)[0::step] if step else b""
        return cache["lines"]

    def per_instruction() -> bytes:
        if "instr" not in cache:
            ptr = word(data + m["per_instruction_opcodes"]) if data and m else 0
            cache["instr"] = mem.read(ptr, units) if ptr else b""
        return cache["instr"]

    def resolve(index: int, op: int, arg: int) -> Tuple[int, int]:
        if op == enter_op and executors and x:
            count = struct.unpack("<i", mem.read(executors, 4))[0]
            if 0 <= arg < count:
                ex = word(executors + x["array_items"] + 8 * arg)
                if ex:
                    pair = mem.read(ex + x["vm_opcode"], 2)
                    return pair[0], pair[1]
            return op, arg
        if op == line_op and index < len(lines()):
            op = lines()[index]
        if op == instr_op and index < len(per_instruction()):
            op = per_instruction()[index]
        return op, arg

    return resolve
