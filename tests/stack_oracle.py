"""Ask an interpreter's own ``dis.stack_effect`` about a grid of inputs (one subprocess).

Shared by ``tools/gen_stack_effects.py`` (which fits our data to the answers)
and ``tests/test_stack_effects.py`` (which checks our data against them).
The interpreter runs ``tests/_stack_probe.py``; this module builds the request
(:func:`request`) and turns the reply into ``{(opcode, jump): [result, ...]}``
with one result per oparg of :data:`OPARGS`: an int, or ``("ValueError",
"message")`` for an exception.

The sample is deterministic (no ``random``), so the fixtures generated from it
stay comparable:

* opargs (:data:`OPARGS`): ``None``; 0..1024; -1..-300; 2**k - 1, 2**k,
  2**k + 1 and their negatives for k = 10..70; every value within 8 of the
  C ``int``/``long`` boundaries (2**30, 2**31, 2**32, 2**63, 2**64 ...) and
  their negatives; 200 scattered 32-bit and 64-bit values from a fixed linear
  congruential sequence.  :data:`OPARGS_SMALL` has fewer of each, for the
  default tests;
* opcodes: -32..(highest known + 40), plus far values on both sides of the C
  ``int`` range;
* jumps: ``None``, ``True``, ``False`` where the version takes ``jump`` (3.8+),
  else the keyword is not passed;
* :data:`CASES`: argument types and values that reach the error paths.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from typing import Any, Optional, Union

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE = os.path.join(HERE, "_stack_probe.py")

Result = Union[int, tuple[str, str]]
#: a jump value as the probe takes it: "absent" (keyword not passed), None, True, False
Jump = Union[str, None, bool]
ABSENT = "absent"


def _scattered(count: int, bits: int, seed: int) -> list[int]:
    """Return ``count`` signed ``bits``-bit values of a fixed LCG sequence."""
    out = []
    state = seed
    for _ in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        value = state >> (64 - bits)
        out.append(value - 2**bits if value >= 2 ** (bits - 1) else value)
    return out


#: Where C ints overflow or truncate: opargs near these (and their negatives) are probed.
BOUNDARIES: tuple[int, ...] = (2**15, 2**16, 2**30, 2**31, 2**32, 2**62, 2**63, 2**64)


def _opargs(full: bool) -> list[Optional[int]]:
    if full:
        values: set[int] = set(range(0, 1025)) | set(range(-300, 0))
        for k in range(10, 71):
            for v in (2**k - 1, 2**k, 2**k + 1):
                values.update((v, -v))
        near = range(-8, 9)
        values.update(_scattered(100, 32, 1))
        values.update(_scattered(100, 64, 2))
    else:
        values = set(range(0, 41)) | set(range(-8, 0))
        values.update((63, 64, 65, 127, 128, 255, 256, 257, 511, 512, 1023, 1024))
        near = range(-2, 3)
        values.update(_scattered(10, 32, 1))
        values.update(_scattered(6, 64, 2))
    for b in BOUNDARIES:
        for k in near:
            values.update((b + k, -b + k))
    return [None] + sorted(values)


#: The oparg sample, ``None`` first: what the generator fits to and the slow tests replay.
OPARGS: list[Optional[int]] = _opargs(full=True)
#: A subset of :data:`OPARGS` (every region, fewer points) for the default tests.
OPARGS_SMALL: list[Optional[int]] = _opargs(full=False)

#: Opcodes far from any table, on both sides of the C int range.
FAR_OPCODES: tuple[int, ...] = (
    -(2**31), -(2**31) + 1, -65536, -1000, 1000, 65535, 2**31 - 1,
)

#: Calls that reach the argument-conversion paths: (opcode, oparg, jump), where a
#: value is an int, None, {"float": x}, {"str": s} or {"absent": 0} (not passed).
CASES: list[tuple[Any, Any, Any]] = [
    (op, arg, jump)
    for op in (1, 90, 100, 2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 2**64, {"float": 1.0},
               {"str": "x"}, None, True)
    for arg in ({"absent": 0}, None, 0, 2**63, -(2**63) - 1, {"float": 2.0}, {"float": 2.5},
                {"str": "x"}, True, False)
    for jump in ("absent", None, True, False, 0, 1, {"str": "x"})
]


def jumps_for(has_jump: bool) -> list[Jump]:
    """Return the jump values probed for a version (with or without ``jump``)."""
    return [None, True, False] if has_jump else [ABSENT]


def opcodes_for(highest: int) -> list[int]:
    """Return the opcodes probed for a version whose highest known opcode is ``highest``."""
    return list(range(-32, highest + 41)) + list(FAR_OPCODES)


def run(
    python: str, opcodes: list[int], jumps: list[Jump], opargs: Optional[list[Any]] = None,
    cases: Optional[list[Any]] = None,
) -> dict[str, Any]:
    """Run the probe under ``python``; return release, grid and case results.

    ``grid`` maps ``(opcode, jump)`` to one result per oparg of ``opargs``
    (default :data:`OPARGS`); ``cases`` holds one result per case (default
    :data:`CASES`).  A result is an int or ``(exception type name, message)``.
    """
    req = {
        "opcodes": opcodes,
        "opargs": OPARGS if opargs is None else opargs,
        "jumps": jumps,
        "cases": CASES if cases is None else cases,
    }
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [python, "-W", "ignore", PROBE], input=json.dumps(req), capture_output=True,
        text=True, env=env, timeout=900,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{python} {PROBE} failed: {proc.stderr[-2000:]}")
    reply = json.loads(proc.stdout)
    errors = [tuple(e.split(": ", 1)) for e in reply["errors"]]

    def result(value: Any) -> Result:
        return errors[int(value[1:])] if isinstance(value, str) else int(value)

    grid: dict[tuple[int, Jump], list[Result]] = {}
    for key, values in reply["grid"].items():
        op_text, jump_text = key.split(" ", 1)
        grid[(int(op_text), json.loads(jump_text))] = [result(v) for v in values]
    return {
        "release": reply["release"],
        "grid": grid,
        "cases": [result(v) for v in reply["cases"]],
    }


def digest(results: list[Result]) -> str:
    """Return a short stable digest of a result list (for the committed fixtures)."""
    text = json.dumps([r if isinstance(r, int) else list(r) for r in results])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _decode(value: Any) -> Any:
    """Return the Python value a probe argument stands for (ABSENT for "not passed")."""
    if isinstance(value, dict):
        ((tag, payload),) = value.items()
        return {"float": float, "str": str}.get(tag, lambda _: ABSENT)(payload)
    return value


def ours(effects: Any, opcode: Any, oparg: Any, jump: Any) -> Result:
    """Return what ``effects.stack_effect`` gives for one probe call (ABSENT: not passed)."""
    from bytescope.versions.stack_effects import MISSING

    try:
        return effects.stack_effect(
            opcode, None if oparg is ABSENT else oparg, MISSING if jump is ABSENT else jump
        )
    except (ValueError, OverflowError, TypeError) as exc:
        # ours are BytescopeErrors of the native class: compare the native class's name
        native = next(c for c in type(exc).__mro__ if c in (ValueError, OverflowError, TypeError))
        return (native.__name__, str(exc))


def compare(effects: Any, grid: dict[Any, list[Result]], cases: list[Result],
            opargs: Optional[list[Any]] = None) -> tuple[int, list[str]]:
    """Replay the probed calls on ``effects``; return (calls compared, mismatch texts)."""
    opargs = OPARGS if opargs is None else opargs
    bad: list[str] = []
    count = 0
    for (opcode, jump), results in grid.items():
        j = ABSENT if jump == ABSENT else jump
        for arg, want in zip(opargs, results):
            got = ours(effects, opcode, arg, j)
            count += 1
            if got != want:
                bad.append(f"stack_effect({opcode}, {arg}, jump={jump}): {got!r} != {want!r}")
    for (op, arg, jump), want in zip(CASES, cases):
        got = ours(effects, _decode(op), _decode(arg), _decode(jump) if jump != ABSENT else ABSENT)
        count += 1
        if got != want:
            bad.append(f"case {(op, arg, jump)}: {got!r} != {want!r}")
    return count, bad


def fixture_path(version: str) -> str:
    """Return the path of the committed digests of ``version``'s answers."""
    return os.path.join(HERE, "fixtures", "dis_data", f"stack_effects_{version}.json")


def subgrid(grid: dict[Any, list[Result]], opargs: list[Any]) -> dict[Any, list[Result]]:
    """Return ``grid`` (answers for :data:`OPARGS`) cut down to ``opargs`` (a subset)."""
    index = {a: i for i, a in enumerate(OPARGS)}
    picks = [index[a] for a in opargs]
    return {key: [results[i] for i in picks] for key, results in grid.items()}


def opcode_digests(grid: dict[Any, list[Result]]) -> dict[str, str]:
    """Return ``{opcode: digest}`` of ``grid``'s answers, each digest covering every jump."""
    per_op: dict[int, list[Result]] = {}
    for (opcode, _jump), results in sorted(grid.items(), key=lambda kv: (kv[0][0], repr(kv[0][1]))):
        per_op.setdefault(opcode, []).extend(results)
    return {str(op): digest(rs) for op, rs in per_op.items()}


def our_grid(effects: Any, opcodes: list[int], jumps: list[Jump],
             opargs: list[Any]) -> dict[tuple[int, Jump], list[Result]]:
    """Return our answers in the probe's grid form (for ``opargs``, a subset of OPARGS)."""
    return {
        (op, jump): [ours(effects, op, a, ABSENT if jump == ABSENT else jump) for a in opargs]
        for op in opcodes for jump in jumps
    }


def pack_results(results: list[Result]) -> dict[str, Any]:
    """Return ``results`` as JSON data with each error message stored once."""
    errors: list[list[str]] = []
    packed: list[Any] = []
    for r in results:
        if isinstance(r, int):
            packed.append(r)
            continue
        if list(r) not in errors:
            errors.append(list(r))
        packed.append(f"e{errors.index(list(r))}")
    return {"errors": errors, "results": packed}


def unpack_results(data: dict[str, Any]) -> list[Result]:
    """Return the results :func:`pack_results` packed."""
    errors = [tuple(e) for e in data["errors"]]
    return [errors[int(r[1:])] if isinstance(r, str) else int(r) for r in data["results"]]
