#!/usr/bin/env python3
"""Fit ``bytescope/versions/stack_effects/v3_X.py`` to each interpreter's ``dis.stack_effect``.

For each CPython 3.6+ interpreter found (tests/interpreters.py), one
subprocess (tests/_stack_probe.py) asks ``dis.stack_effect`` about every
opcode from -32 to 40 past the highest known one (plus far values on both
sides of the C ``int`` range), every oparg of the sample in
tests/stack_oracle.py (``None``, 0..1024, -1..-300, powers of two and their
neighbours up to 2**70, scattered 32- and 64-bit values), every ``jump``
(None/True/False from 3.8), and a list of argument-type cases.

From the answers it derives, per opcode and jump, the simplest formula that
reproduces every answer: a constant; else a sum of integer multiples of
``oparg``, ``oparg & 1``, single bits, ``oparg == k``, ``oparg >> 8`` and
``oparg & 0xFF`` (C ``int`` arithmetic, wrapping at 32 bits); plus, where the
interpreter refuses some opargs (3.12+: a negative count of popped or pushed
items), the guards that say which.  It derives which opcodes require an oparg
and which argument rules (``API``) the version follows.  The module text is
then loaded back and replayed over every probed input; if a single answer
differs, nothing is written and the script fails.

It also writes tests/fixtures/dis_data/stack_effects_<version>.json: per
opcode, a digest of the interpreter's answers (every jump) over the small and
the full oparg sample, and the answers to the argument-type cases, so the
tests can check our data with one Python.

usage: python3 tools/gen_stack_effects.py [--fixtures-only] [VERSION ...]
       (default: 3.6 .. 3.15, those installed)
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from fractions import Fraction
from typing import Any, Optional, Union

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path[:0] = [os.path.join(ROOT, "src"), os.path.join(ROOT, "tests")]

import interpreters  # noqa: E402
import stack_oracle as so  # noqa: E402

from bytescope.versions import stack_effects as se  # noqa: E402
from bytescope.versions.opcodes import table as op_table  # noqa: E402
from bytescope.versions.stack_effects.formula import INT_MAX, INT_MIN, compile_formula  # noqa: E402

OUT_DIR = os.path.join(ROOT, "src", "bytescope", "versions", "stack_effects")
VERSIONS = ("3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")

#: Terms a formula may combine (beside a constant), simplest first.
VOCAB: tuple[str, ...] = (
    ("oparg", "(oparg & 1)")
    + tuple(f"((oparg & {1 << k}) != 0)" for k in range(1, 8))
    + tuple(f"(oparg == {k})" for k in range(4))
    + ("(oparg >> 8)", "(oparg & 0xFF)")
)
MAX_TERMS = 4
#: opargs whose rows seed the exact solve (the rest only verify)
SEED_X = tuple(range(0, 40)) + (63, 64, 127, 128, 255, 256, 257, 511, 512, 1023, 1024)

Form = Union[str, tuple[str, ...]]


class FitError(RuntimeError):
    """The answers of an interpreter fit none of the forms we can write down."""


def is_error(result: so.Result, message: str) -> bool:
    return isinstance(result, tuple) and result[1] == message


def render(const: int, terms: list[tuple[int, str]]) -> str:
    """Return C text for ``const + sum(coef * term)`` in CPython's style (``1 - oparg``)."""
    parts: list[str] = []
    for coef, term in terms:
        if coef == 0:
            continue
        body = term if abs(coef) == 1 else f"{abs(coef)}*{term}"
        if parts:
            parts.append((" - " if coef < 0 else " + ") + body)
        else:
            parts.append(("-" if coef < 0 else "") + body)
    text = "".join(parts)
    if not text:
        return str(const)
    if const == 0:
        return text
    if not text.startswith("-"):
        return f"{text} {'-' if const < 0 else '+'} {abs(const)}"
    return f"{const} - {text[1:]}"


def _solve(rows: list[list[Fraction]], ncols: int) -> Optional[list[Fraction]]:
    """Solve the augmented rows exactly; None if singular or inconsistent."""
    rows = [r[:] for r in rows]
    pivot_row = 0
    for col in range(ncols):
        pick = next((i for i in range(pivot_row, len(rows)) if rows[i][col] != 0), None)
        if pick is None:
            return None
        rows[pivot_row], rows[pick] = rows[pick], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for i in range(len(rows)):
            if i != pivot_row and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[pivot_row])]
        pivot_row += 1
    if any(r[ncols] != 0 for r in rows[pivot_row:]):
        return None
    return [rows[i][ncols] for i in range(ncols)]


def fit_effect(valid: dict[int, int]) -> tuple[str, int, list[tuple[int, str]]]:
    """Return (formula, constant, terms) reproducing every ``x -> effect`` in ``valid``."""
    seeds = [x for x in SEED_X if x in valid] or sorted(valid, key=abs)[:16]
    feats = {t: compile_formula(t) for t in VOCAB}
    for size in range(0, MAX_TERMS + 1):
        found: list[tuple[int, str, int, list[tuple[int, str]]]] = []
        for subset in itertools.combinations(VOCAB, size):
            rows = [[Fraction(1)] + [Fraction(feats[t](x)) for t in subset] + [Fraction(valid[x])]
                    for x in seeds]
            coefs = _solve(rows, size + 1)
            if coefs is None or any(c.denominator != 1 for c in coefs):
                continue
            const = int(coefs[0])
            terms = [(int(c), t) for c, t in zip(coefs[1:], subset)]
            text = render(const, terms)
            func = compile_formula(text)
            if all(func(x) == y for x, y in valid.items()):
                found.append((max((abs(c) for c, _ in terms), default=0), text, const, terms))
        if found:
            # Of the fits with fewest terms, the one with the smallest factors reads most
            # like CPython's source: (oparg & 0xFF) + (oparg >> 8), not oparg - 255*(oparg >> 8).
            _, text, const, terms = min(found, key=lambda f: f[0])
            return text, const, terms
    raise FitError(f"no formula of up to {MAX_TERMS} terms fits {sorted(valid.items())[:12]}...")


def fit_guards(
    const: int, terms: list[tuple[int, str]], effect: str, invalid: set[int], xs: list[int]
) -> tuple[str, ...]:
    """Return guards (pushed/popped counts >= 0) that make exactly ``invalid`` invalid."""
    func = compile_formula(effect)
    pos = [(c, t) for c, t in terms if c > 0]
    neg = [(-c, t) for c, t in terms if c < 0]
    for shared in ([], [(1, "oparg")], [(2, "oparg")]):
        for pushed_const in range(max(const, 0), max(const, 0) + 17):
            popped_const = pushed_const - const
            sides = ((pushed_const, pos + shared), (popped_const, neg + shared))
            guards = tuple(render(k, ts) for k, ts in sides if ts)
            checks = [compile_formula(g) for g in guards]
            if all(
                (any(g(x) < 0 for g in checks) or func(x) == INT_MAX) == (x in invalid) for x in xs
            ):
                return guards
    raise FitError(f"no guard explains the refused opargs of {effect!r}: {sorted(invalid)[:12]}")


def fit_series(series: dict[int, so.Result], where: str) -> Optional[Form]:
    """Return the form reproducing ``x -> result`` (x: the 32-bit oparg), None if never valid."""
    valid = {x: r for x, r in series.items() if isinstance(r, int)}
    invalid = {x for x, r in series.items() if is_error(r, se.INVALID)}
    odd = {x: r for x, r in series.items() if x not in valid and x not in invalid}
    if odd:
        raise FitError(f"{where}: unexpected answers {sorted(odd.items())[:5]}")
    if not valid:
        return None
    effect, const, terms = fit_effect(valid)
    func = compile_formula(effect)
    unexplained = {x for x in invalid if func(x) != INT_MAX}
    if not unexplained:
        return effect
    return (effect,) + fit_guards(const, terms, effect, invalid, sorted(series))


def derive_api(cases: list[so.Result], grid: dict[Any, list[so.Result]]) -> dict[str, Any]:
    """Return the API record (see bytescope.versions.stack_effects) the answers show."""
    messages = {r[1] for r in cases if isinstance(r, tuple)}
    messages |= {r[1] for rs in grid.values() for r in rs if isinstance(r, tuple)}
    return {
        "arg_check": se.REQUIRES_OPARG in messages,
        "jump": se.NO_KEYWORDS not in messages,
        "int_errors": "split" if "signed integer is greater than maximum" in messages else "c_int",
        "type_errors": "int" if any("an integer is required" in m for m in messages) else "index",
    }


def derive_has_arg(
    grid: dict[Any, list[so.Result]], jumps: list[so.Jump]
) -> tuple[tuple[int, int], ...]:
    """Return the opcode ranges (over the C int range) for which an oparg is required.

    The probed opcodes run from -2**31 to 2**31 - 1; between two probed opcodes
    that agree the verdict is taken to hold, and a change of verdict across
    opcodes that were not both probed is refused.
    """
    needs = {op: is_error(results[0], se.REQUIRES_OPARG)
             for (op, jump), results in grid.items() if jump == jumps[0]}
    ops = sorted(needs)
    if ops[0] != INT_MIN or ops[-1] != INT_MAX:
        raise FitError("the probe must cover both ends of the C int range")
    ranges: list[tuple[int, int]] = []
    start: Optional[int] = None
    for i, op in enumerate(ops):
        if i and needs[op] != needs[ops[i - 1]] and op != ops[i - 1] + 1:
            raise FitError(f"HAS_ARG changes somewhere between opcodes {ops[i - 1]} and {op}")
        if needs[op] and start is None:
            start = op
        if start is not None and (i + 1 == len(ops) or not needs[ops[i + 1]]):
            ranges.append((start, op))
            start = None
    return tuple(ranges)


def fit_version(grid: dict[Any, list[so.Result]], api: dict[str, Any],
                jumps: list[so.Jump]) -> dict[int, Any]:
    """Return ``EFFECTS`` fitted to ``grid``."""
    opargs = so.OPARGS
    effects: dict[int, Any] = {}
    for op in sorted({op for op, _ in grid}):
        per_jump: dict[Any, Optional[Form]] = {}
        for jump in jumps:
            results = grid[(op, jump)]
            series: dict[int, so.Result] = {}
            if not (api["arg_check"] and is_error(results[0], se.REQUIRES_OPARG)):
                series[0] = results[0]  # oparg None counts as 0
            for arg, res in zip(opargs[1:], results[1:]):
                assert arg is not None
                if not -(2**63) <= arg < 2**63 or is_error(res, se.NO_OPARG):
                    continue  # conversion/argument errors: the API's job, checked on replay
                x = ((arg + 2**31) & 0xFFFFFFFF) - 2**31
                if x in series and series[x] != res:
                    raise FitError(f"opcode {op}: opargs equal in 32 bits answer differently")
                series[x] = res
            per_jump[jump] = fit_series(series, f"opcode {op} jump {jump}") if series else None
        forms = list(per_jump.values())
        if all(f is None for f in forms):
            continue
        if all(f == forms[0] for f in forms):
            effects[op] = forms[0]
        else:
            effects[op] = {j: per_jump[j] for j in (None, True, False)}
    return effects


def module_text(version: str, release: str, api: dict[str, Any],
                has_arg: tuple[tuple[int, int], ...], effects: dict[int, Any],
                names: dict[int, str], checked: int) -> str:
    """Return the data module's source."""
    lines = [
        f'"""Stack effects of CPython {version}, fitted by tools/gen_stack_effects.py',
        f"to dis.stack_effect of {release} and verified on all {checked} probed calls.",
        "",
        "Do not edit: re-run the generator.  The format is described in __init__.py.",
        '"""',
        "# ruff: noqa: E501",
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        f"VERSION = {version!r}",
        f"SOURCE = {'CPython ' + release + ' dis.stack_effect'!r}",
        "EXACT = True",
        f"API: dict[str, Any] = {api!r}",
        f"HAS_ARG = {has_arg!r}",
        "EFFECTS: dict[int, Any] = {",
    ]
    for op, form in effects.items():
        name = names.get(op)
        lines.append(f"    {op}: {form!r}," + (f"  # {name}" if name else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def probe(version: str) -> dict[str, Any]:
    """Return the interpreter's answers for the whole grid (see tests/stack_oracle.py)."""
    python = interpreters.find(version)
    if python is None:
        raise FitError(f"Python {version} is not installed")
    first = so.run(python, [], [], opargs=[])
    jumps = so.jumps_for(derive_api(first["cases"], {})["jump"])
    highest = max(max(op_table(version).data.OPNAME), 255)
    answers = so.run(python, so.opcodes_for(highest), jumps)
    answers["jumps"] = jumps
    answers["highest"] = highest
    return answers


def write_fixture(version: str, answers: dict[str, Any]) -> str:
    """Write the digests of the answers (small and full sample) for the tests; return the path."""
    grid = answers["grid"]
    fixture = {
        "release": answers["release"],
        "highest": answers["highest"],
        "jumps": answers["jumps"],
        "cases": so.pack_results(answers["cases"]),
        "small": so.opcode_digests(so.subgrid(grid, so.OPARGS_SMALL)),
        "full": so.opcode_digests(grid),
    }
    path = so.fixture_path(version)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, separators=(",", ":"), sort_keys=True)
        fh.write("\n")
    return path


def generate(version: str, fit: bool = True) -> str:
    """Probe one version, write its fixture, then fit, verify and write its module."""
    answers = probe(version)
    fixture = write_fixture(version, answers)
    if not fit:
        print(f"{version}: {answers['release']}: fixture -> {fixture}")
        return fixture
    names = dict(op_table(version).data.OPNAME)
    jumps = answers["jumps"]
    grid = answers["grid"]
    api = derive_api(answers["cases"], grid)
    has_arg = derive_has_arg(grid, jumps) if api["arg_check"] else ()
    effects = fit_version(grid, api, jumps)
    checked_total = sum(len(v) for v in grid.values()) + len(answers["cases"])
    text = module_text(version, answers["release"], api, has_arg, effects, names, checked_total)
    namespace: dict[str, Any] = {}
    exec(compile(text, "<generated>", "exec"), namespace)  # the text we are about to write
    candidate = se.StackEffects(version, _Namespace(namespace))
    checked, mismatches = so.compare(candidate, grid, answers["cases"])
    if mismatches:
        raise FitError(f"{version}: {len(mismatches)} of {checked} calls differ, e.g. "
                       + "; ".join(mismatches[:5]))
    path = os.path.join(OUT_DIR, "v" + version.replace(".", "_") + ".py")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"{version}: {answers['release']}: {len(effects)} opcodes, "
          f"{checked} calls verified -> {path}")
    return path


class _Namespace:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def main(argv: list[str]) -> int:
    """Generate the modules of the versions named (default: every installed one).

    ``--fixtures-only`` writes the test fixtures without fitting the modules again.
    """
    fit = "--fixtures-only" not in argv
    versions = [a for a in argv if not a.startswith("--")] or [
        v for v in VERSIONS if interpreters.find(v)
    ]
    failed = 0
    for version in versions:
        try:
            generate(version, fit)
        except FitError as exc:
            print(f"{version}: NOT WRITTEN: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
