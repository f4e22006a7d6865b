"""How each version's own ``dis`` turns instructions into text, as data.

One record per opcode-table line (``"2.7"``, ``"3.12"`` ...).  Each trait
names one behaviour of that version's ``Lib/dis.py``; the decoder and the text
views read these instead of comparing version numbers.

Traits:

``text``            formatter family: ``"py2"`` (print statements, no rstrip; also
                    3.0-3.3, whose ``print(..., end=' ')`` leaves a trailing space),
                    ``"3.x"`` (``Instruction._disassemble``), ``"labels"`` (3.13+
                    ``Formatter`` with ``L1:`` labels).
``recurse``         ``dis.dis(code)`` also disassembles nested code objects (3.7+).
``dynamic_widths``  line/offset column widths grow with the code (3.7+).
``lineno_if``       ``"not_none"``: line column shown whenever a line table exists
                    (<= 3.9); ``"truthy"``: only when some line starts (3.10+).
``linestarts``      ``"lnotab"`` (unsigned, <= 3.5), ``"lnotab_signed"`` (3.6/3.7),
                    ``"lnotab_signed_clip"`` (3.8/3.9: stops at the code's end),
                    ``"co_lines"`` (3.10-3.12: lines that are None are skipped),
                    ``"co_lines_none"`` (3.13+: None starts a line shown ``--``).
``jump_scale``      bytes per jump-argument unit (1, or 2 from 3.10).
``jabs_repr``       absolute jumps print ``(to N)`` (3.10+; before, nothing).
``jrel_caches``     relative targets skip the jump's own inline caches (3.12+).
``backward``        ``"substring"`` (any name containing JUMP_BACKWARD, 3.11/3.12)
                    or a tuple of the exact names counted as backward jumps.
``global_null``     ``LOAD_GLOBAL`` low bit: ``None``, ``"prefix"`` (``NULL + x``)
                    or ``"suffix"`` (``x + NULL``).
``attr_null``       ``LOAD_ATTR``/``LOAD_SUPER_ATTR`` low bit, same choices.
``import_lazy``     ``IMPORT_NAME`` arg carries lazy/eager bits (3.15).
``cmp_shift``       ``COMPARE_OP`` argument shift (0, 4 in 3.12, 5 from 3.13);
``cmp_bool``        bit 16 prints ``bool(op)`` (3.13+).
``const_load_only`` only ``LOAD_CONST`` resolves its constant (3.11: ``KW_NAMES``
                    prints its bare index).
``cache_repr``      first CACHE entry's text under ``--show-caches``: ``"never"``
                    (3.11), ``"each"`` (3.12, 3.14+), ``"first_data"`` (3.13 reads
                    every entry's value from the first cache word).
``int_overflow``    ``EXTENDED_ARG`` chains wrap at 2**31 (3.11+).
``async_from``      ``END_ASYNC_FOR`` prints ``from L<n>`` (3.14+).
``info``            ``code_info`` variant: ``None`` (no such function), ``"3.0"``,
                    ``"3.8"`` (adds positional-only count).
``options``         native options this version's dis has.
``print_end``       what follows the last field of a print-statement line (3.0-3.3: " ").
``long_suffix``     an argument built by ``EXTENDED_ARG`` is a long, printed ``65537L`` (2.x).
``set_order``       ``"hash"``: marshal stores set items sorted (3.11+), so dis prints
                    them in rebuilt hash-table order; ``"stream"``: as stored.
``new_reprs``       ``IS_OP``/``CONTAINS_OP``/``LOAD_COMMON_CONSTANT``/``LOAD_SPECIAL``
                    print an argrepr (3.14+).
``labels``          which offsets dis marks as labels (``>>`` / ``L1:``): ``"jumps"``
                    (jump targets, <= 3.10), ``"handlers"`` (also exception handlers of
                    non-empty ranges, 3.11/3.12), ``"ranges"`` (also every exception
                    range's start and end, 3.13+).
``instruction``     shape of ``dis.Instruction``: ``"3.4"`` (8 fields; also the nearest
                    form for older lines), ``"3.11"`` (adds ``positions``), ``"3.13"``
                    (12 fields: ``start_offset``, ``line_number``, ``label``,
                    ``cache_info``...).
``lasti``           which instruction ``disassemble(code, lasti)`` marks ``-->``:
                    ``"exact"`` (the one at ``lasti``), ``"caches"`` (the one whose
                    inline caches hold ``lasti`` too; 3.12 only without shown caches).
``label_specialized`` a specialized jump (``JUMP_BACKWARD_QUICK``) marks its target as
                    a label (3.12+; 3.11's ``findlabels`` looks at base opcodes only).
``labels_extended`` ``findlabels`` (and so the ``>>`` marks) folds ``EXTENDED_ARG``
                    prefixes into a jump's argument (3.6+, through ``_unpack_opargs``);
                    before, it reads each instruction's own 16-bit argument, so the
                    target of a jump past 64K is marked at its low 16 bits (as 2.7 does).
``common_value``    ``LOAD_COMMON_CONSTANT``'s argval is the constant itself (3.15),
                    not its index (3.14).
``nofree_on_load``  the code constructor sets ``CO_NOFREE`` when the code has no cell
                    or free variables and clears it otherwise, whatever the pyc says,
                    so ``code_info`` shows the adjusted flags (CPython 3.6-3.10,
                    checked on each; 2.7 and 3.11+ keep the stored flags).
"""

from __future__ import annotations

from typing import Any

_PY2: dict[str, Any] = dict(
    text="py2", recurse=False, dynamic_widths=False, lineno_if="not_none",
    linestarts="lnotab", jump_scale=1, jabs_repr=False, jrel_caches=False,
    backward=(), global_null=None, attr_null=None, import_lazy=False, cmp_shift=0,
    cmp_bool=False, const_load_only=False, cache_repr="never", int_overflow=False,
    async_from=False, info=None, options=(), print_end="", long_suffix=True, new_reprs=False,
    set_order="stream", nofree_on_load=False, labels="jumps", instruction="3.4",
    common_value=False, lasti="exact", label_specialized=True, labels_extended=False,
)
_PY30 = dict(_PY2, print_end=" ", long_suffix=False, info="3.0")
_PY34 = dict(_PY30, text="3.x", print_end="")
_PY36 = dict(_PY34, linestarts="lnotab_signed", nofree_on_load=True, labels_extended=True)
_PY37 = dict(_PY36, recurse=True, dynamic_widths=True)
_PY38 = dict(_PY37, linestarts="lnotab_signed_clip", info="3.8")
_PY310 = dict(_PY38, lineno_if="truthy", linestarts="co_lines", jump_scale=2, jabs_repr=True)
_PY311 = dict(
    _PY310, backward="substring", global_null="prefix", const_load_only=True,
    int_overflow=True, options=("show_caches",), set_order="hash", nofree_on_load=False,
    labels="handlers", instruction="3.11", label_specialized=False,
)
_PY312 = dict(
    _PY311, jrel_caches=True, attr_null="prefix", cmp_shift=4, const_load_only=False,
    cache_repr="each", lasti="caches", label_specialized=True,
)
_PY313 = dict(
    _PY312, text="labels", linestarts="co_lines_none", global_null="suffix",
    attr_null="suffix", cmp_shift=5, cmp_bool=True, cache_repr="first_data",
    backward=("JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT"),
    options=("show_caches", "show_offsets"), labels="ranges", instruction="3.13",
)
_PY314 = dict(
    _PY313, cache_repr="each", async_from=True, new_reprs=True,
    backward=("JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "END_ASYNC_FOR"),
    options=("show_caches", "show_offsets", "show_positions"),
)
_PY315 = dict(_PY314, import_lazy=True, common_value=True)

#: opcode-table line -> dis traits
DIS_TRAITS: dict[str, dict[str, Any]] = {
    "1.x": _PY2,
    "2.x": _PY2,
    "2.7": _PY2,
    "3.0": _PY30,
    "3.4": _PY34,
    "3.6": _PY36,
    "3.7": _PY37,
    "3.8": _PY38,
    "3.9": _PY38,
    "3.10": _PY310,
    "3.11": _PY311,
    "3.12": _PY312,
    "3.13": _PY313,
    "3.14": _PY314,
    "3.15": _PY315,
}
