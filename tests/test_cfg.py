"""Control-flow graphs: properties on real pycs of every version, semantics, junk code.

Default run: the committed fixtures (2.7, 3.6-3.15), a sample of the
uncompyle6 corpora (1.5, 2.1, 2.6, 2.7, 3.2, PyPy) and a sample of each
installed interpreter's own stdlib pycs.  Slow mark: every stdlib pyc of every
installed interpreter and the whole corpora.  The properties are in
tests/cfg_properties.py.
"""

from __future__ import annotations

import glob
import os
import random
from typing import Any

import pytest
from cfg_properties import check
from interpreters import VERSIONS, find, shared_dir

import bytescope
from bytescope import Code
from bytescope.analysis.cfg import cfg
from bytescope.versions import by_name, known_lines
from bytescope.versions.opcodes import table

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = sorted(glob.glob(os.path.join(HERE, "fixtures", "*", "*.pyc")))


def check_pyc(path: str, *, expect_clean: bool = True) -> tuple[int, int, list[str]]:
    """Build the graph of every code object of ``path``; return (codes, blocks, violations)."""
    pyc = bytescope.load(path)
    codes = blocks = 0
    bad: list[str] = []
    for code in pyc.code.iter_code():
        g = cfg(code)
        codes += 1
        blocks += len(g.blocks)
        bad += [f"{path}: {m}" for m in check(g, expect_clean=expect_clean)]
    return codes, blocks, bad


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: os.path.relpath(p, HERE))
def test_fixture_properties(path: str) -> None:
    codes, blocks, bad = check_pyc(path)
    assert codes and blocks
    assert not bad, "\n".join(bad[:20])


def _corpus_files() -> list[str]:
    root = shared_dir("corpora", "uncompyle6")
    if root is None:
        return []
    return sorted(p for p in glob.glob(os.path.join(root, "*", "**", "*.py[co]"),
                                       recursive=True))


def test_corpus_sample_properties() -> None:
    files = _corpus_files()
    if not files:
        pytest.skip("../shared/corpora/uncompyle6 is absent")
    sample = files[::4]
    bad: list[str] = []
    for path in sample:
        bad += check_pyc(path)[2]
    assert not bad, "\n".join(bad[:20])


def stdlib_pycs(version: str) -> list[str]:
    """The pycs interpreter ``version`` wrote for its own stdlib (skip if absent)."""
    from test_dis_differential import stdlib_pycs as found

    python = find(version)
    if python is None:
        pytest.skip(f"Python {version} interpreter not installed")
    pycs = found(python)
    if not pycs:
        pytest.skip(f"Python {version} has no compiled stdlib")
    return pycs


@pytest.mark.parametrize("version", VERSIONS)
def test_stdlib_sample_properties(version: str) -> None:
    pycs = stdlib_pycs(version)
    step = max(1, len(pycs) // 12)
    bad: list[str] = []
    for path in pycs[::step][:12]:
        bad += check_pyc(path)[2]
    assert not bad, "\n".join(bad[:20])


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_stdlib_properties(version: str) -> None:
    pycs = stdlib_pycs(version)
    bad: list[str] = []
    codes = blocks = 0
    for path in pycs:
        c, b, v = check_pyc(path)
        codes += c
        blocks += b
        bad += v
    print(f"\n{version}: {len(pycs)} pycs, {codes} code objects, {blocks} blocks, "
          f"{len(bad)} violations")
    assert not bad, "\n".join(bad[:20])


@pytest.mark.slow
def test_corpus_properties() -> None:
    files = _corpus_files()
    if not files:
        pytest.skip("../shared/corpora/uncompyle6 is absent")
    bad: list[str] = []
    for path in files:
        bad += check_pyc(path)[2]
    assert not bad, "\n".join(bad[:20])


# --- semantics on host code -----------------------------------------------------------


def _kinds(g: Any) -> set[str]:
    return {e.kind for e in g.edges}


def test_host_if_loop_try() -> None:
    def f(xs: Any) -> int:
        total = 0
        for x in xs:
            if x is None:
                continue
            try:
                total += x
            except TypeError:
                break
        return total

    g = cfg(f)
    assert not check(g, expect_clean=True)
    kinds = _kinds(g)
    assert {"exhausted", "exception", "fallthrough"} <= kinds
    assert {"true", "false"} <= kinds
    assert any(e.back for e in g.edges)
    assert any(b.handler for b in g.blocks)
    assert any(b.exit == "return" for b in g.blocks)
    # the none test is labelled as such (3.11: POP_JUMP_*_IF_NONE, 3.12+: POP_JUMP_IF_NONE)
    assert any(e.test == "none" for e in g.edges)
    for e in g.edges:
        if e.kind == "exception":
            assert e.depth is not None and e.lasti is not None


def test_host_generator_resume() -> None:
    def gen() -> Any:
        x = yield 1
        yield from range(x)

    g = cfg(gen)
    assert not check(g, expect_clean=True)
    assert "resume" in _kinds(g)
    assert "exhausted" in _kinds(g)  # SEND


def test_dead_code_marked() -> None:
    v = by_name("3.12")
    t = table(v)
    op = t.opmap
    # RETURN_CONST 0; then unreachable LOAD_CONST 0; RETURN_VALUE
    code = Code(v, co_code=bytes([op["RETURN_CONST"], 0, op["LOAD_CONST"], 0,
                                  op["RETURN_VALUE"], 0]), co_consts=(None,))
    g = cfg(code)
    assert [b.reachable for b in g.blocks] == [True, False]
    assert [b.exit for b in g.blocks] == ["return", "return"]
    assert not check(g)


# --- junk code: flagged, never fatal --------------------------------------------------


def test_bad_jumps_are_problems_not_errors() -> None:
    v = by_name("2.7")
    op = table(v).opmap
    jf, jt, const = op["POP_JUMP_IF_FALSE"], op["POP_JUMP_IF_TRUE"], op["LOAD_CONST"]
    # a jump into the middle of an instruction, a jump past the end, an unknown
    # opcode, and code that runs past its end (all reachable through fallthroughs)
    co = bytes([const, 0, 0, jf, 7, 0, jt, 200, 0, 255, const, 0, 0])
    g = cfg(Code(v, co_code=co, co_consts=(None,), co_name="junk"))
    text = [str(p) for p in g.problems]
    assert any("inside the instruction at 6" in t and "junk" in t for t in text), text
    assert any("outside the code" in t for t in text), text
    assert any("unknown opcode 255" in t for t in text), text
    assert any("past the end" in t for t in text), text
    assert g.blocks[-1].exit == "falls off"
    assert not check(g)


def test_dead_tail_running_off_the_end_is_no_problem() -> None:
    """CPython 3.8 leaves unreachable code after a return in a finally: not flagged."""
    v = by_name("3.8")
    op = table(v).opmap
    co = bytes([op["LOAD_CONST"], 0, op["RETURN_VALUE"], 0, op["POP_TOP"], 0])
    g = cfg(Code(v, co_code=co, co_consts=(None,)))
    assert g.blocks[-1].exit == "falls off" and not g.blocks[-1].reachable
    assert not g.problems


@pytest.mark.parametrize("key", known_lines())
def test_random_bytecode_never_fails(key: str) -> None:
    """Random code strings of every line: a graph with the properties, or problems."""
    try:
        v = by_name(key)
        table(v)
    except bytescope.BytescopeError:
        pytest.skip(f"no opcode table for {key}")
    rng = random.Random(key)
    for _ in range(20):
        co = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120)))
        table_bytes = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 12)))
        fields: dict[str, Any] = dict(co_code=co, co_consts=(None,) * 4, co_name="fuzz")
        if v.has_exception_table:
            fields["co_exceptiontable"] = table_bytes
        g = cfg(Code(v, **fields))
        assert not check(g)


# --- the flow facts: every line covered, every name real -------------------------------


def test_flow_facts_cover_every_line() -> None:
    from bytescope.versions.opcodes import _LINE_MODULE
    from bytescope.versions.opcodes import flow as F

    assert set(F.FLOW) == set(_LINE_MODULE)
    for key, line in F.FLOW.items():
        t = table(key)
        missing = [name for name in line.ops if name not in t.opmap]
        assert not missing, f"{key}: flow facts name opcodes it lacks: {missing}"
        ft = F.flow_table(key)
        for op in range(256):
            if t.is_jump[op] and t.deop[op] == op:
                assert ft.flow[op].role != F.PLAIN, f"{key}: jump {t.names[op]} is plain"
    for key in known_lines():
        if key.startswith("pypy"):
            ft = F.flow_table(key)
            t = table(key)
            for op in range(256):
                if t.is_jump[op] and t.deop[op] == op:
                    assert ft.flow[op].role != F.PLAIN, f"{key}: jump {t.names[op]} is plain"


# --- old exception and loop models, hand-built ------------------------------------------


def asm(v: Any, *ops: tuple[str, Any]) -> bytes:
    """Return the bytecode of ``ops`` (``(opname, arg or None)``) for version ``v``."""
    t = table(v)
    out = b""
    for name, arg in ops:
        out += bytes([t.opmap[name]])
        if arg is not None:
            out += (arg.to_bytes(2, "little") if not v.wordcode else bytes([arg]))
        elif v.wordcode:
            out += b"\0"
    return out


@pytest.mark.parametrize("key", ["1.5", "2.4"])
def test_old_loop_break_and_test_without_pop(key: str) -> None:
    v = by_name(key)
    co = asm(v, ("SETUP_LOOP", 10), ("LOAD_CONST", 0), ("JUMP_IF_FALSE", 2), ("POP_TOP", None),
              ("BREAK_LOOP", None), ("POP_TOP", None), ("POP_BLOCK", None), ("LOAD_CONST", 0),
              ("RETURN_VALUE", None))
    g = cfg(Code(v, co_code=co, co_consts=(None,), co_name="loop", co_stacksize=1))
    assert [b.start for b in g.blocks] == [0, 3, 9, 11, 13]
    assert [(e.source, e.target, e.kind) for e in g.blocks[1].succ] == [(1, 3, "false"),
                                                                       (1, 2, "true")]
    assert [(e.target, e.kind) for e in g.blocks[2].succ] == [(4, "jump")]  # break -> loop end
    assert not g.problems and not check(g, expect_clean=True)


def test_py2_setup_except_and_end_finally() -> None:
    v = by_name("2.7")
    # 0 SETUP_EXCEPT -> 10; 3 LOAD_CONST; 6 POP_BLOCK; 7 JUMP_FORWARD -> 11;
    # 10 END_FINALLY (the handler); 11 LOAD_CONST; 14 RETURN_VALUE
    co = asm(v, ("SETUP_EXCEPT", 7), ("LOAD_CONST", 0), ("POP_BLOCK", None),
              ("JUMP_FORWARD", 1), ("END_FINALLY", None), ("LOAD_CONST", 0),
              ("RETURN_VALUE", None))
    g = cfg(Code(v, co_code=co, co_consts=(None,)))
    starts = [b.start for b in g.blocks]
    assert starts == [0, 3, 7, 10, 11]
    exc = [e for e in g.edges if e.kind == "exception"]
    assert [(g.blocks[e.source].start, g.blocks[e.target].start, e.setup, e.handler)
            for e in exc] == [(3, 10, 0, "except")]
    assert g.blocks[3].handler and g.blocks[3].exit == "reraise"
    assert [g.blocks[e.target].start for e in g.blocks[3].succ] == [11]


def test_38_call_finally_and_310_setup_finally() -> None:
    v = by_name("3.8")
    # 0 SETUP_FINALLY -> 8; 2 POP_BLOCK; 4 CALL_FINALLY -> 8; 6 JUMP_FORWARD -> 10;
    # 8 END_FINALLY; 10 LOAD_CONST; 12 RETURN_VALUE
    co = asm(v, ("SETUP_FINALLY", 6), ("POP_BLOCK", None), ("CALL_FINALLY", 2),
              ("JUMP_FORWARD", 2), ("END_FINALLY", None), ("LOAD_CONST", 0),
              ("RETURN_VALUE", None))
    g = cfg(Code(v, co_code=co, co_consts=(None,), co_stacksize=6))
    call = g.block_at(4)
    assert call is not None
    assert sorted((g.blocks[e.target].start, e.kind) for e in call.succ) == [
        (6, "fallthrough"), (8, "jump")]
    assert [(g.blocks[e.target].start, e.setup) for e in g.edges if e.kind == "exception"] == [
        (8, 0)]
    assert not check(g, expect_clean=True)
    v = by_name("3.10")
    # 3.10 jumps count instructions: SETUP_FINALLY 2 -> 2 + 2 + 4 = 8
    co = asm(v, ("SETUP_FINALLY", 2), ("POP_BLOCK", None), ("JUMP_FORWARD", 1),
              ("RERAISE", 0), ("LOAD_CONST", 0), ("RETURN_VALUE", None))
    g = cfg(Code(v, co_code=co, co_consts=(None,), co_stacksize=6))
    assert [b.start for b in g.blocks] == [0, 2, 4, 6, 8]
    assert g.blocks[3].handler and g.blocks[3].exit == "reraise"
    assert not check(g, expect_clean=True)


def test_py2_except_clause_inside_finally_does_not_resume_the_finally() -> None:
    """2.x pushes no block when a handler is entered: an except clause's END_FINALLY (no
    clause matched: re-raise) inside a finally body must not take over what the finally
    has pending; the finally's own END_FINALLY resumes the break/continue/return."""
    import subprocess

    from interpreters import require

    python = require("2.7")
    source = (
        "def f(items, log):\n"
        "    for x in items:\n"
        "        try:\n"
        "            if x == 1:\n"
        "                break\n"
        "            if x == 2:\n"
        "                continue\n"
        "            return x\n"
        "        finally:\n"
        "            try:\n"
        "                int(x)\n"
        "            except ValueError:\n"
        "                log.append(x)\n"
    )
    script = ("import marshal, sys\n"
              f"sys.stdout.write(marshal.dumps(compile({source!r}, 'f', 'exec')).encode('hex'))")
    out = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=60)
    top = bytescope.loads(bytes.fromhex(out.stdout), raw=True, python_version="2.7").code
    (code,) = [c for c in top.co_consts if isinstance(c, Code)]
    g = cfg(code)
    assert not check(g, expect_clean=True)
    names = g.listing.table.names
    ends = [b for b in g.blocks if names[g.listing.raw[b.last - 1][2]] == "END_FINALLY"]
    resuming = {(b.start, e.why) for b in ends for e in b.succ if e.kind == "unwind"}
    assert {why for _start, why in resuming} == {"break", "continue"}
    assert len({start for start, _why in resuming}) == 1  # the finally's END_FINALLY only
