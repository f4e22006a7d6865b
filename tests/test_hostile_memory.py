"""Peak memory of the marshal reader on hostile input stays bounded (issue 7).

Each case is a ~1 MB marshal stream of cheap-to-encode but costly objects (empty
dicts, empty sets, short strings, ...).  Every case is read in a fresh
subprocess that reports its outcome and the growth of its peak RSS (VmHWM)
during the read; the read must raise a ``BytescopeError`` or succeed, and the
growth must stay under 10 x the data size + 20 MB.  A real generated module must
still load (the allocation budget never rejects real pycs).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
from typing import Any

import pytest

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
sys.path.insert(0, SRC)

import bytescope  # noqa: E402
from bytescope.marshal import limits, reader  # noqa: E402

SIZE = 1_000_000
LIMIT_PER_BYTE = 10
LIMIT_FLOOR = 20_000_000

_CHILD = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from bytescope import versions
    from bytescope.errors import BytescopeError
    from bytescope.marshal import reader
    data = sys.stdin.buffer.read()
    version = versions.by_name(sys.argv[3]) if sys.argv[3] else versions.host()
    def rss():
        # VmHWM: this process's peak RSS (ru_maxrss would carry the parent's
        # peak over the exec on Linux)
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        raise OSError("no VmHWM")
    before = rss()
    try:
        reader.read(data, version, record=sys.argv[2] == "1")
        outcome = "loaded"
    except BytescopeError as exc:
        outcome = "error:" + type(exc).__name__ + ": " + str(exc)[:100]
    except BaseException as exc:
        outcome = "crash:" + type(exc).__name__ + ": " + str(exc)[:100]
    peak = rss() - before
    print(json.dumps({"outcome": outcome, "peak": peak}))
    """
)


def _list(item: bytes, count: int) -> bytes:
    return b"[" + struct.pack("<I", count) + item * count


# 4 ASCII letters and one astral character: the str is 4 bytes a character
_ASTRAL = b"u" + struct.pack("<I", 8) + b"a" * 4 + "\U0001f600".encode()


def _cases() -> dict[str, bytes]:
    n = SIZE
    return {
        "None": _list(b"N", n),
        "empty dicts": _list(b"{0", n // 2),
        "empty frozensets": _list(b">" + bytes(4), n // 5),
        "empty sets": _list(b"<" + bytes(4), n // 5),
        "empty lists": _list(b"[" + bytes(4), n // 5),
        "empty tuples": _list(b"(" + bytes(4), n // 5),
        "2-char strings": _list(b"z\x02ab", n // 4),
        "empty bytes": _list(b"s" + bytes(4), n // 5),
        "ints": _list(b"i" + struct.pack("<i", 123456), n // 5),
        "floats": _list(b"g" + bytes(8), n // 9),
        "1-tuples of None": _list(b")\x01N", n // 3),
        "slices": _list(b":NNN", n // 4),
        "dict of int keys": b"{"
        + b"".join(b"i" + struct.pack("<i", i) + b"N" for i in range(n // 6))
        + b"0",
        "astral unicode": _list(_ASTRAL, n // len(_ASTRAL)),
    }


_HAS_PROC = os.path.exists("/proc/self/status")


def _run(data: bytes, record: bool = False, version: str = "") -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, SRC, "1" if record else "0", version],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.skipif(not _HAS_PROC, reason="peak RSS is read from /proc/self/status (Linux)")
@pytest.mark.parametrize("name", sorted(_cases()))
def test_hostile_peak_is_bounded(name: str) -> None:
    data = _cases()[name]
    result = _run(data, version="3.15" if name == "slices" else "")
    outcome = str(result["outcome"])
    assert not outcome.startswith("crash"), outcome
    limit = LIMIT_PER_BYTE * len(data) + LIMIT_FLOOR
    assert int(result["peak"]) <= limit, (name, outcome, result["peak"], limit)  # type: ignore[arg-type]


@pytest.mark.skipif(not _HAS_PROC, reason="peak RSS is read from /proc/self/status (Linux)")
def test_empty_dicts_over_budget_raise_limit_exceeded() -> None:
    # 2 bytes each, 72 estimated bytes each: 36 per input byte, far over the budget
    count = (limits.ALLOC_FLOOR // 72) * 2
    result = _run(_list(b"{0", count))
    assert str(result["outcome"]).startswith("error:LimitExceeded"), result


@pytest.mark.skipif(not _HAS_PROC, reason="peak RSS is read from /proc/self/status (Linux)")
def test_record_path_raises_the_same() -> None:
    count = (limits.ALLOC_FLOOR // 72) * 2
    result = _run(_list(b"{0", count), record=True)
    assert str(result["outcome"]).startswith("error:LimitExceeded"), result


def test_empty_frozensets_are_shared() -> None:
    from bytescope.values import EMPTY_FROZENSET

    value = reader.loads(_list(b">" + bytes(4), 3), _host())
    assert value == [frozenset()] * 3
    assert all(item is EMPTY_FROZENSET for item in value)
    assert repr(value[0]) == "frozenset()"


def test_budget_error_names_the_offset() -> None:
    from bytescope.errors import LimitExceeded

    count = (limits.ALLOC_FLOOR // 72) * 2
    data = _list(b"{0", count)
    with pytest.raises(LimitExceeded) as info:
        reader.read(data, _host())
    offset = info.value.offset
    assert offset is not None and 5 < offset < len(data)
    assert (offset - 5) % 2 == 0  # the start of one of the empty dicts


def test_real_module_still_loads() -> None:
    # a generated module several MB big: code objects, strings, constants
    source = "".join(
        f"def f{i}(a, b=None, *args, k={i}, **kw):\n"
        f"    '''Function {i}.'''\n"
        f"    t = ({i}, {i}.5, 't{i}', b'b{i}', None)\n"
        f"    return [a + {i}, 's{i}' + str(b), t, kw.get('k{i}'), lambda y: y + {i}]\n"
        for i in range(6000)
    )
    import marshal

    data = marshal.dumps(compile(source, "gen.py", "exec"))
    assert limits.alloc_budget(len(data)) > 0
    code = reader.loads(data, _host())
    assert code.co_name == "<module>"
    assert len(code.co_consts) > 6000


def _host():  # type: ignore[no-untyped-def]
    from bytescope import versions

    return versions.host()


def test_max_memory_lifts_and_tightens_the_budget(tmp_path: Any) -> None:
    # Many tiny objects over the default budget: refused by default, read with
    # a larger max_memory (the escape hatch for a large file one knows), and
    # refused early with a small one; a Pyc keeps its budget for re-reads.
    from bytescope.errors import LimitExceeded

    count = (limits.ALLOC_FLOOR // 72) * 2
    data = _list(b"{0", count)
    with pytest.raises(LimitExceeded) as info:
        reader.read(data, _host())
    assert "max_memory" in str(info.value) and "--max-memory" in str(info.value)
    value = reader.loads(data, _host(), max_memory=4 * limits.ALLOC_FLOOR)
    assert len(value) == count and value[0] == {}
    small = _list(b"z\x02ab", 1000)
    assert len(reader.loads(small, _host())) == 1000
    with pytest.raises(LimitExceeded):
        reader.loads(small, _host(), max_memory=1000)
    with pytest.raises(LimitExceeded):
        reader.read(small, _host(), record=True, max_memory=1000)
    pyc = bytescope.loads(small, raw=True, max_memory=10_000_000)
    assert pyc.max_memory == 10_000_000 and len(pyc.spans()) > 1000


def test_max_memory_on_the_command_line(tmp_path: Any) -> None:
    from bytescope.cli import main

    count = (limits.ALLOC_FLOOR // 72) * 2
    path = tmp_path / "dicts.bin"
    path.write_bytes(_list(b"{0", count))
    assert main(["info", "--raw", str(path)]) != 0
    assert main(["info", "--raw", "--max-memory", "1000", str(path)]) == 0
    small = tmp_path / "small.bin"
    small.write_bytes(_list(b"z\x02ab", 1000))
    assert main(["dump", "--raw", str(small)]) == 0
    assert main(["dump", "--raw", "--max-memory", "0.001", str(small)]) != 0


def test_scan_honours_max_memory(tmp_path: Any) -> None:
    import importlib.util

    from bytescope.scan import scan

    # a host-format pyc whose top object is a list of 1,000 short strings
    data = importlib.util.MAGIC_NUMBER + bytes(12) + _list(b"z\x02ab", 1000)
    path = tmp_path / "strings.pyc"
    path.write_bytes(data)
    ok = list(scan([str(path)], jobs=1))
    tight = list(scan([str(path)], jobs=1, max_memory=1000))
    assert ok[0].ok, ok[0].error
    assert not tight[0].ok and tight[0].error is not None
    assert "LimitExceeded" in str(tight[0].error), tight[0].error
