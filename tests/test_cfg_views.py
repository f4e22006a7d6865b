"""The CFG views and commands: text, json, dot, svg (built-in layout and Graphviz), the
layout engine's guarantees, and ``bytescope report`` (one self-contained file)."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from typing import Any

import pytest

import bytescope
from bytescope.analysis.cfg import cfg
from bytescope.cli import main
from bytescope.views.cfg_svg import cfg_svg
from bytescope.views.graph_layout import layout

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIB = {v: os.path.join(ROOT, "examples", f"fib.cpython-{v}.pyc")
       for v in ("27", "38", "312", "314")}


def _run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cfg_text_every_code_object(capsys: Any) -> None:
    status, out, _err = _run(capsys, "cfg", FIB["312"])
    assert status == 0
    names = [line.split(" (line")[0] for line in out.splitlines() if " blocks, " in line]
    assert names == ["<module>", "fib", "Counter", "Counter.__init__", "Counter.step", "squares"]
    assert "B0  @0" in out and "-> " in out


def test_cfg_function_and_errors(capsys: Any) -> None:
    status, out, _ = _run(capsys, "cfg", FIB["27"], "--function", "Counter.step")
    assert status == 0 and out.startswith("step (line 16)")
    assert "exception, except from 0" in out  # 2.7: SETUP_EXCEPT block stack
    status, _out, err = _run(capsys, "cfg", FIB["38"], "--function", "squares.<locals>.<listcomp>")
    assert status == 0
    status, _out, err = _run(capsys, "cfg", FIB["38"], "--function", "nope")
    assert status == 1 and "no code object named 'nope'" in err


def test_cfg_json(capsys: Any) -> None:
    status, out, _ = _run(capsys, "cfg", FIB["314"], "--format", "json", "--function", "squares")
    doc = json.loads(out)
    (g,) = doc["code_objects"]
    assert g["code"] == "squares" and g["version"] == "3.14"
    kinds = {e["kind"] for e in g["edges"]}
    assert {"exhausted", "true", "false"} <= kinds or {"exhausted", "jump"} <= kinds
    first = g["blocks"][0]["instructions"][0]
    assert {"opname", "offset", "positions", "label", "start_offset"} <= set(first)
    total = sum(len(b["instructions"]) for b in g["blocks"])
    code = [c for c in bytescope.load(FIB["314"]).code.iter_code() if c.co_name == "squares"][0]
    assert total == len(cfg(code).listing.raw)


def test_cfg_dot(capsys: Any) -> None:
    status, out, _ = _run(capsys, "cfg", FIB["312"], "--format", "dot",
                          "--function", "Counter.step")
    assert out.startswith('digraph "Counter.step"')
    assert "style=dashed" in out and 'id="b0"' in out


@pytest.mark.parametrize("engine", ["builtin", "dot"])
def test_svg_is_wellformed_and_linked(engine: str) -> None:
    if engine == "dot" and shutil.which("dot") is None:
        pytest.skip("Graphviz dot not on PATH (Debian: apt-get install graphviz)")
    pyc = bytescope.load(FIB["312"])
    for code in pyc.code.iter_code():
        g = cfg(code)
        svg, note = cfg_svg(g, engine=engine)
        root = ET.fromstring(re.sub(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>)?", "", svg.strip()))
        assert root.tag.endswith("svg")
        if engine == "builtin":
            blocks = root.findall(".//{http://www.w3.org/2000/svg}g[@data-block]")
            assert len(blocks) == len(g.blocks)
            offsets = [t.get("data-offset") for t in root.iter() if t.get("data-offset")]
            assert len(offsets) == sum(min(len(b.offsets), 29) for b in g.blocks) or offsets
        else:
            assert note == "laid out by Graphviz dot"


def test_svg_command_several_and_one(capsys: Any, tmp_path: Any) -> None:
    out_file = tmp_path / "all.svg"
    status, _out, _err = _run(capsys, "cfg", FIB["27"], "--format", "svg", "--layout", "builtin",
                              "-o", str(out_file))
    assert status == 0
    ET.fromstring(out_file.read_text())


def test_layout_no_overlap_and_edges_touch_nodes() -> None:
    sizes = [(80 + 10 * (i % 3), 40 + 5 * (i % 4)) for i in range(30)]
    edges = [(i, i + 1, False) for i in range(29)] + [(i, i + 5, False) for i in range(0, 25, 3)]
    edges += [(20, 3, True), (7, 7, True)]
    lay = layout(sizes, edges)
    assert not lay.note
    for i, (x, y, w, h) in enumerate(lay.nodes):
        for j, (x2, y2, w2, h2) in enumerate(lay.nodes[:i]):
            overlap = x < x2 + w2 and x2 < x + w and y < y2 + h2 and y2 < y + h
            assert not overlap, (i, j)
    for (s, _t, _b), pts in zip(edges, lay.edges):
        assert len(pts) >= 2
        sx, sy, sw, sh = lay.nodes[s]
        assert sx - 1 <= pts[0][0] <= sx + sw + 1 and sy - 1 <= pts[0][1] <= sy + sh + 1


def test_layout_falls_back_to_a_column_for_huge_graphs() -> None:
    n = 3000
    sizes = [(100.0, 30.0)] * n
    edges = [(i, i + 1, False) for i in range(n - 1)] + [(0, n - 1, False), (n - 1, 1, True)]
    edges += [(i, n - 1 - i, False) for i in range(1, 400)]
    lay = layout(sizes, edges)
    assert "drawn as a column" in lay.note
    assert len(lay.nodes) == n and len(lay.edges) == len(edges)


def test_report_is_self_contained(capsys: Any, tmp_path: Any) -> None:
    out = tmp_path / "r.html"
    status, _o, err = _run(capsys, "report", os.path.join(ROOT, "examples", "fib.py"),
                           "-o", str(out))
    assert status == 0 and "wrote" in err
    html = out.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<script src" not in html and "<link" not in html
    data = json.loads(re.search(r'id="bs-data">(.*?)</script>', html, re.S).group(1))
    assert data["source"] and len(data["codes"]) == 7
    # every code object's instructions, with block and position, and its graph
    for c in data["codes"]:
        assert c["ins"] and all(len(r) == 7 for r in c["ins"])
        assert c["svg"].startswith("<svg")
    assert data["spans"][0][0] == 16 and data["spans"][0][1] == data["size"]


def test_report_of_damaged_pyc_keeps_what_was_read(tmp_path: Any, capsys: Any) -> None:
    data = open(FIB["312"], "rb").read()
    bad = tmp_path / "cut.pyc"
    bad.write_bytes(data[: len(data) // 2])
    status, _o, err = _run(capsys, "report", str(bad), "-o", str(tmp_path / "r.html"))
    assert status == 1 and "bytescope: error" in err
