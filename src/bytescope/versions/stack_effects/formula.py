"""Stack-effect formulas: small C expressions over ``oparg``, evaluated as CPython does.

A formula is a string in C syntax over one variable, ``oparg``: integer
literals (decimal or ``0x``), ``+ - * / %``, ``>> <<``, ``& | ^``, ``== !=``,
``< <= > >=``, unary ``-`` and ``~``, and parentheses, with C's precedence.
Its value follows C ``int`` arithmetic as CPython's compiler computes it on
the 64-bit platforms it ships for: ``/`` and ``%`` truncate toward zero,
``>>`` is arithmetic, comparisons give 0 or 1, and the result wraps to 32
bits (two's complement), as the native ``int`` does.

:func:`compile_formula` turns a formula into a Python function of the
(already 32-bit) oparg.  Only the tokens above are accepted, so data can
never smuggle in other code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Callable

__all__ = ["FormulaError", "compile_formula", "wrap32"]

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1

_TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)|(oparg)|(==|!=|<=|>=|>>|<<|[-+*/%&|^~()<>]))")

# Binary operators by C precedence level, loosest first.
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"),
    ("+", "-"), ("*", "/", "%"),
)
_BOOLEAN = {"==", "!=", "<", "<=", ">", ">="}
_HELPERS = {"/": "_cdiv", "%": "_cmod"}


class FormulaError(ValueError):
    """A formula that is not in the accepted C subset."""


def wrap32(value: int) -> int:
    """Return ``value`` wrapped to a signed 32-bit C ``int``."""
    return ((value + 2**31) & 0xFFFFFFFF) - 2**31


def _cdiv(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _cmod(a: int, b: int) -> int:
    return a - b * _cdiv(a, b)


def _tokens(text: str) -> list[str]:
    out = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise FormulaError(f"unexpected text in stack-effect formula {text!r} at {pos}")
        out.append(m.group(m.lastindex or 0))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent over the token list, producing Python source text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.pos = 0

    def peek(self) -> str:
        return self.toks[self.pos] if self.pos < len(self.toks) else ""

    def take(self) -> str:
        tok = self.peek()
        if not tok:
            raise FormulaError(f"stack-effect formula {self.text!r} ends too early")
        self.pos += 1
        return tok

    def parse(self) -> str:
        src = self.binary(0)
        if self.pos != len(self.toks):
            raise FormulaError(f"unexpected {self.peek()!r} in stack-effect formula {self.text!r}")
        return src

    def binary(self, level: int) -> str:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            op = self.take()
            right = self.binary(level + 1)
            if op in _HELPERS:
                left = f"{_HELPERS[op]}({left}, {right})"
            elif op in _BOOLEAN:
                left = f"(1 if ({left}) {op} ({right}) else 0)"
            else:
                left = f"({left} {op} {right})"
        return left

    def unary(self) -> str:
        tok = self.take()
        if tok in ("-", "~"):
            return f"({tok}{self.unary()})"
        if tok == "(":
            inner = self.binary(0)
            if self.take() != ")":
                raise FormulaError(f"unbalanced parenthesis in stack-effect formula {self.text!r}")
            return inner
        if tok == "oparg":
            return "oparg"
        if tok[0].isdigit():
            return str(int(tok, 0))
        raise FormulaError(f"unexpected {tok!r} in stack-effect formula {self.text!r}")


@cache
def compile_formula(text: str) -> Callable[[int], int]:
    """Return a function computing formula ``text`` for a 32-bit ``oparg``, wrapped to 32 bits.

    Raises :class:`FormulaError` for text outside the accepted C subset.
    """
    src = _Parser(text).parse()
    namespace = {"_cdiv": _cdiv, "_cmod": _cmod, "__builtins__": {}}
    # The source is rebuilt from validated tokens only (numbers, oparg, operators).
    func: Callable[[int], int] = eval(  # noqa: S307
        f"lambda oparg: (({src}) + 2147483648 & 0xFFFFFFFF) - 2147483648", namespace
    )
    return func
