"""Stack depths of the control-flow graph against the interpreters' ``co_stacksize``.

For every code object of each installed interpreter's stdlib pycs (slow mark;
the default run takes a sample), the graph's largest depth never exceeds
``co_stacksize`` (which the interpreter allocates: a deeper real stack would
overflow it), equals it in the great majority, and where it is lower the
difference belongs to a class tests/cfg_depth_classes.py names and checks.
Also here: the depth facts of each line agree with each other and with the
exact stack-effect data, and hand-made cases for each handler kind.
"""

from __future__ import annotations

import collections
import dataclasses
from typing import Any

import pytest
from cfg_depth_classes import explain
from interpreters import VERSIONS
from test_cfg import asm, stdlib_pycs

import bytescope
from bytescope import Code
from bytescope.analysis.cfg import cfg
from bytescope.versions import by_name
from bytescope.versions.opcodes import flow as F
from bytescope.versions.opcodes import table
from bytescope.versions.stack_effects import effects_table
from bytescope.versions.stack_effects.depth import BRANCHES, depth_effects


@dataclasses.dataclass
class Tally:
    codes: int = 0
    equal: int = 0
    classes: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    above: list[str] = dataclasses.field(default_factory=list)
    unexplained: list[str] = dataclasses.field(default_factory=list)

    def add(self, path: str) -> None:
        for code in bytescope.load(path).code.iter_code():
            g = cfg(code)
            self.codes += 1
            where = f"{path}: {code.co_name!r} line {code.co_firstlineno}: " \
                    f"{g.max_depth} vs co_stacksize {code.co_stacksize}"
            if g.max_depth == code.co_stacksize:
                self.equal += 1
            elif g.max_depth is None or g.max_depth > code.co_stacksize:
                self.above.append(where)
            else:
                why = explain(g)
                if why is None:
                    self.unexplained.append(where)
                else:
                    self.classes[why] += 1

    def __str__(self) -> str:
        return (f"{self.codes} code objects, {self.equal} equal, "
                f"{sum(self.classes.values())} below ({dict(self.classes)}), "
                f"{len(self.above)} above, {len(self.unexplained)} unexplained")


def tally(version: str, step: int) -> Tally:
    t = Tally()
    for path in stdlib_pycs(version)[::step]:
        t.add(path)
    return t


@pytest.mark.parametrize("version", VERSIONS)
def test_depth_sample_against_co_stacksize(version: str) -> None:
    t = tally(version, 60)
    assert t.codes > 100
    assert not t.above, "\n".join(t.above[:10])
    assert not t.unexplained, "\n".join(t.unexplained[:10])
    assert t.equal > 0.8 * t.codes, str(t)


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_depth_stdlib_against_co_stacksize(version: str) -> None:
    t = tally(version, 1)
    print(f"\n{version}: {t}")
    assert not t.above, "\n".join(t.above[:10])
    assert not t.unexplained, "\n".join(t.unexplained[:10])


# --- the facts agree with each other ---------------------------------------------------


@pytest.mark.parametrize("key", ["2.7", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10"])
def test_handler_entry_facts_agree(key: str) -> None:
    """A SETUP_*'s jump effect (exact data from 3.8, BRANCHES before) is the level it
    records plus what an exception pushes there (the flow facts)."""
    ft = F.flow_table(key)
    t = table(key)
    fx = effects_table(key)
    branches = BRANCHES.get(key, {})
    checked = 0
    for name, op in t.opmap.items():
        f = ft.flow[op]
        if f.role != F.SETUP or f.block not in F.HANDLER_BLOCKS:
            continue
        want = f.level + (ft.exception_pushes or 0)
        jump = fx.effect_of(op, 0, True) if fx.has_jump else branches[name][1]
        assert jump == want, f"{key} {name}: jump effect {jump}, flow facts say {want}"
        checked += 1
    assert checked


def test_depths_exactly_where_stack_effects_are() -> None:
    """Depths for CPython 2.7 and 3.3+; none for 1.x-2.6, 3.0-3.2 and PyPy (no data)."""
    from bytescope.versions import known_lines as all_lines

    for key in all_lines():
        v = by_name(key)
        expected = v.implementation == "CPython" and (v.version[:2] == (2, 7)
                                                      or v.version[:2] >= (3, 3))
        assert (depth_effects(key) is not None) == expected, key


# --- hand-made handlers of each kind ---------------------------------------------------


def _asm(key: str, *ops: tuple[str, Any]) -> Code:
    return Code(by_name(key), co_code=asm(by_name(key), *ops), co_consts=(None, 1),
                co_names=("x",), co_stacksize=9)


def test_handler_depths_27_and_36() -> None:
    # 2.7: 0 LOAD_CONST; 3 SETUP_EXCEPT -> 11; 6 LOAD_NAME; 9 POP_TOP; 10 POP_BLOCK;
    # 11 POP_TOP x3 (handler, 1 + 3 values); 14 POP_TOP; 15 LOAD_CONST; 18 RETURN_VALUE
    g = cfg(_asm("2.7", ("LOAD_CONST", 1), ("SETUP_EXCEPT", 5), ("LOAD_NAME", 0),
                 ("POP_TOP", None), ("POP_BLOCK", None), ("POP_TOP", None), ("POP_TOP", None),
                 ("POP_TOP", None), ("POP_TOP", None), ("LOAD_CONST", 0),
                 ("RETURN_VALUE", None)))
    (exc,) = [e for e in g.edges if e.kind == "exception"]
    assert (exc.depth, exc.lasti, exc.entry_depth) == (1, False, 4)
    assert g.blocks[exc.target].depth == 4 and g.max_depth == 4
    # 3.6: 0 LOAD_CONST; 2 SETUP_WITH -> 8 (with block: level 1, handler 1 + 6)
    g = cfg(_asm("3.6", ("LOAD_CONST", 1), ("SETUP_WITH", 4), ("POP_TOP", None),
                 ("POP_BLOCK", None), ("LOAD_CONST", 0), ("WITH_CLEANUP_START", None),
                 ("WITH_CLEANUP_FINISH", None), ("END_FINALLY", None), ("LOAD_CONST", 0),
                 ("RETURN_VALUE", None)))
    (exc,) = [e for e in g.edges if e.kind == "exception"]
    assert (exc.handler, exc.depth, exc.entry_depth) == ("with", 1, 7)
    assert g.depth_at(g.blocks[-1].start) == 0  # the manager's __exit__ is gone after it
    assert not g.problems


def test_versions_without_effects_give_none() -> None:
    g = cfg(_asm("2.6", ("SETUP_EXCEPT", 4), ("POP_BLOCK", None), ("JUMP_FORWARD", 1),
                 ("END_FINALLY", None), ("LOAD_CONST", 0), ("RETURN_VALUE", None)))
    (exc,) = [e for e in g.edges if e.kind == "exception"]
    assert exc.depth is None and exc.entry_depth is None and exc.lasti is False
    assert g.max_depth is None and all(b.depth is None for b in g.blocks)


def test_junk_stack_is_a_problem() -> None:
    # 3.8: a loop that pushes on every turn, and a pop from an empty stack
    g = cfg(_asm("3.8", ("LOAD_CONST", 0), ("JUMP_ABSOLUTE", 0)))
    assert any("on the way back" in p.message for p in g.problems), g.problems
    g = cfg(_asm("3.8", ("POP_TOP", None), ("LOAD_CONST", 0), ("RETURN_VALUE", None)))
    assert any("underflows" in p.message for p in g.problems), g.problems
