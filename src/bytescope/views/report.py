"""``bytescope report``: one self-contained HTML file showing everything in a pyc.

The page holds the header and version facts, the navigable tree of code
objects and, per code object, the version's own ``dis`` text, the source
beside it (instruction ↔ source highlighting, with columns from 3.11), the
control-flow graph (blocks linked to instructions), the exception table and
the line table; and the marshal stream as a hex view with object boundaries
(tree ↔ bytes highlighting).

Everything shown is computed here, in Python, from the instruction listing,
the dump's spans and the CFG; the page's script (``report_assets/``, inlined)
only renders it and follows clicks.  Nothing is fetched: the file opens offline
from disk.
"""

from __future__ import annotations

import base64
import json
import re
from importlib import resources
from typing import Any, Optional

from ..analysis.cfg import CFG, cfg
from ..code import Code
from ..pyc import Pyc
from .cfg_common import code_title, edge_summary, instruction_text
from .cfg_svg import builtin_svg
from .dis_text import disassemble_one
from .dump import span_lines, spans_until_damage
from .info import header_dict, version_dict

#: graphs with more blocks are not drawn in the page (one such drawing is tens of MB)
MAX_DRAWN_BLOCKS = 2500
#: the row prefix ``span_lines`` writes before the indented text (offset, size)
_ROW_PREFIX = re.compile(r"^[0-9a-f]{8} +\S+  ")


def report_html(pyc: Pyc, *, source: Optional[list[str]] = None,
                source_name: Optional[str] = None, title: Optional[str] = None) -> str:
    """Return the whole HTML page for ``pyc`` (``source``: the source file's lines, if known)."""
    data = report_data(pyc, source=source, source_name=source_name)
    name = title or pyc.path or "pyc"
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    # In a <script> element only "</" could end it early; "<" escaped is still JSON.
    payload = payload.replace("<", "\\u003c")
    css = _asset("report.css")
    js = _asset("report.js")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f"<title>{_esc(name)} — bytescope report</title>\n"
        f"<style>\n{css}\n</style></head>\n<body>\n"
        f"<script type=\"application/json\" id=\"bs-data\">{payload}</script>\n"
        f"<script>\n{js}\n</script>\n</body></html>\n"
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _asset(name: str) -> str:
    return (resources.files("bytescope.views") / "report_assets" / name).read_text("utf-8")


def report_data(pyc: Pyc, *, source: Optional[list[str]] = None,
                source_name: Optional[str] = None) -> dict[str, Any]:
    """Return everything the page shows, as JSON-able data (see the module docstring)."""
    root = pyc.code
    spans, error = spans_until_damage(pyc)
    codes: list[dict[str, Any]] = []
    if isinstance(root, Code):
        code_list = list(root.iter_code())
        span_of = _code_spans(code_list, spans)
        for k, code in enumerate(code_list):
            codes.append(_code_data(k, code, source, span_of.get(k)))
        _link_tree(codes, code_list)
    info = {"version": version_dict(pyc), "header": header_dict(pyc.header)}
    return {
        "file": pyc.path,
        "size": len(pyc.data),
        "marshal_offset": pyc.marshal_offset,
        "info": json.loads(json.dumps(info, default=str)),
        "codes": codes,
        "source": source,
        "source_name": source_name,
        "source_lines": _source_index(codes),
        "spans": _span_rows(spans, pyc),
        "error": str(error) if error else None,
        "bytes": base64.b64encode(pyc.data).decode("ascii"),
    }


def _code_spans(code_list: list[Code], spans: list[Any]) -> dict[int, int]:
    """Return ``{code index: span index}``: each code object's place in the marshal stream."""
    out: dict[int, int] = {}
    k = 0
    for i, span in enumerate(spans):
        if k < len(code_list) and isinstance(span.value, Code) and span.value == code_list[k]:
            out[k] = i
            k += 1
    return out


def _link_tree(codes: list[dict[str, Any]], code_list: list[Code]) -> None:
    index = {id(c): k for k, c in enumerate(code_list)}
    for k, code in enumerate(code_list):
        kids = [index[id(c)] for c in code.co_consts if isinstance(c, Code) and id(c) in index]
        codes[k]["children"] = kids
        for c in kids:
            codes[c]["parent"] = k


def _dis_lines(g: CFG) -> list[str]:
    """Return one line of the version's own dis text per instruction of the listing."""
    out: list[str] = []
    disassemble_one(g.code, out)
    if "ExceptionTable:" in out:
        out = out[: out.index("ExceptionTable:")]
    rows = [s for s in out if s.strip()]
    if len(rows) == len(g.listing.raw):
        return rows
    # Only if the text ever had extra lines: the layer's one-line form.
    return [instruction_text(g, off) for off, *_rest in g.listing.raw]


def _code_data(k: int, code: Code, source: Optional[list[str]],
               span: Optional[int]) -> dict[str, Any]:
    g = cfg(code)
    lst = g.listing
    texts = _dis_lines(g)
    block_of = {}
    for b in g.blocks:
        for off in b.offsets:
            block_of[off] = b.index
    ins = []
    for (off, _start, _op, _arg), text in zip(lst.raw, texts):
        ins.append([off, block_of.get(off, -1), text] + _position(lst, off, source))
    if len(g.blocks) <= MAX_DRAWN_BLOCKS:
        svg, note = builtin_svg(g, id_prefix="g-")
    else:
        svg = ""
        note = (f"{len(g.blocks)} blocks: too many to draw in the page (the blocks are listed "
                f"with the instructions); bytescope cfg --format svg draws it alone")
    name = code.co_qualname if code.co_qualname is not None else code.co_name
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return {
        "id": k,
        "name": str(name),
        "title": code_title(code),
        "firstlineno": code.co_firstlineno,
        "parent": None,
        "children": [],
        "ins": ins,
        "blocks": [
            [b.start, b.end, b.offsets[0], len(b.offsets), edge_summary(g, b)] for b in g.blocks
        ],
        "svg": svg,
        "layout_note": note,
        "problems": [str(p) for p in g.problems],
        "exc": [[e.start, e.end, e.target, e.depth, bool(e.lasti)]
                for e in lst.exception_entries],
        "linetable": _line_rows(lst),
        "span": span,
    }


def _line_rows(lst: Any) -> list[list[Any]]:
    """Return the line table as ``[offset, line]`` rows (the listing's line starts)."""
    return [[off, line] for off, line in sorted(lst.linestarts.items())]


def _position(lst: Any, off: int, source: Optional[list[str]]) -> list[Any]:
    """Return ``[line, end_line, col, end_col]`` of an instruction, columns as characters
    of the source line (CPython counts them in UTF-8 bytes), or None where unknown."""
    pos = lst.positions_at(off) if lst.version.line_table == "locations" else None
    if pos is None:
        line = lst.line_at(off)
        return [line, line, None, None]
    line, end_line, col, end_col = pos
    if source is not None:
        col = _char_col(source, line, col)
        end_col = _char_col(source, end_line, end_col)
    return [line, end_line, col, end_col]


def _char_col(source: list[str], line: Optional[int], col: Optional[int]) -> Optional[int]:
    if line is None or col is None or not 1 <= line <= len(source):
        return col
    text = source[line - 1]
    if text.isascii():
        return col
    return len(text.encode("utf-8")[:col].decode("utf-8", "ignore"))


def _source_index(codes: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Return ``{line: [code ids]}``: the code objects with instructions on each line,
    innermost (latest) first."""
    out: dict[str, list[int]] = {}
    for c in codes:
        seen = set()
        for row in c["ins"]:
            line = row[3]
            if isinstance(line, int) and line not in seen:
                seen.add(line)
                out.setdefault(str(line), []).insert(0, c["id"])
    return out


def _span_rows(spans: list[Any], pyc: Pyc) -> list[list[Any]]:
    """Return the marshal objects as ``[offset, end, depth, parent, text]`` in stream order
    (``text``: the dump's line for the object, without its offset columns)."""
    texts = span_lines(spans, pyc.data, py2=pyc.version.is_py2)
    rows: list[list[Any]] = []
    stack: list[int] = []
    for i, (span, text) in enumerate(zip(spans, texts)):
        while stack and spans[stack[-1]].depth >= span.depth:
            stack.pop()
        parent = stack[-1] if stack else -1
        end = span.end if span.end >= 0 else len(pyc.data)
        rows.append([span.offset, end, span.depth, parent, _ROW_PREFIX.sub("", text).lstrip()])
        stack.append(i)
    return rows
