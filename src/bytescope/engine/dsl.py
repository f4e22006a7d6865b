"""The language the engine's instructions are defined in.

Each instruction is defined once, as CPython's ``Python/bytecodes.c`` does it:
a stack effect and a body.  ``tools/gen_engine.py`` turns the template
definitions into the per-instruction handler functions of
:mod:`bytescope.engine._cases` (the tier the tracer and the stepper use, and
the mypyc target), and :mod:`bytescope.engine.blocks` inlines the same
templates into fused basic-block functions for hot code.

A template definition::

    S.inst("BINARY_SUBSCR", "container sub -- res", "res = container[sub]")

* the effect names the inputs (bottom to top) before ``--`` and the outputs
  after it; ``name[expr]`` is an array of ``expr`` items (``expr`` may use
  ``oparg``), given to the body as a list in stack order;
* the body is Python.  It sees its inputs, assigns its outputs, and may use
  ``frame`` (the VM frame), ``fast`` (the frame's local slots), ``oparg``
  (the argument as :mod:`~bytescope.engine.prepare` resolved it), ``pc``
  (this instruction's index) and the runtime helpers;
* ``JUMP(expr)`` on a line of its own finishes the instruction (outputs
  written) and continues at instruction index ``expr``; ``JUMP_ALT(expr)``
  does the same with the stack as the definition's ``jump_effect`` says
  (``FOR_ITER`` at the end of its iterator pops it); ``SWITCH()`` ends it
  after the body switched frames (a call, a return, a yield): every output
  but the last is written, the other frame pushes the last when it comes back.

A *function* definition (``@S.handler(...)``) is a handler written by hand,
for the few instructions whose stack use is dynamic (the 3.6-3.10 block
stack, exception unwinding); it declares its effect for the verifier only.

Definitions live in sets (:class:`DefinitionSet`); a release line's handler
table is a list of sets, later ones overriding earlier ones
(:mod:`bytescope.engine.tables`).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Callable, Optional

__all__ = ["Definition", "DefinitionSet", "Effect", "Item", "parse_effect"]

#: a handler: (frame, stack, oparg, pc) -> the next instruction index, or -1
#: after a frame switch
Handler = Callable[..., int]


@dataclass(frozen=True)
class Item:
    """One stack item of an effect: a scalar (``size`` None) or an array."""

    name: str
    size: Optional[str] = None


@dataclass(frozen=True)
class Effect:
    """What an instruction takes from the stack and puts back."""

    inputs: tuple[Item, ...]
    outputs: tuple[Item, ...]

    @property
    def scalar(self) -> bool:
        """True when no item is an array."""
        return all(i.size is None for i in self.inputs + self.outputs)

    def sizes(self, oparg: object) -> tuple[int, int]:
        """Return ``(items taken, items given)`` for an argument value."""
        return (_count(self.inputs, oparg), _count(self.outputs, oparg))


def _count(items: tuple[Item, ...], oparg: object) -> int:
    total = 0
    for item in items:
        if item.size is None:
            total += 1
        else:
            total += int(eval(item.size, {"oparg": oparg, "len": len}))  # noqa: S307 (our text)
    return total


_ITEM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.+)\])?$")


def parse_effect(text: str) -> Effect:
    """Parse ``"a b[oparg] -- c"``; raise ``ValueError`` on a malformed effect."""
    if "--" not in text:
        raise ValueError(f"stack effect without '--': {text!r}")
    before, after = text.split("--", 1)
    return Effect(_items(before), _items(after))


def _items(text: str) -> tuple[Item, ...]:
    out = []
    for word in _split_items(text):
        m = _ITEM.match(word)
        if not m:
            raise ValueError(f"bad stack item {word!r}")
        out.append(Item(m.group(1), m.group(2)))
    return tuple(out)


def _split_items(text: str) -> list[str]:
    """Split on spaces outside brackets (array sizes may contain spaces)."""
    words: list[str] = []
    cur = ""
    depth = 0
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch.isspace() and depth == 0:
            if cur:
                words.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        words.append(cur)
    return words


@dataclass
class Definition:
    """One instruction's definition in one set.

    ``opname`` is the base opcode name; ``variant`` names a specialization
    the preparation step picks from the argument (``BINARY_OP`` ``"+"``);
    ``arg`` names how the raw argument is resolved (see
    :mod:`bytescope.engine.prepare`); ``jump_effect`` is the stack effect
    when the instruction jumps, if it differs (a ``FOR_ITER`` that ends);
    ``flow`` is ``"next"`` (falls through), ``"jump"`` (always jumps),
    ``"branch"`` (may jump) or ``"exit"`` (return, raise: no successor here);
    ``switches``: it may switch frames (a call, a yield; it goes on after, when
    the other frame comes back).
    """

    opname: str
    set_name: str
    effect: Effect
    body: str = ""
    func: Optional[Handler] = None
    variant: Optional[str] = None
    arg: str = "int"
    flow: str = "next"
    jump_effect: Optional[Effect] = None
    names: frozenset[str] = field(default_factory=frozenset)
    switches: bool = False

    @property
    def key(self) -> tuple[str, Optional[str]]:
        """``(opname, variant)``: how a set indexes it."""
        return (self.opname, self.variant)

    @property
    def is_template(self) -> bool:
        """True for a template (inlinable into block code), False for a hand-written handler."""
        return self.func is None

    @property
    def function_name(self) -> str:
        """The name of the generated tier-A handler function."""
        slug = ""
        if self.variant is not None:
            slug = "_" + "".join(c if c.isalnum() else f"x{ord(c):02x}" for c in self.variant)
        return f"{self.set_name}__{self.opname}{slug}"


class DefinitionSet:
    """A named group of definitions (``"common"``, ``"v311"``, ``"blockstack"`` ...)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.defs: dict[tuple[str, Optional[str]], Definition] = {}
        #: opnames whose variants here add to (or replace one by one) those of earlier
        #: sets, instead of replacing the whole group
        self.merged: set[str] = set()

    def merge(self, *opnames: str) -> None:
        """Let this set's variants of ``opnames`` change only the variants they name."""
        self.merged.update(opnames)

    def inst(
        self,
        opname: str,
        effect: str,
        body: str = "",
        *,
        arg: str = "int",
        variant: Optional[str] = None,
        flow: Optional[str] = None,
        jump_effect: Optional[str] = None,
    ) -> Definition:
        """Define a template instruction; return the definition."""
        text = _dedent(body)
        if flow is None:
            flow = _infer_flow(text)
        switches = any(_SWITCH_LINE.match(ln.strip()) for ln in text.splitlines())
        d = Definition(
            opname=opname,
            set_name=self.name,
            effect=parse_effect(effect),
            body=text,
            variant=variant,
            arg=arg,
            flow=flow,
            jump_effect=parse_effect(jump_effect) if jump_effect else None,
            names=body_names(text),
            switches=switches,
        )
        self._add(d)
        return d

    def handler(
        self,
        opname: str,
        effect: str,
        *,
        arg: str = "int",
        variant: Optional[str] = None,
        flow: str = "next",
        jump_effect: Optional[str] = None,
    ) -> Callable[[Handler], Handler]:
        """Decorator: define an instruction by a hand-written handler function."""

        def register(func: Handler) -> Handler:
            self._add(
                Definition(
                    opname=opname,
                    set_name=self.name,
                    effect=parse_effect(effect),
                    func=func,
                    variant=variant,
                    arg=arg,
                    flow=flow,
                    jump_effect=parse_effect(jump_effect) if jump_effect else None,
                )
            )
            return func

        return register

    def _add(self, d: Definition) -> None:
        if d.key in self.defs:
            raise ValueError(f"{self.name}: {d.opname} {d.variant or ''} defined twice")
        self.defs[d.key] = d

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.defs.values())


def _dedent(body: str) -> str:
    lines = body.strip("\n").splitlines()
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(ln[cut:] for ln in lines)


_SWITCH_LINE = re.compile(r"^SWITCH\s*\(\s*\)$")
_JUMP_LINE = re.compile(r"^JUMP(_ALT)?\s*\(")


def _infer_flow(body: str) -> str:
    lines = body.splitlines()
    if any(_JUMP_LINE.match(ln) for ln in lines):  # at the top level: always jumps
        return "jump"
    if any(_JUMP_LINE.match(ln.strip()) for ln in lines):
        return "branch"
    return "next"


def body_names(body: str) -> frozenset[str]:
    """Return every identifier a body's text uses."""
    names = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(body).readline):
            if tok.type == tokenize.NAME:
                names.add(tok.string)
    except (tokenize.TokenError, IndentationError) as exc:  # a definition bug
        raise ValueError(f"cannot tokenize body {body!r}: {exc}") from None
    return frozenset(names)
