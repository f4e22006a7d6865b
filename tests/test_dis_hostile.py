"""Hostile input through the instruction layer and ``dis_api``: a result or a BytescopeError.

The regression tests below pin what the fuzz campaign (tests/_dis_fuzz.py,
run here: a default part and a bigger ``slow`` one) found: code objects
whose fields no reader gives, indexes past a table's end in the private
helpers test_dis uses, tables whose varints never end, sets whose items
share one hash.  Work bounds are checked in a subprocess with a generous
timeout (no wall-clock assertion) on inputs large enough that quadratic work
would take minutes.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import textwrap

import _dis_fuzz as fuzz
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bytescope
from bytescope.bytecode import exceptions, lines
from bytescope.bytecode.listing import Listing
from bytescope.bytecode.resolve import BAD
from bytescope.code import Code
from bytescope.errors import BadCode, BytescopeError
from bytescope.versions import by_name
from bytescope.views.dis_json import code_dict
from bytescope.views.dis_text import dis_text as dis_text_view

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _code(key: str = "3.12", **fields: object) -> Code:
    return fuzz.synthetic_code(key, random.Random(0)).replace(**fields)


@pytest.mark.parametrize("field, value", [
    ("co_consts", 1.5), ("co_consts", None), ("co_names", (1, 2)), ("co_names", 7),
    ("co_code", "text"), ("co_firstlineno", None), ("co_linetable", 3),
])
def test_fields_no_reader_gives_are_refused_naming_the_code(field: str, value: object) -> None:
    """A program can build any Code; what no reader gives is a BadCode naming the code
    object and the field (was: TypeError from inside the resolver or the text view)."""
    code = _code(**{field: value})
    for call in (lambda: Listing(code), lambda: bytescope.dis_text(code),
                 lambda: list(bytescope.get_instructions(code)),
                 lambda: bytescope.code_info(code)):
        with pytest.raises(BadCode, match=f"code object 'f'.*{field}"):
            call()


def test_py2_name_tables_may_be_none() -> None:
    """Python 1.x/2.x pycs may store None for an absent name table: read as empty."""
    code = _code("2.1", co_names=None, co_varnames=None, co_freevars=None)
    assert "<bad name index" in bytescope.dis_text(code) or "LOAD_NAME" not in bytescope.dis_text(
        code)


def test_private_helpers_show_bad_indexes() -> None:
    """``_find_imports``/``_find_store_names`` (used by test_dis) on indexes past the
    tables give BAD (was: IndexError)."""
    api = bytescope.dis_api("3.12")
    op = api.opmap
    code = _code(co_code=bytes([op["LOAD_CONST"], 9, op["LOAD_CONST"], 8, op["IMPORT_NAME"], 7,
                                op["STORE_NAME"], 6]),
                 co_consts=(0,), co_names=("a",), co_linetable=b"", co_exceptiontable=b"")
    assert list(api._find_imports(code)) == [(BAD, BAD, BAD)]
    assert list(api._find_store_names(code)) == [BAD]


def test_top_level_disassemble_writes_to_file_for_every_version() -> None:
    """``bytescope.disassemble(code, lasti, file=f)`` on 2.7 code, whose dis has no
    ``file`` (was: TypeError); an option the version lacks is still a TypeError."""
    pyc = bytescope.load(os.path.join(ROOT, "examples", "fib.cpython-27.pyc"))
    out = io.StringIO()
    bytescope.disassemble(pyc, 3, file=out)
    assert out.getvalue().splitlines()[1].startswith("    -->       3 STORE_NAME")
    with pytest.raises(TypeError):
        bytescope.disassemble(pyc, 3, file=out, show_caches=True)


def test_runaway_varints_keep_64_bits() -> None:
    """A varint whose continuation bits never end (or run for a million bytes) keeps its
    low 64 bits: the decoding is linear (was: an int growing by 6 bits a byte)."""
    runaway = b"\x7f" * 12 + b"\x3f"
    assert lines._varint(runaway, 0)[0] < 2**64
    assert exceptions._varint(runaway, 0)[0] < 2**64
    table = b"\x80" + runaway + b"\x01\x02\x03"
    assert exceptions.parse(table)[0].end < 2**66


@pytest.mark.parametrize("key", ["2.7", "3.8", "3.10", "pypy3.9"])
def test_positions_stop_at_the_code_end(key: str) -> None:
    """A line table claiming 51 MB of code for 80 bytes: ``co_positions`` has one entry
    per code unit (was: 25.6 million, 500 MB); ``line_ranges`` keeps the table's own
    ranges past the end, as the version's ``co_lines`` would."""
    code = _code(key, co_linetable=b"\xff\x01" * 200000)
    lst = Listing(code)
    assert len(lst.positions) <= (len(code.co_code) + 1) // 2
    assert lst.line_ranges[-1][1] > len(code.co_code)


def test_set_order_gives_up_on_colliding_hashes() -> None:
    """Items sharing one hash (multiples of 2**61-1) make set probing quadratic: the
    rebuilt order is abandoned (stream order kept) instead of minutes of work."""
    from bytescope.bytecode.set_order import set_order

    m = 2**61 - 1
    assert set_order(tuple(k * m for k in range(1, 4000))) is None
    assert set_order(tuple(k * m for k in range(1, 5))) is not None  # a few are fine


def test_a_huge_constant_loaded_many_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 100 KB pyc can load one 20000-item tuple 20000 times: ``dis --json`` shares one
    JSON value between the instructions (was: a copy each, 21 s for 2000 loads), and
    the dis text, 2.5 GB that native dis would stream, is a LimitExceeded once its
    long lines pass 256 MiB (was: built line by line, then joined); a long constant
    loaded a thousand times is still shown, in every line family and option path."""
    from bytescope.errors import LimitExceeded
    from bytescope.views import dis_text as dis_text_module
    from bytescope.views.dis_json import code_dict
    from bytescope.views.dis_text import dis_text

    def loads(key: str, n: int, items: int) -> Code:
        code = _code(key)
        ops = bytescope.dis_api(key).opmap
        unit = 2 if code.version.wordcode else 3
        load = bytes([ops["LOAD_CONST"], 0] + [0] * (unit - 2))
        ret = bytes([ops["RETURN_VALUE"]] + [0] * (1 if code.version.wordcode else 0))
        return code.replace(co_consts=(tuple(range(items)),), co_code=load * n + ret,
                            co_linetable=b"", co_exceptiontable=b"")

    doc = code_dict(loads("3.12", 2000, 20000))["instructions"]
    assert doc[0]["argval"] is doc[1999]["argval"]
    with pytest.raises(LimitExceeded, match="code object 'f'"):
        dis_text(loads("3.12", 20000, 20000))
    monkeypatch.setattr(dis_text_module, "_LONG_TEXT", 16 << 20)  # (the rest: faster)
    for key in ("2.7", "3.8", "3.12", "3.14"):
        assert dis_text(loads(key, 1000, 2000)).count("1999)") == 1000
        assert dis_text(loads(key, 1000, 2000), lasti=0).count("1999)") == 1000
        with pytest.raises(LimitExceeded, match="code object 'f'"):
            dis_text(loads(key, 20000, 20000))
        with pytest.raises(LimitExceeded, match="code object 'f'"):
            dis_text(loads(key, 20000, 20000), lasti=2)


#: what a careless caller passes where dis wants code, a traceback, flags or an opcode
JUNK: tuple[object, ...] = (None, 42, 1.5, b"\x64\x00", [], {}, object(), bytescope, type)


@pytest.mark.parametrize("key", ["2.7", "3.5", "3.8", "3.12", "3.14", "pypy3.9"])
def test_junk_arguments_are_dis_argument_errors(key: str) -> None:
    """Every dis_api function given junk raises a DisArgumentError that is also the
    class native dis raises (TypeError, ValueError, RuntimeError...), never an
    AttributeError from inside (was: distb/from_traceback/pretty_flags/dis_api)."""
    from bytescope.errors import DisArgumentError, UnsupportedVersion

    api = bytescope.dis_api(key)
    for name in ("dis", "disassemble", "distb", "get_instructions", "Bytecode",
                 "findlinestarts", "findlabels", "code_info", "show_code", "pretty_flags",
                 "stack_effect", "_find_imports", "_parse_exception_table"):
        fn = getattr(api, name, None)
        for junk in JUNK if fn is not None else ():
            if (name in ("dis", "findlabels") and isinstance(junk, bytes)  # bare bytecode
                    or name == "dis" and junk in (bytescope, type)  # "Sorry:" per member
                    or name in ("pretty_flags", "stack_effect") and junk == 42):
                continue
            no_data = name == "stack_effect" and key.startswith("pypy")  # (no PyPy data)
            with pytest.raises(UnsupportedVersion if no_data else DisArgumentError):
                result = fn(junk) if name not in ("dis", "disassemble", "distb",
                                                  "show_code") else fuzz.printed(fn, junk)
                list(result) if name != "Bytecode" else result.dis()
    with pytest.raises(DisArgumentError):
        api.Bytecode.from_traceback(42)
    for junk in (None, 42, object()):
        with pytest.raises(DisArgumentError, match="dis_api takes"):
            bytescope.dis_api(junk)
    with pytest.raises(RuntimeError):  # native's class, still
        fuzz.printed(api.distb)
    with pytest.raises(ValueError if not key.startswith("pypy") else UnsupportedVersion):
        api.stack_effect(300)


@pytest.mark.parametrize("key", ["2.7", "3.8", "3.12", "3.14"])
def test_junk_options_are_dis_type_errors(key: str) -> None:
    """A ``lasti``, ``first_line``, ``current_offset``, ``depth`` or ``line_offset`` that
    is no number, and a ``file`` without ``write``, are DisTypeErrors naming the option
    (was: TypeError/AttributeError from an operator inside)."""
    from bytescope.errors import DisTypeError
    from bytescope.views.dis_text import dis_text

    pyc = bytescope.load(os.path.join(ROOT, "examples", f"fib.cpython-{key.replace('.', '')}.pyc"))
    api = bytescope.dis_api(key)
    calls = [
        lambda j: list(api.get_instructions(pyc, first_line=j)),
        lambda j: api.Bytecode(pyc, first_line=j),
        lambda j: api.Bytecode(pyc, current_offset=j),
        lambda j: fuzz.printed(api.disassemble, pyc, j),
        lambda j: bytescope.disassemble(pyc, j, file=io.StringIO()),
        lambda j: dis_text(pyc.code, lasti=j),
        lambda j: dis_text(pyc.code, line_offset=j),
        lambda j: dis_text(pyc.code, depth=j),
    ]
    if key != "2.7":
        calls.append(lambda j: api.dis(pyc, file=j))
    for call in calls:
        for junk in ("1", [], object()):
            with pytest.raises(DisTypeError):
                call(junk)


# --- the campaign ---------------------------------------------------------------------


def _run_campaign(seed: int, per_line: int) -> tuple[int, int, dict[str, int]]:
    """Return (code objects, API calls, BytescopeErrors by type) of one campaign;
    anything else raised fails the test, naming the line and mutation seed."""
    rng = random.Random(seed)
    cases = calls = 0
    errors: dict[str, int] = {}
    for key, code in fuzz.cases(rng, per_line):
        cases += 1
        try:
            calls += fuzz.exercise(code, random.Random(cases))
        except BytescopeError as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
        except Exception as exc:  # pragma: no cover - what the campaign looks for
            raise AssertionError(f"{key} case {cases} (seed {seed}): {exc!r}") from exc
    for key in fuzz.LINES:
        calls += fuzz.stack_effect_junk(by_name(key), rng)
    return cases, calls, errors


#: mutated code objects per line in the default run (about 25 s on 2 busy cores)
PER_LINE = 30


def test_campaign_every_line() -> None:
    """Mutated code objects of every line (1.0-3.15, PyPy) through every API."""
    cases, calls, errors = _run_campaign(seed=12, per_line=PER_LINE)
    assert cases == PER_LINE * len(fuzz.LINES)
    assert calls > 50 * cases
    assert sum(errors.values()) < cases // 4  # most hostile code gets a result


@settings(max_examples=300, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(fuzz.LINES), st.binary(max_size=96), st.binary(max_size=24),
       st.integers(-1, 100))
def test_any_bytes_as_bytecode_and_tables(key: str, code: bytes, table: bytes,
                                          lasti: int) -> None:
    """Hypothesis: any bytes as the bytecode and the line/exception tables of any line
    give instructions and texts (shrunk to the smallest failing bytes otherwise)."""
    base = fuzz.synthetic_code(key, random.Random(0), n_ops=4)
    changes: dict[str, object] = {"co_code": code}
    if base.version.line_table != "set_lineno":
        changes["co_linetable"] = table
    if base.version.has_exception_table:
        changes["co_exceptiontable"] = table[::-1]
    hostile = base.replace(**changes)
    list(bytescope.get_instructions(hostile))
    dis_text_view(hostile, lasti=lasti)
    dis_text_view(hostile, lasti=lasti, show_caches=True, show_offsets=True,
                  show_positions=True)
    code_dict(hostile)
    list(bytescope.findlinestarts(hostile))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20))
def test_campaign_every_line_slow(seed: int) -> None:
    cases, _calls, _errors = _run_campaign(seed=1000 + seed, per_line=25)
    assert cases == 25 * len(fuzz.LINES)


# --- work bounds ---------------------------------------------------------------------------

_BOUNDS = textwrap.dedent('''
    import random, sys
    sys.path[:0] = [{src!r}, {tests!r}]
    import bytescope, _dis_fuzz as fuzz
    from bytescope.bytecode.listing import Listing
    from bytescope.views.dis_json import code_dict
    from bytescope.views.dis_text import dis_text
    base = fuzz.synthetic_code("3.12", random.Random(1))
    run = 10**6
    hostile = dict(
        # varints that never end, in the exception and location tables (quadratic: an
        # hour; linear: a second)
        varints=lambda: base.replace(co_exceptiontable=b"\\x80" + b"\\x7f" * run + b"\\x3f",
                             co_linetable=b"\\xf0" + b"\\x7f" * run + b"\\x3f"),
        # a set constant whose items share one hash (quadratic: a minute)
        # (built here with the host's own set: quadratic in C too, so a smaller one)
        set=lambda: base.replace(
            co_consts=(frozenset(k * (2**61 - 1) for k in range(1, 12000)),)),
        # a million-long EXTENDED_ARG chain before a jump (2.7 bytecode, 3.12 wordcode)
        chain27=lambda: bytescope.Code(bytescope.versions.by_name("2.7"),
                               co_code=bytes([145, 255, 255]) * run + bytes([113, 0, 0]),
                               co_consts=(None,), co_linetable=b"\\xff\\x01" * 5000),
        chain312=lambda: base.replace(co_code=bytes([144, 255]) * run + bytes([140, 1])),
    )
    code = hostile[sys.argv[1]]()
    lst = Listing(code)
    lst.labels, lst.linestarts, lst.positions, lst.exception_entries
    dis_text(code)
    if sys.argv[2:] == ["all"]:
        code_dict(code)
        list(bytescope.get_instructions(code))
        dis_text(code, lasti=10, line_offset=3, show_caches=True)
    print("ok")
''')


def _bounded(kind: str, *args: str) -> None:
    script = _BOUNDS.format(src=os.path.join(ROOT, "src"), tests=HERE)
    res = subprocess.run([sys.executable, "-c", script, kind, *args], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.strip() == "ok"


@pytest.mark.parametrize("kind", ["varints", "set"])
def test_hostile_tables_take_linear_work(kind: str) -> None:
    """Inputs where quadratic work would take many minutes finish within a timeout
    tens of times what linear work needs (a few seconds on 2 busy cores)."""
    _bounded(kind)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["varints", "set", "chain27", "chain312"])
def test_hostile_code_objects_take_linear_work_everywhere(kind: str) -> None:
    """The same, and million-long EXTENDED_ARG chains, through more APIs."""
    _bounded(kind, "all")
