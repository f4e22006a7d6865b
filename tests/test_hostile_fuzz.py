"""Property: any mutation of a valid pyc gives a result or a BytescopeError.

Hypothesis mutates the committed fixture pycs of every version (byte
replacements, insertions, deletions, truncation, type bytes with FLAG_REF
flipped) and checks that loading -- plain and in recording mode -- either
succeeds or raises a :class:`~bytescope.errors.BytescopeError` subclass.
The whole module runs in well under 30 seconds.
"""

from __future__ import annotations

import glob
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bytescope
from bytescope.errors import BytescopeError
from bytescope.marshal import reader

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
PYCS = sorted(glob.glob(os.path.join(FIXTURES, "*", "*.py[co]")))
DATA = {path: open(path, "rb").read() for path in PYCS}  # noqa: SIM115


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(DATA[draw(st.sampled_from(PYCS))])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["set", "flip_ref", "insert", "delete", "truncate", "word"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if op == "set":
            data[at] = draw(st.integers(0, 255))
        elif op == "flip_ref":
            data[at] ^= 0x80
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif op == "truncate":
            del data[at:]
        else:  # overwrite a 4-byte length/index/count with an extreme value
            data[at : at + 4] = draw(
                st.sampled_from([b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80",
                                 b"\x00\x01\x00\x00", b"\x01\x00\x00\x00"])
            )
    return bytes(data)


def _check(data: bytes) -> None:
    try:
        pyc = bytescope.loads(data)
    except BytescopeError:
        return
    # A result: it must be fully usable.
    for code in pyc.code.iter_code() if isinstance(pyc.code, bytescope.Code) else ():
        repr(code)
        code.flag_names  # noqa: B018
    try:
        reader.read(data[pyc.marshal_offset :], pyc.version, record=True)
    except BytescopeError as exc:  # pragma: no cover - plain and recording must agree
        raise AssertionError(f"recording mode failed where plain mode parsed: {exc}") from exc


@settings(max_examples=1500, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_pycs_give_result_or_bytescope_error(data: bytes) -> None:
    _check(data)


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=64), st.sampled_from(sorted({os.path.basename(os.path.dirname(p))
                                                       for p in PYCS})))
def test_random_bytes_after_a_valid_header(tail: bytes, version_dir: str) -> None:
    head_src = next(p for p in PYCS if os.path.basename(os.path.dirname(p)) == version_dir)
    pyc = bytescope.loads(DATA[head_src])
    _check(DATA[head_src][: pyc.marshal_offset] + tail)
