#!/usr/bin/env python3
"""Generate ``versions/dis_modules/vX_Y.py`` and the fixtures of test_dis_module_data.py.

Each interpreter found (2.7, 3.6-3.15) lists, in one subprocess
(tests/_dis_data_probe.py), every data attribute of its ``dis`` and
``opcode`` modules with typed values.  The raw answer is written to
``tests/fixtures/dis_data/dis_modules_<version>.json`` (so the tests need only
one Python).  For the data module, each attribute (minus
``dis_modules.LEFTOVERS``) is built from our opcode tables with each builder
variant in turn; the first whose value equals the interpreter's (same types,
same list order, same dict contents) is recorded, and where none does the
interpreter's value is written out explicitly.  The written module is loaded
back and every attribute checked again; on any difference nothing is written.

usage: python3 tools/gen_dis_modules.py [VERSION ...]   (default: every interpreter found)
"""

from __future__ import annotations

import builtins
import importlib
import json
import os
import sys
import types
from typing import Any

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path[:0] = [os.path.join(ROOT, "src"), os.path.join(ROOT, "tests")]

import dis_data_oracle as oracle  # noqa: E402
import interpreters  # noqa: E402

from bytescope.versions import dis_modules as dm  # noqa: E402
from bytescope.versions.opcodes import table  # noqa: E402

OUT_DIR = os.path.join(ROOT, "src", "bytescope", "versions", "dis_modules")


class GenError(RuntimeError):
    """The interpreter's data cannot be written down faithfully."""


def decode(enc: Any) -> Any:
    """Return the Python value of a typed encoding."""
    if not isinstance(enc, dict):
        return enc
    ((tag, body),) = enc.items()
    if tag == "bool":
        return bool(body)
    if tag == "float":
        return float(body)
    if tag == "list":
        return [decode(v) for v in body]
    if tag == "tuple":
        return tuple(decode(v) for v in body)
    if tag in ("dict", "frozendict"):  # frozendict-ness is restored by SHAPES
        return {decode(k): decode(v) for k, v in body}
    if tag == "builtin":
        return getattr(builtins, body)
    raise GenError(f"cannot write down a value of type {body!r}")


def literal(value: Any) -> str:
    """Return Python source for ``value`` (builtins as ``builtins.NAME``)."""
    if isinstance(value, (types.BuiltinFunctionType, type)):
        return f"builtins.{value.__name__}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return "(" + inner + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def shape_of(enc: Any) -> str:
    """Return the container shape (see dis_modules.reshape) of an encoded value, or ""."""
    if not isinstance(enc, dict):
        return ""
    ((tag, body),) = enc.items()
    if tag not in ("list", "tuple", "dict", "frozendict"):
        return ""
    items = [v for _, v in body] if tag in ("dict", "frozendict") else body
    inner = {shape_of(v).partition(">")[0] for v in items}
    return f"{tag}>{inner.pop()}" if len(inner) == 1 and "" not in inner else tag


def plan(key: str, answer: dict[str, Any]) -> tuple[list[str], list[str], dict[str, str],
                                                  dict[str, Any], dict[str, str]]:
    """Return (dis names, opcode names, variants, explicit values, shapes) for ``answer``."""
    dis_attrs = [[n, v] for n, v in answer["dis"] if n not in dm.LEFTOVERS]
    op_attrs = [[n, v] for n, v in answer["opcode"] if n not in dm.LEFTOVERS]
    wanted: dict[str, Any] = {}
    for name, enc in dis_attrs + op_attrs:
        if name in wanted and not oracle.same(wanted[name], enc):
            raise GenError(f"{key}: dis.{name} and opcode.{name} differ")
        wanted[name] = enc
    spec = dm.Spec((), ())
    builder = dm.Builder(table(key), spec)
    variants: dict[str, str] = {}
    explicit: dict[str, Any] = {}
    shapes: dict[str, str] = {}
    # Builders may read other attributes (_all_opname reads opname): settle those first.
    order = sorted(wanted, key=lambda n: (n not in ("opname", "opmap"), n))
    for name in order:
        shape = shape_of(wanted[name])
        if "frozendict" in shape:
            shapes[name] = spec.shapes[name] = shape
        choices = list(dm.BUILDERS.get(name, {"default": None}))
        for variant in choices:
            try:
                value = builder.value(name, variant)
            except (KeyError, AttributeError, ValueError, TypeError):
                continue
            if oracle.same(oracle.encode(value), wanted[name]):
                if variant != "default":
                    variants[name] = spec.variants[name] = variant
                break
        else:
            explicit[name] = spec.explicit[name] = decode(wanted[name])
    return [n for n, _ in dis_attrs], [n for n, _ in op_attrs], variants, explicit, shapes


def module_text(key: str, release: str, dis_names: list[str], op_names: list[str],
                variants: dict[str, str], explicit: dict[str, Any], shapes: dict[str, str]) -> str:
    """Return the source of the generated data module."""
    lines = [
        f'"""The data attributes of CPython {key}\'s dis and opcode modules, generated by',
        f"tools/gen_dis_modules.py from {release}.",
        "",
        "DIS/OPCODE list the attributes (in dir() order); VARIANTS name the builder",
        "variant where the default does not apply; EXPLICIT holds the values the opcode",
        "tables cannot give; SHAPES the attributes held in frozendicts.",
        "Do not edit: re-run the generator.",
        '"""',
        "# ruff: noqa: E501",
        "",
        "from __future__ import annotations",
        "",
    ]
    needs_builtins = any("builtins." in literal(v) for v in explicit.values())
    if needs_builtins:
        lines += ["import builtins"]
    lines += [
        "from typing import Any",
        "",
        f"RELEASE = {release!r}",
        "DIS: tuple[str, ...] = (",
    ]
    lines += [f"    {n!r}," for n in dis_names]
    lines += [")", "OPCODE: tuple[str, ...] = ("]
    lines += [f"    {n!r}," for n in op_names]
    lines += [")", f"VARIANTS: dict[str, str] = {variants!r}", "EXPLICIT: dict[str, Any] = {"]
    lines += [f"    {n!r}: {literal(v)}," for n, v in explicit.items()]
    lines += ["}"]
    if shapes:
        lines += [f"SHAPES: dict[str, str] = {shapes!r}"]
    return "\n".join(lines) + "\n"


def generate(key: str) -> None:
    """Probe ``key``'s interpreter; write its fixture and data module (after checking them)."""
    python = interpreters.find(key)
    if python is None:
        raise GenError(f"Python {key} is not installed")
    answer = oracle.run(python)
    os.makedirs(oracle.FIXTURES, exist_ok=True)
    with open(oracle.fixture_path(key), "w", encoding="utf-8") as fh:
        json.dump(answer, fh, separators=(",", ":"))
        fh.write("\n")
    dis_names, op_names, variants, explicit, shapes = plan(key, answer)
    text = module_text(key, answer["release"], dis_names, op_names, variants, explicit, shapes)
    path = os.path.join(OUT_DIR, "v" + key.replace(".", "_") + ".py")
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    dm._builder.cache_clear()
    importlib.invalidate_caches()
    modname = f"bytescope.versions.dis_modules.v{key.replace('.', '_')}"
    if modname in sys.modules:
        importlib.reload(sys.modules[modname])
    leftovers = dm.LEFTOVERS
    problems = oracle.differences(
        dm.dis_module_data(key), [a for a in answer["dis"] if a[0] not in leftovers]
    ) + oracle.differences(
        dm.opcode_module_data(key), [a for a in answer["opcode"] if a[0] not in leftovers]
    )
    if problems:
        if old is None:
            os.remove(path)
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(old)
        raise GenError(f"{key}: {len(problems)} attributes differ: " + "; ".join(problems[:5]))
    print(f"{key}: {answer['release']}: {len(dis_names)} dis + {len(op_names)} opcode attributes, "
          f"{len(explicit)} explicit, {len(variants)} variants -> {path}")


def main(argv: list[str]) -> int:
    """Generate the modules of the versions named (default: every interpreter found)."""
    versions = argv or list(interpreters.available())
    failed = 0
    for key in versions:
        try:
            generate(key)
        except GenError as exc:
            print(f"{key}: NOT WRITTEN: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
