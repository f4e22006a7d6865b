"""``bytescope rewrite FILE --replace-const OLD=NEW -o OUT``: quick edits of a pyc.

Also ``--rename-name OLD=NEW`` (co_names), ``--patch OFFSET=OP[:ARG]`` (one
instruction, in place), ``--only-in NAME`` (restrict edits to one code
object) and ``--invalidation-mode`` (a new timestamp or PEP 552 header).
Every edit is validated before the file is written.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import os
from typing import Any, Callable, Optional

from ..code import Code
from ..edit import (
    EditError,
    map_code,
    patch_instruction,
    rename_global,
    replace_const,
    validate,
)
from ..errors import InputError
from ..pyc import MODES, make_header
from ._common import add_input_arguments, open_input
from .build import write_output


def register(sub: Any) -> None:
    """Add the ``rewrite`` subcommand to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "rewrite",
        help="edit constants, names or instructions of a pyc and write it out",
        description="Replace constants (everywhere, nested code included), rename "
        "entries of co_names or patch instructions, then write the pyc, keeping every "
        "unedited byte. "
        "OLD and NEW are text; with --literal they are Python literals (42, 1.5, b'x', "
        "None). For Python 2 pycs a text OLD matches both str and unicode constants. "
        "The result is validated before it is written.",
    )
    add_input_arguments(p)
    p.add_argument("--replace-const", action="append", default=[], metavar="OLD=NEW",
                   help="replace a constant (repeatable; split at the first '='; "
                   "write '\\=' for an '=' inside OLD or NEW)")
    p.add_argument("--rename-name", action="append", default=[], metavar="OLD=NEW",
                   help="rename an entry of co_names: a global, attribute or import (repeatable)")
    p.add_argument("--patch", action="append", default=[], metavar="OFFSET=OP[:ARG]",
                   help="replace the instruction at OFFSET (as dis shows it) by opcode OP "
                   "(name or number) with argument ARG, in place; in the module code, or in "
                   "the code object named by --only-in (repeatable)")
    p.add_argument("--only-in", metavar="NAME",
                   help="edit only inside the code object(s) with this name or qualname "
                   "(e.g. rename the function one function calls)")
    p.add_argument("--literal", action="store_true",
                   help="read OLD and NEW of --replace-const as Python literals")
    p.add_argument("--invalidation-mode", choices=MODES,
                   help="write a new header of this kind (default: keep the original header)")
    p.add_argument("--source", metavar="PY",
                   help="source file for the new header (hash, or mtime and size)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="pyc file to write ('-' for stdout)")
    p.set_defaults(func=run)


def _pair(text: str, option: str) -> tuple[str, str]:
    """Split ``OLD=NEW`` at the first ``=`` not written ``\\=`` (``\\\\`` is a backslash)."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "=\\":
            current.append(text[i + 1])
            i += 2
            continue
        if ch == "=" and not parts:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    if not parts:
        raise InputError(f"{option} {text!r}: expected OLD=NEW (write '\\=' for a literal '=')")
    return parts[0], "".join(current)


def _literal(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise InputError(f"{text!r} is not a Python literal") from None


def _forms(code: Code, old: Any, new: Any) -> list[tuple[Any, Any]]:
    """The (old, new) constant pairs a request stands for in this code's version."""
    if code.version.is_py2 and isinstance(old, str) and isinstance(new, str):
        return [(old.encode("utf-8"), new.encode("utf-8")), (old, new)]
    return [(old, new)]


def _code_names(code: Code) -> set[str]:
    names = set()
    for value in (code.co_name, code.co_qualname):
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if value is not None:
            names.add(value)
    return names


def apply_edits(code: Code, consts: list[tuple[Any, Any]], names: list[tuple[str, str]],
                only: Optional[str] = None) -> Code:
    """Return ``code`` with the constant replacements and renames applied, validated.

    With ``only``, edits apply just inside code objects whose ``co_name`` or
    ``co_qualname`` is ``only`` (not their nested code).  Raises
    :class:`~bytescope.edit.EditError` when a requested constant or name is
    found nowhere (or no code object is called ``only``), or the result is
    invalid.
    """
    if only is not None and not any(only in _code_names(c) for c in code.iter_code()):
        raise EditError(f"no code object named {only!r}")

    def each(edit_one: Callable[[Code], Code]) -> Callable[[Code], Code]:
        if only is None:
            return edit_one
        return lambda c: map_code(c, lambda k: edit_one(k) if only in _code_names(k) else k)

    for old, new in consts:
        hits = 0
        for old_form, new_form in _forms(code, old, new):
            def swap(c: Code, o: Any = old_form, n: Any = new_form) -> Code:
                return replace_const(c, o, n, recursive=only is None, must_match=False)

            edited = each(swap)(code)
            hits += edited is not code
            code = edited
        if not hits:
            where = f"code object {only!r}" if only else "any code object"
            raise EditError(f"no constant {old!r} found in {where}")
    for old_name, new_name in names:
        if only is None:
            code = rename_global(code, old_name, new_name)
            continue
        before = code
        def rename(c: Code, o: str = old_name, n: str = new_name) -> Code:
            return _rename_if_present(c, o, n)

        code = each(rename)(code)
        if code is before:
            raise EditError(f"no name {old_name!r} in co_names of {only!r}")
    validate(code)
    return code


def _apply_patch(code: Code, text: str, only: Optional[str]) -> Code:
    """Apply one ``OFFSET=OP[:ARG]`` patch to the module code or the code named ``only``."""
    offset_text, _, rest = text.partition("=")
    op_text, _, arg_text = rest.partition(":")
    try:
        offset = int(offset_text, 0)
        op: Any = int(op_text, 0) if op_text[:1].isdigit() else op_text
        arg = int(arg_text, 0) if arg_text else None
    except ValueError:
        raise InputError(f"--patch {text!r}: expected OFFSET=OP[:ARG], "
                         "e.g. 12=LOAD_CONST:3") from None
    if not op_text:
        raise InputError(f"--patch {text!r}: no opcode given")
    if only is None:
        return patch_instruction(code, offset, op, arg)
    if not any(only in _code_names(c) for c in code.iter_code()):
        raise EditError(f"no code object named {only!r}")
    return map_code(code, lambda c: patch_instruction(c, offset, op, arg)
                    if only in _code_names(c) else c)


def _rename_if_present(code: Code, old: str, new: str) -> Code:
    try:
        return rename_global(code, old, new, recursive=False)
    except EditError:
        return code


def run(args: argparse.Namespace) -> int:
    """Rewrite the pyc; return 0, or raise a BytescopeError (exit status 1)."""
    if not (args.replace_const or args.rename_name or args.patch or args.invalidation_mode):
        raise InputError("nothing to do: give --replace-const, --rename-name, --patch or "
                         "--invalidation-mode")
    pyc = open_input(args.file, args)
    if not isinstance(pyc.code, Code):
        raise InputError(f"{args.file}: the marshalled object is not a code object")
    conv = _literal if args.literal else (lambda s: s)
    consts = [tuple(map(conv, _pair(t, "--replace-const"))) for t in args.replace_const]
    names = [_pair(t, "--rename-name") for t in args.rename_name]
    code = apply_edits(pyc.code, consts, names, args.only_in)
    for text in args.patch:
        code = _apply_patch(code, text, args.only_in)
    header = pyc.header
    if args.invalidation_mode:
        if pyc.header is None:
            raise InputError("--invalidation-mode needs a pyc with a header (not --raw)")
        source = None
        mtime = 0
        if args.source:
            try:
                with open(args.source, "rb") as fh:
                    source = fh.read()
                mtime = int(os.stat(args.source).st_mtime)
            except OSError as exc:
                raise InputError(f"{args.source}: {exc.strerror or exc}") from None
        header = make_header(pyc.version, mode=args.invalidation_mode, mtime=mtime,
                             source=source, magic_word=pyc.header.magic_word)
    data = dataclasses.replace(pyc, code=code, header=header).to_bytes()
    write_output(args.output, data)
    return 0
