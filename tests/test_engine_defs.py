"""The engine's instruction definitions: complete, current, and true to each version.

* every opcode a release line's table names has a definition (but the few that
  never appear in a pyc: caches, instrumented and executor opcodes);
* the generated handlers (``_cases.py``) are what ``tools/gen_engine.py`` writes
  from the definitions today;
* on real code compiled by each installed interpreter, the stack effect of every
  instruction's definition equals that interpreter's ``dis.stack_effect`` (both
  for falling through and for jumping), except the documented dynamic ones of the
  3.6-3.10 block stack, whose definitions give the normal path's effect.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from interpreters import find

from bytescope.engine import tables
from bytescope.engine.codeobj import VMCode
from bytescope.engine.prepare import prepare
from bytescope.versions import by_name
from bytescope.versions.opcodes import table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINES = sorted(tables.LINE_SETS, key=lambda k: tuple(map(int, k.split("."))))

#: base opcodes that never reach the engine from a pyc (the compiler never writes them)
NEVER_IN_PYCS = {
    "CACHE", "INTERPRETER_EXIT", "ENTER_EXECUTOR", "RESERVED", "TRACE_RECORD",
    "STOP_CODE", "INSTRUMENTED_LINE", "INSTRUMENTED_INSTRUCTION",
}

#: (line, opname) whose definition gives the effect of the normal (non-exceptional)
#: path where the interpreter reports the largest one, and why
DYNAMIC = {
    "SETUP_FINALLY": "the handler entry pushes six values; falling through pushes none",
    "SETUP_EXCEPT": "the handler entry pushes six values; falling through pushes none",
    "SETUP_WITH": "the handler entry pushes six values over __exit__",
    "SETUP_ASYNC_WITH": "the handler entry pushes six values",
    "END_FINALLY": "pops one value normally (six when it re-raises)",
    "WITH_CLEANUP_START": "normal exit: __exit__(None, None, None)",
    "WITH_CLEANUP_FINISH": "normal exit",
    "POP_EXCEPT": "3.6's dis says 0; it pops the three saved values",
    "BEGIN_FINALLY": "pushes one NULL (3.8's dis counts six)",
    "POP_FINALLY": "pops what the finally entry pushed",
    "CALL_FINALLY": "pushes the return address",
    "RETURN_GENERATOR": "the first resumption pushes the value sent (3.11/3.12 count 0)",
    "YIELD_FROM": "the sub-iterator's value replaces it",
    "RERAISE": "3.9/3.10 pop the three exception values",
    "JUMP_IF_NOT_EXC_MATCH": "pops both operands either way",
}
#: split differently, same total: 3.11's dis counts the arguments as popped by
#: PRECALL, the engine's CALL takes them all
PAIRED = {("3.11", "PRECALL"), ("3.11", "CALL")}


def _base_names(key: str) -> set[str]:
    t = table(by_name(key))
    names = {t.names[t.deop[i]] for i in range(256) if not t.names[i].startswith("<")}
    return {n for n in names if not n.startswith("INSTRUMENTED_")}


@pytest.mark.parametrize("key", LINES)
def test_every_opcode_has_a_definition(key: str) -> None:
    defs = tables.definitions(by_name(key))
    missing = sorted(_base_names(key) - set(defs) - NEVER_IN_PYCS)
    assert not missing, f"Python {key}: no definition for {missing}"


def test_generated_handlers_are_current() -> None:
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_engine.py"),
                           "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


_EFFECTS = r"""
import dis, json, sys
pairs = json.loads(sys.stdin.read())
out = []
for op, arg in pairs:
    row = []
    for jump in (False, True):
        try:
            if arg is None:
                row.append(dis.stack_effect(op, jump=jump) if sys.version_info >= (3, 8)
                           else dis.stack_effect(op))
            else:
                row.append(dis.stack_effect(op, arg, jump=jump) if sys.version_info >= (3, 8)
                           else dis.stack_effect(op, arg))
        except (ValueError, TypeError):
            row.append(None)
    out.append(row)
print(json.dumps(out))
"""

_SOURCE = '''
import os
class A(Exception):
    def m(self, *a, k=1, **kw):
        return super().m(*a, k=k, **kw)
def f(x, y=2):
    global G
    for i in range(x):
        try:
            with open(os.devnull) as fh:
                y += [j for j in range(i) if j % 2][0] if i > 1 else 0
        except (KeyError, IndexError) as e:
            continue
        finally:
            y -= 1
    while y > 0:
        y //= 2
    a, *b = x, y, 3
    d = {"k": a, **{}}
    s = {*b}
    G = f"{a!r:>{y}}"
    del d["k"]
    return lambda q: (a, q, not s, y is None, x in b)
def g():
    v = yield 1
    yield from range(v or 2)
async def h(z):
    async with z as w:
        async for q in w:
            await q
    return [q async for q in z]
'''


def _version_of(key: str) -> str:
    return key


@pytest.mark.parametrize("key", [k for k in LINES if k in ("3.8", "3.11", "3.12", "3.14")])
def test_stack_effects_match_the_interpreter(key: str, tmp_path: os.PathLike[str]) -> None:
    _check_effects(key, str(tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize("key", [k for k in LINES if k != "2.7"])  # 2.7's dis has no stack_effect
def test_stack_effects_match_every_interpreter(key: str, tmp_path: os.PathLike[str]) -> None:
    _check_effects(key, str(tmp_path))


def _check_effects(key: str, tmp: str) -> None:
    python = find(key)
    if python is None:
        pytest.skip(f"no Python {key} installed")
    src = os.path.join(tmp, "m.py")
    with open(src, "w") as fh:
        fh.write(_SOURCE)
    pyc = os.path.join(tmp, "m.pyc")
    subprocess.run([python, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], "
                    "cfile=sys.argv[2], doraise=True)", src, pyc], check=True)
    import bytescope

    root = VMCode(bytescope.load(pyc).code)
    codes = [root]
    rows = []
    while codes:
        code = codes.pop()
        codes.extend(c for c in code.consts if isinstance(c, VMCode))
        prepare(code)
        from bytescope.bytecode.listing import Listing

        raw = Listing(code.model).raw
        for i, d in enumerate(code.definitions):
            if d is None:
                continue
            _off, _start, op, arg = raw[i]
            rows.append((d, code.args[i], op, arg))
    proc = subprocess.run([python, "-c", _EFFECTS], input=json.dumps([(r[2], r[3]) for r in rows]),
                          capture_output=True, text=True, check=True)
    native = json.loads(proc.stdout)
    has_jump_keyword = tuple(map(int, key.split("."))) >= (3, 8)
    wrong = []
    for (d, arg, _op, raw_arg), (plain, jump) in zip(rows, native):
        if d.opname in DYNAMIC or plain is None or d.flow == "exit" or (key, d.opname) in PAIRED:
            continue  # an exit has no successor: its effect decides nothing
        taken, given = d.effect.sizes(arg)
        ours = given - taken
        ours_jump = ours
        if d.flow in ("jump", "branch"):
            jt, jg = (d.jump_effect or d.effect).sizes(arg)
            ours_jump = jg - jt
        if not has_jump_keyword:  # before 3.8 dis reports the larger of the two
            if max(ours, ours_jump) != plain:
                wrong.append((d.opname, d.variant, raw_arg, max(ours, ours_jump), plain))
            continue
        if ours != plain:
            wrong.append((d.opname, d.variant, raw_arg, ours, plain))
        # FOR_ITER's jump lands past END_FOR (which dis counts instead)
        if d.flow in ("jump", "branch") and jump is not None and d.opname != "FOR_ITER":
            if ours_jump != jump:
                wrong.append((d.opname + " (jump)", d.variant, raw_arg, ours_jump, jump))
    assert not wrong, f"Python {key}: (opname, variant, arg, ours, native): {sorted(set(wrong))}"
