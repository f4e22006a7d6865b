"""Every version-keyed table in the package covers every release line of the versions table.

Adding a line (say 3.16) to ``versions/lines.py`` must fail here, naming each
table that lacks it, until its data is added everywhere.  The tables are
*found*, not listed: every module of the package is imported and every
module-level mapping or set whose keys are mostly release-line keys (or
code-layout names) is checked.  A table found here must hold every line,
unless :data:`COVERED_ELSEWISE` names it with the check that says how its
lines are covered (through another table, a stated domain, or a default by
design); an entry there whose table no longer exists fails too, so the list
stays true.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Mapping, Set
from typing import Any, Callable

import pytest

import bytescope
from bytescope import versions
from bytescope.versions import by_name, known_lines
from bytescope.versions import opcodes as opcodes_pkg
from bytescope.versions.lines import CODE_LAYOUTS, LINES
from bytescope.versions.magics import MAGICS

LINE_KEYS = known_lines()


def _cpython_from(key: str, first: tuple[int, int]) -> bool:
    """True for CPython 2.7 and CPython ``first`` on: the lines with a native ``dis``
    (``first`` = 3.6), measured struct layouts (3.6) or ``stack_effect`` data (3.3)."""
    v = by_name(key)
    return v.implementation == "CPython" and (v.version == (2, 7) or v.version >= first)


def _in_domain(table: Any, first: tuple[int, int]) -> Callable[[str], bool]:
    """A check: the lines of the domain are keys of ``table``, the others are not."""
    return lambda key: (key in table) == _cpython_from(key, first)


def _lacking(present: Callable[[str], bool]) -> list[str]:
    return [key for key in LINE_KEYS if not present(key)]


def _opcode_table_of(key: str) -> bool:
    opcodes_pkg.table(by_name(key))  # module_for + the module + its dis traits
    return True


def _pypy_changes(key: str) -> bool:
    return not key.startswith("pypy") or key[4:] in opcodes_pkg.PYPY_CHANGES


def _layout_of_every_era(key: str) -> bool:
    magics = [m for m, line, _label in MAGICS if line == key]
    return all(
        versions._record(key, m, "").code_layout_name in CODE_LAYOUTS for m in magics
    )


def _live_layout(key: str) -> bool:
    from bytescope.live.layouts_data import LAYOUTS

    return _in_domain(LAYOUTS, (3, 6))(key)


def _instruction_form(key: str) -> bool:
    from bytescope.bytecode import instruction

    shape = opcodes_pkg.table(by_name(key)).traits["instruction"]
    return shape in instruction._FIELDS and shape in instruction._DEFAULTS


def _dis_signatures(key: str) -> bool:
    # A native dis's own signatures, or an explicit nearest line (never the
    # silent "3.6" default of _signature_line).
    from bytescope.disapi import module
    from bytescope.disapi.signatures import SIGNATURES

    base = key[4:] if key.startswith("pypy") else key
    listed = any(k in SIGNATURES or k in module._NEAREST for k in (key, base))
    return listed and (key in SIGNATURES) == _cpython_from(key, (3, 6))


def _dis_module_data(key: str) -> bool:
    from bytescope.versions import dis_modules

    return _in_domain(dis_modules._LINE_MODULE, (3, 6))(key)


def _stack_effect_data(key: str) -> bool:
    from bytescope.versions import stack_effects

    return _in_domain(stack_effects._LINE_MODULE, (3, 3))(key)


def _flow_facts(key: str) -> bool:
    from bytescope.versions.opcodes import flow

    return flow._base_key(key) in flow.FLOW


def _cpython_between(key: str, first: tuple[int, int], last: tuple[int, int]) -> bool:
    v = by_name(key)
    return v.implementation == "CPython" and first <= v.version <= last


def _depth_branches(key: str) -> bool:
    # the lines with stack-effect data but no jump= form (2.7, 3.3-3.7) hold both forms here
    from bytescope.versions.stack_effects.depth import BRANCHES

    wanted = _cpython_from(key, (3, 3)) and not _cpython_from(key, (3, 8))
    return (key in BRANCHES) == (wanted or by_name(key).version == (2, 7)
                                 and by_name(key).implementation == "CPython")


def _depth_corrections(key: str) -> bool:
    from bytescope.versions.stack_effects.depth import CORRECTIONS

    return (key in CORRECTIONS) == _cpython_between(key, (3, 3), (3, 6))


def _engine_line(table_name: str) -> Callable[[str], bool]:
    """A check: the engine's table holds exactly the lines it runs (CPython 2.7, 3.6 on)."""
    def check(key: str) -> bool:
        module, _, attr = table_name.rpartition(".")
        table = getattr(importlib.import_module(module), attr)
        return (key in table) == _cpython_from(key, (3, 6))
    return check


#: Tables whose lines are covered otherwise than by holding every line as a
#: key: "module.NAME" -> (how, a check of one line).
COVERED_ELSEWISE: dict[str, tuple[str, Callable[[str], bool]]] = {
    "bytescope.versions.opcodes._LINE_MODULE": (
        "PyPy lines use their CPython line's table (opcodes.module_for)", _opcode_table_of),
    "bytescope.versions.opcodes.traits.DIS_TRAITS": (
        "keyed by opcode-table line, reached through _LINE_MODULE", _opcode_table_of),
    "bytescope.versions.opcodes.pypy.BASE": (
        "PyPy lines whose opcode table is another CPython line's", _opcode_table_of),
    "bytescope.versions.opcodes.pypy.CHANGES": (
        "keyed by the language version of each PyPy line", _pypy_changes),
    "bytescope.versions.lines.CODE_LAYOUTS": (
        "keyed by layout name: every era of every line names one", _layout_of_every_era),
    "bytescope.versions.lines.CODE_TYPE_CODES": (
        "keyed by layout name, 'c' by default (only 1.0's layout writes 'C')",
        _layout_of_every_era),
    "bytescope.versions.magics.OLD_MAGIC_SUFFIXES": (
        "the magic word's last two bytes are \\r\\n from 1.3 on; 1.0/1.1 are listed",
        lambda key: True),
    "bytescope.live.layouts_data.LAYOUTS": (
        "attach's domain: CPython 2.7 and 3.6 on, every other line refused by name",
        _live_layout),
    "bytescope.versions._LINE_NAMES": (
        "display names where one format is several releases' (default: the line)",
        lambda key: True),
    "bytescope.versions.opcodes.flow.FLOW": (
        "PyPy lines use their CPython line's flow facts", _flow_facts),
    "bytescope.bytecode.instruction._FIELDS": (
        "keyed by the dis trait 'instruction' (the Instruction form)", _instruction_form),
    "bytescope.bytecode.instruction._DEFAULTS": (
        "keyed by the dis trait 'instruction' (the Instruction form)", _instruction_form),
    "bytescope.disapi.signatures.SIGNATURES": (
        "the lines with a native dis (CPython 2.7, 3.6 on); the others name their nearest",
        _dis_signatures),
    "bytescope.disapi.module._NEAREST": (
        "the nearest native dis of each line without one", _dis_signatures),
    "bytescope.versions.dis_modules._LINE_MODULE": (
        "generated data for the lines with a native dis; the others derive theirs",
        _dis_module_data),
    "bytescope.versions.stack_effects.depth.BRANCHES": (
        "both paths' effects for the lines whose stack-effect data has no jump= form "
        "(2.7, 3.3-3.7)", _depth_branches),
    "bytescope.versions.stack_effects.depth.CORRECTIONS": (
        "only the lines whose compile.c over-counted SETUP_* (3.3-3.6, bpo-24340)",
        _depth_corrections),
    "bytescope.versions.stack_effects.depth.FINALLY_ENTRY": (
        "only 3.8, whose CALL_FINALLY enters a finally block as a subroutine",
        lambda key: True),
    "bytescope.versions.stack_effects.depth.GENERATOR_START": (
        "only the lines whose compilers start a generator's walk at depth 1 (3.10-3.12)",
        lambda key: True),
    "bytescope.engine.tables.LINE_SETS": (
        "the engine runs CPython 2.7 and 3.6 on; it refuses the others by name",
        _engine_line("bytescope.engine.tables.LINE_SETS")),
    "bytescope.engine.tables.UNWINDERS": (
        "only lines whose block unwinding differs from the common one (2.7: three-value "
        "handlers)", lambda key: True),
    "bytescope.versions.engine.ENGINE_TRAITS": (
        "the engine runs CPython 2.7 and 3.6 on; it refuses the others by name",
        _engine_line("bytescope.versions.engine.ENGINE_TRAITS")),
    "bytescope.versions.stack_effects._LINE_MODULE": (
        "CPython 2.7 and 3.3 on (compile.c or dis.stack_effect); others refused by name",
        _stack_effect_data),
}


def _is_line_keyed(obj: Any) -> bool:
    if isinstance(obj, type) or not isinstance(obj, (Mapping, Set)) or not obj:
        return False
    keys = list(obj)
    if not all(isinstance(k, str) for k in keys):
        return False
    hits = sum(k in LINES or k in CODE_LAYOUTS for k in keys)
    return hits > 0 and hits * 2 >= len(keys)


def _found_tables() -> dict[str, Any]:
    """Return every line-keyed module-level table, named after the module that defines it.

    A table imported elsewhere is named where an assignment to it is found
    (``NAME =`` or ``NAME:`` at the start of a line of the module's source).
    """
    names = [m.name for m in pkgutil.walk_packages(bytescope.__path__, "bytescope.")
             if not m.name.endswith("__main__")]
    places: dict[int, list[tuple[str, str, Any]]] = {}
    for name in names:
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if _is_line_keyed(obj):
                places.setdefault(id(obj), []).append((name, attr, obj))
    found: dict[str, Any] = {}
    for candidates in places.values():
        chosen = candidates[0]
        for name, attr, obj in candidates:
            source = inspect.getsource(importlib.import_module(name))
            if re.search(rf"^{re.escape(attr)}\s*[:=]", source, re.M):
                chosen = (name, attr, obj)
                break
        found[f"{chosen[0]}.{chosen[1]}"] = chosen[2]
    return found


FOUND = _found_tables()


def test_the_search_finds_the_known_tables() -> None:
    # If this fails, the search (not the data) is broken.
    assert "bytescope.versions.lines.LINES" in FOUND
    assert "bytescope.live.marshal_live.REF_RULES" in FOUND
    assert "bytescope.versions.opcodes._LINE_MODULE" in FOUND
    assert "bytescope.live.layouts_data.LAYOUTS" in FOUND


@pytest.mark.parametrize("table", sorted(FOUND))
def test_table_covers_every_line(table: str) -> None:
    obj = FOUND[table]
    if table in COVERED_ELSEWISE:
        how, check = COVERED_ELSEWISE[table]
        missing = _lacking(check)
        assert not missing, f"{table} ({how}) does not cover release line(s) {missing}"
        return
    missing = _lacking(lambda key: key in obj)
    assert not missing, (
        f"{table} lacks release line(s) {missing}: add them, or say in "
        "COVERED_ELSEWISE how they are covered"
    )


def test_no_stale_exceptions() -> None:
    stale = sorted(set(COVERED_ELSEWISE) - set(FOUND))
    assert not stale, f"COVERED_ELSEWISE names tables that no longer exist: {stale}"


def test_every_line_states_every_trait() -> None:
    # _record() reads the required traits (source_hash_rounds, ...) without a
    # default: a line that lacks one fails here, by magic number.
    for magic, line, label in MAGICS:
        assert versions._record(line, magic, label).key == line, (magic, line)
    for key in LINE_KEYS:
        v = by_name(key)
        assert v.magic_bytes[:2], key  # every line has a magic number


def test_every_line_has_a_source_hash_fact() -> None:
    for key in LINE_KEYS:
        v = by_name(key)
        if v.has_hash_based_pycs and v.implementation == "CPython":
            assert v.source_hash_rounds is not None, f"{key}: source-hash algorithm not stated"
