"""The fuzz campaign of the instruction layer and ``dis_api``: seeds, mutations, checks.

:func:`exercise` calls every API of the instruction layer and of
``dis_api(version)`` on one code object (the :class:`Listing` and all its
properties, ``get_instructions``, ``Bytecode`` iteration/``dis()``/``info()``,
``dis``/``disassemble`` text with every option the version has and a few
``lasti``/``line_offset`` values, ``dis --json``, ``findlinestarts``,
``findlabels``, ``code_info``, the private helpers test_dis uses, and the
top-level functions).  It returns normally or raises what it got; the tests
accept only results and :class:`~bytescope.errors.BytescopeError`.

:func:`seeds` gives, for every release line (1.0-3.15, PyPy), code objects to
start from: every code object of the committed fixture pycs and the example
pycs, and code built from each line's opcode table (every opcode with
arguments that hit its constants, names, locals and jump targets).
:func:`mutate` derives hostile variants with a seeded :class:`random.Random`:
bytecode (bytes set, inserted, deleted, odd lengths, EXTENDED_ARG chains
truncated or long, jumps out of range or into an instruction, unknown,
specialized and instrumented opcodes, lying caches), tables (too short,
None, wrong types, odd items), line tables and exception tables (truncated
varints, ranges and targets past the end, huge depths and deltas).
"""

from __future__ import annotations

import contextlib
import glob
import inspect
import io
import os
import random
from typing import Any, Callable, Iterator

import bytescope
from bytescope.bytecode.listing import Listing
from bytescope.code import Code
from bytescope.versions import by_name, known_lines, opcodes
from bytescope.views.dis_json import code_dict, dis_dict
from bytescope.views.dis_text import dis_text

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURE_PYCS = sorted(glob.glob(os.path.join(HERE, "fixtures", "*", "*.py[co]"))) + sorted(
    glob.glob(os.path.join(ROOT, "examples", "*.pyc")))
LINES = tuple(known_lines())


# --- the checks ------------------------------------------------------------------------


def printed(fn: Any, *args: Any, **kwargs: Any) -> str:
    """Return what ``fn(*args, **kwargs)`` prints: to ``file=`` where ``fn`` takes one
    (3.x ``dis``), else to stdout (2.7's print statements)."""
    out = io.StringIO()
    if "file" in inspect.signature(fn).parameters:
        fn(*args, file=out, **kwargs)
    else:
        with contextlib.redirect_stdout(out):
            fn(*args, **kwargs)
    return out.getvalue()


def _lastis(lst: Listing, rng: random.Random) -> list[int]:
    n = len(lst.co_code)
    out = [-1, 0, n, n + 7, 1 << 40]
    if lst.raw:
        out.append(rng.choice(lst.raw)[0])
    if n:
        out.append(rng.randrange(n))
    return out


def exercise(code: Code, rng: random.Random) -> int:
    """Call every API on ``code``; return how many calls were made (raises what they raise)."""
    calls = 0
    lst = Listing(code)
    n = len(lst.co_code)
    for ins in lst.raw:
        assert 0 <= ins[1] <= ins[0] < max(n, 1), ins
    probes = [-1, 0, 1, n - 1, n, n + 1, 1 << 40]
    if lst.raw:
        probes.append(rng.choice(lst.raw)[0])
    for off in probes:
        lst.index_of(off)
        lst.containing(off)
        lst.jump_target(off)
        lst.line_at(off)
        lst.positions_at(off)
    for off, _start, op, arg in lst.raw[:64]:
        lst.next_offset(off)
        lst.text_of(off)
        lst.argument(off, op, arg)
        lst.cache_info(off, op)
    lst.jump_targets  # noqa: B018
    lst.exception_entries  # noqa: B018
    lst.jump_labels  # noqa: B018
    lst.labels  # noqa: B018
    lst.label_numbers  # noqa: B018
    lst.linestarts  # noqa: B018
    lst.line_ranges  # noqa: B018
    lst.positions  # noqa: B018
    lst.instructions()
    lst.instructions(first_line=rng.choice([0, 1, -5, 10**6]), show_caches=True)
    lst.instruction_type()
    calls += 30

    table = opcodes.table(code.version)
    have = table.traits["options"]
    options = {k: True for k in have}
    for opts in ({}, options):
        dis_text(code, **opts)
    for lasti in _lastis(lst, rng):
        dis_text(code, lasti=lasti, line_offset=rng.choice([0, 3, -7]), **options)
        dis_text(code, lasti=lasti, recurse=False)
    dis_text(code, depth=0)
    dis_text(code, source=["x = 1"] * 3)
    code_dict(code)
    dis_dict(code)
    calls += 16

    api = bytescope.dis_api(code.version)
    list(api.get_instructions(code))
    list(api.get_instructions(code, first_line=rng.choice([1, 0, -1, 1 << 31])))
    if "show_caches" in have:
        list(api.get_instructions(code, show_caches=True))
    bc = api.Bytecode(code)
    list(bc)
    bc.dis()
    bc.info()
    for lasti in _lastis(lst, rng)[:4]:
        api.Bytecode(code, first_line=7, current_offset=lasti).dis()
        printed(api.disassemble, code, lasti)
        if "show_caches" in have:
            api.Bytecode(code, current_offset=lasti, **options).dis()
            printed(api.disassemble, code, lasti, **options)
    printed(api.dis, code)
    if have:
        printed(api.dis, code, **options)
    printed(api.dis, code.co_code)
    if hasattr(api, "disassemble_string"):
        printed(api.disassemble_string, code.co_code)
        printed(api.disassemble_string, code.co_code, rng.choice(_lastis(lst, rng)),
                code.co_varnames, code.co_names, code.co_consts)
    list(api.findlinestarts(code))
    api.findlabels(code.co_code)
    api.findlabels(code)
    api.code_info(code)
    printed(api.show_code, code)
    calls += 30
    for name in ("_unpack_opargs", "_find_imports", "_find_store_names",
                 "_parse_exception_table"):
        fn = getattr(api, name, None)
        if fn is not None:
            list(fn(code) if name != "_unpack_opargs" else fn(code.co_code))
            calls += 1

    calls += _exercise_313_pieces(api, code, lst, rng)
    tb = _FakeTraceback(code, rng.choice(_lastis(lst, rng)))
    printed(api.distb, tb)
    api.Bytecode.from_traceback(tb).dis()
    calls += 2

    list(bytescope.get_instructions(code))
    list(bytescope.Bytecode(code))
    list(bytescope.findlinestarts(code))
    bytescope.findlabels(code)
    bytescope.code_info(code)
    bytescope.disassemble(code, rng.choice(_lastis(lst, rng)), file=io.StringIO())
    bytescope.dis_text(code)
    calls += 7
    return calls


class _FakeTraceback:
    """What ``distb`` and ``Bytecode.from_traceback`` read of a traceback: the innermost
    frame's code (a bytescope Code here) and ``tb_lasti``."""

    def __init__(self, code: Code, lasti: int) -> None:
        self.tb_next = None
        self.tb_lasti = lasti
        self.tb_frame = type("Frame", (), {"f_code": code})()


def _exercise_313_pieces(api: Any, code: Code, lst: Listing, rng: random.Random) -> int:
    """The 3.13+ building blocks test_dis drives directly: ``ArgResolver``,
    ``_make_labels_map``, ``_get_instructions_bytes``, ``Formatter``,
    ``_disassemble_bytes``; returns the calls made (none before 3.13)."""
    if not hasattr(api, "ArgResolver"):
        return 0
    names = tuple(code.co_localsplusnames or ())
    entries = api._parse_exception_table(code)
    labels_map = api._make_labels_map(code.co_code, entries)
    resolver = api.ArgResolver(co_consts=code.co_consts, names=code.co_names,
                               varname_from_oparg=lambda i: names[i] if 0 <= i < len(names)
                               else "?", labels_map=labels_map)
    starts = dict(api.findlinestarts(code))
    list(api._get_instructions_bytes(code.co_code, linestarts=starts,
                                     co_positions=lst.positions, arg_resolver=resolver))
    list(api._get_instructions_bytes(code.co_code))
    out = io.StringIO()
    formatter = api.Formatter(file=out, lineno_width=api.lineno_width(starts) if hasattr(
        api, "lineno_width") else 3, offset_width=6, label_width=6,
        show_caches=rng.random() < 0.5)
    api._disassemble_bytes(code.co_code, rng.choice(_lastis(lst, rng)), starts,
                           exception_entries=entries, co_positions=lst.positions,
                           arg_resolver=resolver, formatter=formatter)
    return 5


#: junk given to stack_effect: its native errors (ValueError, TypeError,
#: OverflowError) are the contract there
STACK_JUNK: tuple[Any, ...] = (None, -1, 0, 1, 255, 256, 2**31, 2**63, -(2**63), 2**200, 1.5,
                               "1", b"\x01", True, (), object())


def stack_effect_junk(version: Any, rng: random.Random) -> int:
    """Call ``stack_effect`` of ``version``'s dis API with junk; return the calls made.
    Raises anything but the native errors (and UnsupportedVersion)."""
    from bytescope.errors import UnsupportedVersion

    api = bytescope.dis_api(version)
    calls = 0
    for _ in range(40):
        args: list[Any] = [rng.choice(STACK_JUNK + tuple(range(256)))]
        if rng.random() < 0.7:
            args.append(rng.choice(STACK_JUNK))
        kwargs = {"jump": rng.choice((None, True, False, 1, "x"))} if rng.random() < 0.3 else {}
        try:
            api.stack_effect(*args, **kwargs)
        except (ValueError, TypeError, OverflowError, UnsupportedVersion):
            pass
        calls += 1
    return calls


# --- seeds -----------------------------------------------------------------------------


def fixture_codes() -> list[Code]:
    """Every code object of the committed fixture and example pycs."""
    out: list[Code] = []
    for path in FIXTURE_PYCS:
        out.extend(bytescope.load(path).code.iter_code())
    return out


def corpus_codes(limit_per_dir: int = 6) -> list[Code]:
    """Code objects of ../shared/corpora's old pycs (a few files per folder; empty when
    the corpora are absent)."""
    base = os.path.join(ROOT, "..", "shared", "corpora", "uncompyle6")
    out: list[Code] = []
    for folder in sorted(glob.glob(os.path.join(base, "*"))):
        for path in sorted(glob.glob(os.path.join(folder, "*.py[co]")))[:limit_per_dir]:
            try:
                out.extend(bytescope.load(path).code.iter_code())
            except bytescope.BytescopeError:
                continue
    return out


def synthetic_code(key: str, rng: random.Random, n_ops: int = 40) -> Code:
    """Return a code object of line ``key`` whose bytecode is ``n_ops`` instructions
    drawn from the line's opcode table (real opcodes, arguments in and out of range)."""
    version = by_name(key)
    table = opcodes.table(version)
    real = [op for op in range(256) if not table.names[op].startswith("<")]
    out = bytearray()
    for _ in range(n_ops):
        op = rng.choice(real)
        arg = rng.choice((0, 1, 2, 3, rng.randrange(256), rng.randrange(1 << 16)))
        if version.wordcode:
            out += bytes((op, arg & 0xFF))
            out += bytes(2 * table.caches[op])
        elif table.hasarg[op]:
            out += bytes((op, arg & 0xFF, arg >> 8 & 0xFF))
        else:
            out.append(op)
    text = str if not version.is_py2 else (lambda s: s.encode())
    fields: dict[str, Any] = {
        "co_code": bytes(out),
        "co_consts": (None, 1, text("s"), (1, 2), 2.5),
        "co_names": tuple(text(f"n{i}") for i in range(3)),
        "co_varnames": tuple(text(f"v{i}") for i in range(3)),
        "co_filename": text("f.py"),
        "co_name": text("f"),
    }
    names = {n for n, _ in version.code_layout}
    if "firstlineno" in names:
        fields["co_firstlineno"] = rng.choice((1, 7, 1000))
    if "freevars" in names:
        fields["co_freevars"] = (text("fv"),)
        fields["co_cellvars"] = (text("cv"),)
    if "varnames" not in names and "localsplusnames" not in names:
        del fields["co_varnames"]
    if version.line_table == "locations":
        fields["co_linetable"] = bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
        fields["co_exceptiontable"] = bytes(rng.randrange(256) for _ in range(rng.randrange(12)))
    elif version.line_table != "set_lineno":
        fields["co_linetable"] = bytes(rng.randrange(256) for _ in range(2 * rng.randrange(20)))
    return Code(version, **fields)


def seeds(rng: random.Random) -> dict[str, list[Code]]:
    """Return ``{line: code objects}``: fixtures where there are some, else synthetic
    code, for every release line."""
    by_line: dict[str, list[Code]] = {key: [] for key in LINES}
    for code in fixture_codes():
        by_line.setdefault(code.version.key, []).append(code)
    for key in LINES:
        by_line[key].extend(synthetic_code(key, rng) for _ in range(3))
    return by_line


# --- mutations ---------------------------------------------------------------------------


def _ops_named(table: opcodes.OpTable, *words: str) -> list[int]:
    return [op for op in range(256) if any(w in table.names[op] for w in words)]


def mutate_code_bytes(code: Code, rng: random.Random) -> bytes:
    """Return ``code.co_code`` with one to four hostile changes."""
    data = bytearray(code.co_code)
    table = opcodes.table(code.version)
    ext = table.extended_arg
    unknown = [op for op in range(256) if table.names[op].startswith("<")] or [255]
    special = _ops_named(table, "INSTRUMENTED", "_ADAPTIVE", "_QUICK", "_FAST", "CACHE",
                         "_CONST", "JUMP") or [0]
    jumps = [op for op in range(256) if table.is_jump[op]] or [0]
    wide = code.version.wordcode
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(("set", "insert", "delete", "truncate", "odd", "ext_chain",
                           "ext_tail", "unknown", "special", "jump", "cache_lie"))
        at = rng.randrange(len(data) + 1)
        if kind == "set" and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == "insert":
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
        elif kind == "delete":
            del data[at:at + rng.randint(1, 6)]
        elif kind == "truncate":
            del data[at:]
        elif kind == "odd":
            data.append(rng.randrange(256))
        elif kind in ("ext_chain", "ext_tail") and ext >= 0:
            count = rng.choice((1, 2, 3, 5, 40, 300))
            unit = bytes((ext, 0xFF)) if wide else bytes((ext, 0xFF, 0xFF))
            chain = unit * count
            if kind == "ext_tail":
                data += chain[: len(chain) - rng.randrange(2)]
            else:
                at -= at % (2 if wide else 1)
                data[at:at] = chain
        elif kind == "unknown":
            data[at:at] = bytes((rng.choice(unknown), rng.randrange(256)))
        elif kind == "special":
            data[at:at] = bytes((rng.choice(special), rng.randrange(256)))
        elif kind == "jump":
            arg = rng.choice((0, 1, 0xFF, 0x7F, 0x80))
            piece = bytes((rng.choice(jumps), arg)) if wide else bytes(
                (rng.choice(jumps), arg, rng.choice((0, 0xFF))))
            if wide:
                at -= at % 2
            data[at:at] = piece
        elif kind == "cache_lie" and wide:
            # overwrite a word with random bytes (caches that lie, instructions that
            # land inside caches)
            at -= at % 2
            data[at:at + 2] = bytes((rng.randrange(256), rng.randrange(256)))
    return bytes(data)


_WEIRD: tuple[Any, ...] = (None, 0, -1, 2**70, "", b"", 1.5, float("nan"), (), [], {}, frozenset(),
                           ("a",), (1, (2, (3,))), b"\xff\xfe", "\udc80", Ellipsis, 1j)


def _weird_value(rng: random.Random) -> Any:
    return rng.choice(_WEIRD)


def mutate_tables(code: Code, rng: random.Random) -> dict[str, Any]:
    """Return ``replace()`` arguments that make one of ``code``'s tables lie."""
    names = {n for n, _ in code.version.code_layout}
    choices = ["consts", "names"]
    if "varnames" in names:
        choices.append("varnames")
    if "freevars" in names:
        choices += ["freevars", "cellvars"]
    if "localsplusnames" in names:
        choices.append("localsplus")
    field = rng.choice(choices)
    how = rng.choice(("empty", "none", "short", "wrong_type", "odd_items", "long"))
    if field == "localsplus":
        n = len(code.co_localsplusnames or ())
        k = rng.choice((0, max(0, n - 1), n // 2))
        if how in ("empty", "none", "short"):
            return {"co_localsplusnames": tuple(code.co_localsplusnames or ())[:k],
                    "co_localspluskinds": bytes(code.co_localspluskinds or b"")[:k]}
        return {"co_localsplusnames": tuple(rng.choice(("x", "y")) for _ in range(k)),
                "co_localspluskinds": bytes(rng.randrange(256) for _ in range(k))}
    attr = "co_" + field
    value = getattr(code, attr) or ()
    if how == "empty":
        new: Any = ()
    elif how == "none":
        new = None
    elif how == "short":
        new = tuple(value)[: max(0, len(value) - rng.randint(1, 3))]
    elif how == "wrong_type":
        new = rng.choice((42, "abc", b"abc", [1, 2], {1: 2}, 1.5))
    elif how == "odd_items":
        new = tuple(_weird_value(rng) for _ in range(rng.randint(1, 6)))
    else:
        new = tuple(value) * rng.randint(2, 5)
    return {attr: new}


def _varint_junk(rng: random.Random) -> bytes:
    """Bytes of a location/exception table entry: continuation bits that never end,
    huge values, or plain noise."""
    kind = rng.choice(("runaway", "huge", "noise"))
    if kind == "runaway":
        return bytes([0x40 | rng.randrange(64)] * rng.randint(1, 30))
    if kind == "huge":
        return bytes([0x7F] * rng.randint(5, 12) + [0x3F])
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))


def mutate_line_tables(code: Code, rng: random.Random) -> dict[str, Any]:
    """Return ``replace()`` arguments for a lying line table or exception table."""
    out: dict[str, Any] = {}
    kind = code.version.line_table
    if kind != "set_lineno":
        table = bytearray(code.co_linetable or b"")
        how = rng.choice(("truncate", "noise", "append", "big"))
        if how == "truncate" and table:
            del table[rng.randrange(len(table)):]
        elif how == "noise":
            for _ in range(rng.randint(1, 5)):
                if table:
                    table[rng.randrange(len(table))] = rng.randrange(256)
        elif how == "append":
            table += _varint_junk(rng)
        else:
            table += bytes((0xFF, 0x7F)) * rng.randint(1, 50)
        out["co_linetable"] = bytes(table)
    if code.version.has_exception_table and rng.random() < 0.7:
        ex = bytearray(code.co_exceptiontable or b"")
        how = rng.choice(("truncate", "noise", "append", "past_end", "deep"))
        if how == "truncate" and ex:
            del ex[rng.randrange(len(ex)):]
        elif how == "noise":
            for _ in range(rng.randint(1, 5)):
                if ex:
                    ex[rng.randrange(len(ex))] = rng.randrange(256)
        elif how == "append":
            ex += _varint_junk(rng)
        elif how == "past_end":
            # start 0 (first of an entry), length and target far past the code
            ex += bytes((0x80, 0x7F, 0x3F, 0x7F, 0x3F, 0x02))
        else:
            ex += bytes((0x80, 0x01, 0x00, 0x7F, 0x7F, 0x7F, 0x7F, 0x3F))
        out["co_exceptiontable"] = bytes(ex)
    if rng.random() < 0.2 and "firstlineno" in {n for n, _ in code.version.code_layout}:
        out["co_firstlineno"] = rng.choice((0, -1, -(2**31), 2**31 - 1, 2**40))
    return out


Mutation = Callable[[Code, random.Random], Code]


def _nested(code: Code, rng: random.Random) -> dict[str, Any]:
    """Return ``replace()`` arguments nesting code objects in the constants: of another
    version, nested deeply, or the code object itself once removed."""
    other = synthetic_code(rng.choice(LINES), rng, n_ops=6)
    deep = other
    for _ in range(rng.choice((2, 20, 120))):
        deep = other.replace(co_consts=(deep,))
    return {"co_consts": tuple(code.co_consts) + (other, deep, code)}


def mutate(code: Code, rng: random.Random) -> Code:
    """Return a hostile variant of ``code`` (one kind of mutation, sometimes two)."""
    changes: dict[str, Any] = {}
    for _ in range(rng.choice((1, 1, 2))):
        what = rng.choice(("bytes", "bytes", "bytes", "tables", "lines", "random", "nested"))
        if what == "random":
            size = rng.choice((0, 1, 2, 3, rng.randrange(64), rng.randrange(600)))
            changes["co_code"] = bytes(rng.randrange(256) for _ in range(size))
        elif what == "nested":
            changes.update(_nested(code, rng))
        elif what == "bytes":
            changes["co_code"] = mutate_code_bytes(code, rng)
        elif what == "tables":
            changes.update(mutate_tables(code, rng))
        else:
            changes.update(mutate_line_tables(code, rng))
    return code.replace(**changes)


def cases(rng: random.Random, per_line: int) -> Iterator[tuple[str, Code]]:
    """Yield ``(line, code)``: ``per_line`` mutated code objects for every line."""
    for key, codes in seeds(rng).items():
        if not codes:
            continue
        for _ in range(per_line):
            yield key, mutate(rng.choice(codes), rng)
