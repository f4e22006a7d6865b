"""Stack effects: our data against each interpreter's own ``dis.stack_effect``.

* Fixture tests (one Python suffices): ``tests/fixtures/dis_data/
  stack_effects_<version>.json`` holds, per opcode, a digest of what that
  interpreter answered for every jump and every oparg of the small sample
  (and of the full sample, checked under ``-m slow``), plus its answers to
  the argument-type cases (``tools/gen_stack_effects.py --fixtures-only``
  writes them).  Our answers must give the same digests.
* Differential tests: each installed interpreter (3.6-3.15) is asked again in
  one subprocess and every answer compared (small sample by default, the full
  sample under ``-m slow``); versions not installed are skipped.
* Unit tests of the accessor, the formula language and the derived tables
  (2.7, 3.4, 3.5).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from typing import Any

import pytest
import stack_oracle as so
from interpreters import find

from bytescope.errors import UnsupportedVersion
from bytescope.versions import by_name
from bytescope.versions import stack_effects as se
from bytescope.versions.opcodes import table
from bytescope.versions.stack_effects.formula import FormulaError, compile_formula

EXACT = ("3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
DERIVED = ("2.7", "3.3", "3.4", "3.5")


@cache
def fixture(version: str) -> dict[str, Any]:
    with open(so.fixture_path(version), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def probed_opcodes(version: str) -> list[int]:
    return so.opcodes_for(fixture(version)["highest"])


@cache
def our_answers(version: str, full: bool) -> dict[Any, list[so.Result]]:
    """Our answers over the fixture's grid (cached: fixture and differential tests share them)."""
    opargs = so.OPARGS if full else so.OPARGS_SMALL
    effects = se.effects_table(version)
    return so.our_grid(effects, probed_opcodes(version), fixture(version)["jumps"], opargs)


def check_digests(version: str, full: bool) -> None:
    want = fixture(version)["full" if full else "small"]
    got = so.opcode_digests(our_answers(version, full))
    assert set(got) == set(want)
    bad = sorted(int(op) for op in want if got[op] != want[op])
    assert not bad, (
        f"Python {version}: our stack effects differ from the interpreter's for opcodes {bad}; "
        "run tests/test_stack_effects.py::test_matches_interpreter for the calls"
    )


@pytest.mark.parametrize("version", EXACT)
def test_matches_fixture(version: str) -> None:
    check_digests(version, full=False)
    effects = se.effects_table(version)
    cases = [so.ours(effects, so._decode(op), so._decode(arg), so._decode(j)
                     if j != so.ABSENT else so.ABSENT) for op, arg, j in so.CASES]
    want = so.unpack_results(fixture(version)["cases"])
    diffs = [(c, g, w) for c, g, w in zip(so.CASES, cases, want) if g != w]
    assert not diffs, diffs[:5]


@pytest.mark.slow
@pytest.mark.parametrize("version", EXACT)
def test_matches_fixture_full_sample(version: str) -> None:
    check_digests(version, full=True)


def differential(version: str, full: bool) -> None:
    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    jumps = fixture(version)["jumps"]
    opargs = so.OPARGS if full else so.OPARGS_SMALL
    answers = so.run(python, probed_opcodes(version), jumps, opargs=opargs)
    ours = our_answers(version, full)
    assert set(answers["grid"]) == set(ours)
    bad = [
        f"stack_effect({op}, {arg}, jump={jump}): ours {got!r}, native {want!r}"
        for (op, jump), results in answers["grid"].items()
        for arg, want, got in zip(opargs, results, ours[(op, jump)])
        if got != want
    ]
    checked = len(answers["grid"]) * len(opargs)
    assert not bad, f"{len(bad)} of {checked} calls differ: " + "; ".join(bad[:8])
    _, bad_cases = so.compare(se.effects_table(version), {}, answers["cases"])
    assert not bad_cases, bad_cases[:8]


@pytest.mark.parametrize("version", EXACT)
def test_matches_interpreter(version: str) -> None:
    differential(version, full=False)


@pytest.mark.slow
@pytest.mark.parametrize("version", EXACT)
def test_matches_interpreter_full_sample(version: str) -> None:
    differential(version, full=True)


def test_every_exact_version_has_a_fixture_and_data() -> None:
    for version in EXACT:
        assert os.path.exists(so.fixture_path(version)), version
        assert se.effects_table(version).exact
    for version in DERIVED:
        assert not se.effects_table(version).exact
    assert set(se.known_lines()) == set(EXACT) | set(DERIVED)


# --- the accessor -------------------------------------------------------------------------


def test_accepts_version_info_key_and_table() -> None:
    table = se.effects_table("3.12")
    assert se.stack_effect(by_name("3.12"), 1) == se.stack_effect("3.12", 1) == -1
    assert se.effects_table(table) is table
    with pytest.raises(UnsupportedVersion):
        se.stack_effect("3.2", 1)
    with pytest.raises(UnsupportedVersion):
        se.effects_table(by_name("pypy3.9"))


def test_jump_keyword_rules() -> None:
    for_iter_37 = 93
    with pytest.raises(TypeError, match="takes no keyword arguments"):
        se.stack_effect("3.7", for_iter_37, 0, jump=None)
    assert se.stack_effect("3.7", for_iter_37, 0) == 1
    assert se.stack_effect("3.8", for_iter_37, 0, jump=True) == -1
    assert se.stack_effect("3.8", for_iter_37, 0, jump=False) == 1
    with pytest.raises(ValueError, match="jump must be False, True or None"):
        se.stack_effect("3.8", for_iter_37, 0, jump=1)


def test_c_int_semantics() -> None:
    build_tuple_36 = 102
    # (int)PyLong_AsLong: 2**32 + 3 acts as 3; 2**31 as -2**31, and 1 - oparg wraps
    assert se.stack_effect("3.6", build_tuple_36, 2**32 + 3) == -2
    assert se.stack_effect("3.6", build_tuple_36, 2**31) == -(2**31) + 1
    with pytest.raises(OverflowError, match="C long"):
        se.stack_effect("3.6", build_tuple_36, 2**63)
    with pytest.raises(OverflowError, match="signed integer is greater than maximum"):
        se.stack_effect("3.6", 2**31)
    with pytest.raises(OverflowError, match="too large to convert to C int"):
        se.stack_effect("3.8", 2**31)
    # 3.12+: a negative count of popped items is invalid
    build_tuple_312 = 102
    with pytest.raises(ValueError, match="invalid opcode or oparg"):
        se.stack_effect("3.12", build_tuple_312, 2**31)
    # CPython's marker of an invalid effect is INT_MAX itself
    with pytest.raises(ValueError, match="invalid opcode or oparg"):
        se.stack_effect("3.6", build_tuple_36, -(2**31) + 2)


def test_argument_presence_rules() -> None:
    pop_top = 1
    with pytest.raises(ValueError, match="does not permit oparg"):
        se.stack_effect("3.12", pop_top, 0)
    with pytest.raises(ValueError, match="requires oparg"):
        se.stack_effect("3.12", 102)
    # 3.13 dropped both checks: None counts as 0
    build_tuple_313 = 52
    assert se.stack_effect("3.13", build_tuple_313) == 1
    assert se.stack_effect("3.13", 32, 5) == -1


def test_argument_types() -> None:
    with pytest.raises(TypeError, match="integer argument expected, got float"):
        se.stack_effect("3.9", 1.0)
    assert se.stack_effect("3.9", 102, 2.5) == -1  # __int__ truncates up to 3.9
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        se.stack_effect("3.10", 102, 2.5)
    with pytest.raises(TypeError, match=r"an integer is required \(got type str\)"):
        se.stack_effect("3.6", "x")
    assert se.stack_effect("3.12", True) == -1  # bool is an int: POP_TOP


def test_pseudo_and_specialized_opcodes() -> None:
    # 3.11's compiler pseudo-ops are negative; SETUP_FINALLY (-1) pushes on the jump only
    assert se.stack_effect("3.11", -1, jump=True) == 1
    assert se.stack_effect("3.11", -1, jump=False) == 0
    # specialized instructions have no effect (3.11+); instrumented ones do (3.12+)
    for version in ("3.11", "3.12", "3.13", "3.14", "3.15"):
        optable, effects = table(version), se.effects_table(version)
        assert optable.data.DEOPT
        for name in optable.data.DEOPT:
            assert optable.opmap[name] not in effects.forms, (version, name)
    add_int = table("3.12").opmap["BINARY_OP_ADD_INT"]
    with pytest.raises(ValueError, match="invalid opcode or oparg"):
        se.stack_effect("3.12", add_int)
    # the 3.12 interpreter gives instrumented opcodes effects of their own (INSTRUMENTED_CALL: 0)
    assert se.stack_effect("3.12", table("3.12").opmap["INSTRUMENTED_CALL"], 2) == 0


def test_derived_tables() -> None:
    # CALL_FUNCTION's NARGS: positional count in the low byte, keyword pairs above it
    assert se.stack_effect("3.5", 131, 0x0102) == -4
    assert se.stack_effect("2.7", 131, 0x0102) == -4
    assert se.stack_effect("3.4", 132, 0x30102) == -8  # MAKE_FUNCTION with 3 annotations
    assert se.stack_effect("3.5", 151, 0x0203) == -2  # BUILD_MAP_UNPACK_WITH_CALL
    assert se.stack_effect("2.7", 134, 2) == -3  # MAKE_CLOSURE
    assert se.stack_effect("2.7", 143, 0) == 4  # SETUP_WITH
    assert se.stack_effect("3.3", table("3.3").opmap["STORE_LOCALS"]) == -1
    assert se.stack_effect("3.3", 132, 0x30102) == -8
    with pytest.raises(ValueError, match="invalid opcode or oparg"):
        se.stack_effect("3.4", 9)  # NOP: compile.c has no case for it
    with pytest.raises(TypeError, match="no keyword"):
        se.stack_effect("2.7", 1, jump=None)


def test_derived_tables_agree_with_36_where_unchanged() -> None:
    """3.5's facts (from source) equal the 3.6 interpreter's for every opcode both share
    unchanged: only the call, function-building and map-unpacking opcodes changed in 3.6."""
    changed = {"CALL_FUNCTION", "CALL_FUNCTION_KW", "MAKE_FUNCTION", "BUILD_MAP_UNPACK_WITH_CALL"}
    t35, t36 = table("3.5"), table("3.6")
    e35, e36 = se.effects_table("3.5"), se.effects_table("3.6")
    compared = 0
    for name, op35 in t35.opmap.items():
        op36 = t36.opmap.get(name)
        if op36 is None or name in changed:
            continue
        for arg in (0, 1, 2, 3, 255, 256, 0x10203):
            a = so.ours(e35, op35, arg if e35.has_arg(op35) else None, so.ABSENT)
            b = so.ours(e36, op36, arg if e36.has_arg(op36) else None, so.ABSENT)
            assert a == b, (name, arg, a, b)
            compared += 1
    assert compared > 500


# --- the formula language -----------------------------------------------------------------


def test_formula_c_semantics() -> None:
    assert compile_formula("-7 / 2")(0) == -3  # C division truncates toward zero
    assert compile_formula("-7 % 256")(0) == -7
    assert compile_formula("oparg >> 8")(-1) == -1  # arithmetic shift
    assert compile_formula("oparg & 4 == 4")(4) == 0  # == binds tighter than &: oparg & 1
    assert compile_formula("(oparg & 4) == 4")(4) == 1
    assert compile_formula("1 - oparg")(-(2**31)) == -(2**31) + 1  # wraps at 32 bits
    assert compile_formula("2*oparg")(2**30) == -(2**31)


@pytest.mark.parametrize("text", ["__import__('os')", "oparg.real", "1 +", "(1", "oparg ** 2",
                                  "lambda: 1", "x"])
def test_formula_rejects_anything_else(text: str) -> None:
    with pytest.raises(FormulaError):
        compile_formula(text)


# --- 2.7's derived table against its compiler's co_stacksize --------------------------------

_CODES_27 = r"""
import json, os, sys
lib = os.path.dirname(os.__file__)
names = sorted(n for n in os.listdir(lib) if n.endswith('.py'))[:int(sys.argv[1])]
out = []
def walk(co):
    out.append([co.co_code.encode('hex'), co.co_stacksize, co.co_name])
    for c in co.co_consts:
        if hasattr(c, 'co_code'):
            walk(c)
for name in names:
    try:
        walk(compile(open(os.path.join(lib, name)).read(), name, 'exec'))
    except SyntaxError:
        pass
sys.stdout.write(json.dumps(out))
"""


def max_depth_27(code: bytes) -> int:
    """Return the stack depth 2.7's compiler computes for ``code`` with our 2.7 effects.

    A replay of compile.c's ``stackdepth_walk`` on the basic blocks of the final
    bytecode: a depth-first walk that skips a block already on the current path
    or already entered at least as deep; FOR_ITER's exit pops 2, a SETUP_EXCEPT/
    SETUP_FINALLY handler starts 3 higher, JUMP_IF_*_OR_POP keep the value only
    on the jump, and nothing follows JUMP_ABSOLUTE/JUMP_FORWARD.
    """
    optable, effects = table("2.7"), se.effects_table("2.7")
    have_arg, jrel, jabs = optable.data.HAVE_ARGUMENT, optable.data.HASJREL, optable.data.HASJABS
    instrs: list[tuple[int, str, int, int, int]] = []  # (offset, name, effect, target, next)
    pos, ext = 0, 0
    while pos < len(code):
        start, op = pos, code[pos]
        if op >= have_arg:
            arg, pos = code[pos + 1] | code[pos + 2] << 8 | ext, pos + 3
        else:
            arg, pos = 0, pos + 1
        if op == optable.extended_arg:
            ext = arg << 16
            continue
        ext = 0
        target = pos + arg if op in jrel else arg if op in jabs else -1
        effect = effects.stack_effect(op, arg if op >= have_arg else None)
        instrs.append((start, optable.names[op], effect, target, pos))
    leaders = {0} | {i[3] for i in instrs if i[3] >= 0} | {i[4] for i in instrs if i[3] >= 0}
    blocks: dict[int, list[tuple[int, str, int, int, int]]] = {}
    for ins in instrs:
        if ins[0] in leaders or not blocks:
            current = blocks.setdefault(ins[0], [])
        current.append(ins)
    seen: set[int] = set()
    start_depth: dict[int, int] = {}

    def walk(block: int, depth: int, best: int) -> int:
        if block not in blocks or block in seen or start_depth.get(block, -(10**9)) >= depth:
            return best
        seen.add(block)
        start_depth[block] = depth
        last = blocks[block][-1]
        for _, name, effect, target, _ in blocks[block]:
            depth += effect
            best = max(best, depth)
            if target >= 0:
                target_depth = {"FOR_ITER": depth - 2, "SETUP_EXCEPT": depth + 3,
                                "SETUP_FINALLY": depth + 3}.get(name, depth)
                best = max(best, target_depth)
                if name.endswith("_OR_POP"):
                    depth -= 1
                best = walk(target, target_depth, best)
                if name in ("JUMP_ABSOLUTE", "JUMP_FORWARD"):
                    seen.discard(block)
                    return best
        best = walk(last[4], depth, best)
        seen.discard(block)
        return best

    return walk(0, 0, 0)


def test_derived_27_table_sizes_the_stack_like_its_compiler() -> None:
    """2.7's effects (from compile.c) rebuild co_stacksize for real code: never more than the
    compiler's, and equal for nearly all code objects (the peephole optimizer runs after the
    size is computed and can only shorten the code, e.g. by folding constants)."""
    python = find("2.7")
    if python is None:
        pytest.skip("Python 2.7 interpreter not installed")
    out = subprocess.run([python, "-c", _CODES_27, "120"], capture_output=True, text=True,
                         timeout=300, check=True).stdout
    codes = json.loads(out)
    assert len(codes) > 1000
    over, equal = [], 0
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))  # the walk recurses once per block, as compile.c
    try:
        depths = [max_depth_27(bytes.fromhex(hexcode)) for hexcode, _, _ in codes]
    finally:
        sys.setrecursionlimit(limit)
    for depth, (_, stacksize, name) in zip(depths, codes):
        if depth > stacksize:
            over.append((name, depth, stacksize))
        equal += depth == stacksize
    assert not over, over[:10]
    assert equal >= 0.97 * len(codes), f"{equal} of {len(codes)} equal"
