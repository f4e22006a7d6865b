"""Stack effects of every opcode, per version, as data, with ``dis.stack_effect``'s behaviour.

:func:`stack_effect` answers exactly as that version's own
``dis.stack_effect(opcode, oparg, jump=...)`` does, errors included: the same
exception type and message for an opcode without an effect, an oparg given
where none is allowed (or missing where one is required), a ``jump`` that is
not ``None``/``True``/``False`` (or any ``jump`` before 3.8), an int too large
for C, or an argument of the wrong type.  Native ``dis`` computes in C
``int``s: an oparg is truncated to 32 bits (``2**32 + 3`` acts as 3) and the
arithmetic wraps; so does ours.

Each line's facts live in a data module (``v3_12.py`` ...):

``VERSION``, ``SOURCE``
    the line, and where the facts come from;
``EXACT``
    True where ``tools/gen_stack_effects.py`` fitted the data to that
    interpreter's ``dis.stack_effect`` and verified it on every probed input
    (3.6-3.15); False where it was written from CPython's public
    ``Python/compile.c`` of that release (3.4 and 3.5, whose ``dis`` has
    ``stack_effect`` but whose interpreters are not here; and the "nearest
    form" for lines whose ``dis`` has none, see :data:`NATIVE_FROM`);
``API``
    how the native function checks its arguments: ``arg_check`` (3.4-3.12
    refuse an oparg for an opcode without argument and require one for the
    others, per ``HAS_ARG``; 3.13+ take ``None`` as 0), ``jump`` (the
    keyword exists, 3.8+), ``int_errors`` (``"split"``: 3.4-3.7 name the
    bound an opcode crossed; ``"c_int"``: 3.8+), ``type_errors`` (``"int"``:
    up to 3.9, an oparg may be anything with ``__int__``; ``"index"``: 3.10+);
``HAS_ARG``
    the opcodes (as inclusive ``(low, high)`` ranges over the whole C ``int``
    range) for which an oparg is required;
``EFFECTS``
    ``opcode -> form``.  A form is a formula (:mod:`.formula`: a C expression
    over ``oparg``), or a tuple ``(formula, guard, ...)``: the effect is
    invalid where a guard is negative (3.12+ refuse an oparg that makes the
    number of popped or pushed items negative).  Where the effect depends on
    ``jump`` the form is a dict ``{None: form, True: form, False: form}``
    (``None`` in place of a form: invalid for that jump).  An opcode not
    listed has no effect ("invalid opcode or oparg"); so has any whose
    result is ``INT_MAX`` (CPython's own marker of an invalid effect).
"""

from __future__ import annotations

import importlib
import operator
from functools import cache
from typing import Any, Callable, Optional, Union

from ...errors import DisOverflowError, DisTypeError, DisValueError, UnsupportedVersion
from .formula import INT_MAX, INT_MIN, compile_formula

__all__ = [
    "MISSING", "NATIVE_FROM", "StackEffects", "effects_table", "known_lines", "stack_effect",
]

#: release line -> data module; lines missing here have no stack-effect data.
_LINE_MODULE: dict[str, str] = {
    "2.7": "v2_7", "3.3": "v3_3",
    "3.4": "v3_4", "3.5": "v3_5", "3.6": "v3_6", "3.7": "v3_7", "3.8": "v3_8",
    "3.9": "v3_9", "3.10": "v3_10", "3.11": "v3_11", "3.12": "v3_12", "3.13": "v3_13",
    "3.14": "v3_14", "3.15": "v3_15",
}

#: The first line whose ``dis`` module has ``stack_effect``; older lines get the
#: nearest form (3.4's argument rules over that line's own ``compile.c`` effects).
NATIVE_FROM = (3, 4)

REQUIRES_OPARG = "stack_effect: opcode requires oparg but oparg was not specified"
NO_OPARG = "stack_effect: opcode does not permit oparg but oparg was specified"
BAD_JUMP = "stack_effect: jump must be False, True or None"
INVALID = "invalid opcode or oparg"
NO_KEYWORDS = "stack_effect() takes no keyword arguments"
C_LONG = "Python int too large to convert to C long"


class _Missing:
    """The ``jump`` argument was not passed at all (before 3.8 any keyword is an error)."""

    def __repr__(self) -> str:
        return "MISSING"


#: Default of ``jump``: the keyword was not given.
MISSING: Any = _Missing()

Effect = Callable[[int], int]
#: a compiled form: (effect, guards)
_Form = tuple[Effect, tuple[Effect, ...]]
_JUMP_SLOT = {None: 0, True: 1, False: 2}


def _compile_form(form: Union[str, tuple[str, ...]]) -> _Form:
    if isinstance(form, str):
        return compile_formula(form), ()
    return compile_formula(form[0]), tuple(compile_formula(g) for g in form[1:])


def _type_name(value: object) -> str:
    """Return the type name C's ``tp_name`` gives for ``value``'s type."""
    cls = type(value)
    module = getattr(cls, "__module__", "builtins")
    heap = bool(cls.__flags__ & (1 << 9))  # Py_TPFLAGS_HEAPTYPE: classes written in Python
    return cls.__name__ if heap or module == "builtins" else f"{module}.{cls.__name__}"


class StackEffects:
    """The stack effects of one release line and its ``dis.stack_effect`` rules.

    Attributes: ``key`` (the line), ``exact`` (verified against that
    interpreter, see the module docstring), ``source``, ``api`` (dict),
    ``has_arg_ranges``, ``forms`` (the raw ``EFFECTS`` data).
    """

    def __init__(self, key: str, data: Any) -> None:
        self.key = key
        self.exact: bool = data.EXACT
        self.source: str = data.SOURCE
        self.api: dict[str, Any] = dict(data.API)
        self.has_arg_ranges: tuple[tuple[int, int], ...] = tuple(data.HAS_ARG)
        self.forms: dict[int, Any] = dict(data.EFFECTS)
        self._compiled: dict[int, tuple[Optional[_Form], ...]] = {}
        for op, form in self.forms.items():
            if isinstance(form, dict):
                slots = tuple(
                    None if form[j] is None else _compile_form(form[j])
                    for j in (None, True, False)
                )
            else:
                one = _compile_form(form)
                slots = (one, one, one)
            self._compiled[op] = slots

    @property
    def has_jump(self) -> bool:
        """True where ``dis.stack_effect`` takes the ``jump`` keyword (3.8+)."""
        return bool(self.api["jump"])

    def opcodes(self) -> list[int]:
        """Return the opcodes that have an effect for some oparg, sorted."""
        return sorted(self._compiled)

    def has_arg(self, opcode: int) -> bool:
        """Return True if ``dis.stack_effect`` of this line requires an oparg for ``opcode``."""
        return any(lo <= opcode <= hi for lo, hi in self.has_arg_ranges)

    def _to_int(self, value: Any, what: str) -> int:
        """Convert an argument as the native C converters do (``what``: opcode or oparg)."""
        if isinstance(value, int):
            return int(value)
        old_rules = self.api["type_errors"] == "int"
        if old_rules:
            if isinstance(value, float) and what == "opcode":
                raise DisTypeError("integer argument expected, got float")
            if hasattr(type(value), "__index__"):
                return operator.index(value)
            if hasattr(type(value), "__int__"):
                return int(value)
            raise DisTypeError(f"an integer is required (got type {_type_name(value)})")
        if hasattr(type(value), "__index__"):
            return operator.index(value)
        raise DisTypeError(f"'{_type_name(value)}' object cannot be interpreted as an integer")

    def _opcode(self, opcode: Any) -> int:
        op = self._to_int(opcode, "opcode")
        if INT_MIN <= op <= INT_MAX:
            return op
        if self.api["int_errors"] == "c_int":
            raise DisOverflowError("Python int too large to convert to C int")
        if not -(2**63) <= op < 2**63:
            raise DisOverflowError(C_LONG)
        if op > INT_MAX:
            raise DisOverflowError("signed integer is greater than maximum")
        raise DisOverflowError("signed integer is less than minimum")

    def _oparg(self, oparg: Any) -> int:
        value = self._to_int(oparg, "oparg")
        if not -(2**63) <= value < 2**63:
            raise DisOverflowError(C_LONG)
        # C: (int)PyLong_AsLong(oparg) keeps the low 32 bits.
        return ((value + 2**31) & 0xFFFFFFFF) - 2**31

    def effect_of(self, opcode: int, oparg: int, jump: Optional[bool] = None) -> Optional[int]:
        """Return the effect of ``opcode`` with ``oparg`` (wrapped to a C ``int``) on the
        way ``jump`` (None: the form without it, the only one before 3.8), or None
        where the data has none (an opcode without an effect, a refused oparg).

        No argument checks and no exceptions: this is the compiler's
        ``stack_effect`` for analyses that feed it decoded instructions
        (:mod:`.depth`); :meth:`stack_effect` is ``dis.stack_effect``.
        """
        slots = self._compiled.get(opcode)
        form = slots[_JUMP_SLOT[jump]] if slots is not None else None
        if form is None:
            return None
        arg = ((oparg + 2**31) & 0xFFFFFFFF) - 2**31
        effect, guards = form
        for guard in guards:
            if guard(arg) < 0:
                return None
        value = effect(arg)
        return None if value == INT_MAX else value

    def stack_effect(self, opcode: Any, oparg: Any = None, jump: Any = MISSING) -> int:
        """Return the stack effect of ``opcode`` with ``oparg``, as this line's ``dis`` does.

        ``jump`` is ``MISSING`` (not passed), ``None``, ``True`` or ``False``.
        Raises ValueError, OverflowError or TypeError with the native message
        wherever the native function raises (as :class:`~bytescope.errors.DisValueError`,
        ``DisOverflowError``, ``DisTypeError``: BytescopeErrors of those classes).
        """
        api = self.api
        if jump is not MISSING and not api["jump"]:
            raise DisTypeError(NO_KEYWORDS)
        op = self._opcode(opcode)
        if api["arg_check"]:
            if self.has_arg(op):
                if oparg is None:
                    raise DisValueError(REQUIRES_OPARG)
            elif oparg is not None:
                raise DisValueError(NO_OPARG)
        arg = 0 if oparg is None else self._oparg(oparg)
        if jump is MISSING:
            jump = None
        elif jump is not None and jump is not True and jump is not False:
            raise DisValueError(BAD_JUMP)
        slots = self._compiled.get(op)
        form = slots[_JUMP_SLOT[jump]] if slots is not None else None
        if form is None:
            raise DisValueError(INVALID)
        effect, guards = form
        for guard in guards:
            if guard(arg) < 0:
                raise DisValueError(INVALID)
        value = effect(arg)
        if value == INT_MAX:
            raise DisValueError(INVALID)
        return value


def known_lines() -> list[str]:
    """Return the release lines with stack-effect data, oldest first."""
    return list(_LINE_MODULE)


@cache
def _effects(key: str) -> StackEffects:
    module = _LINE_MODULE.get(key)
    if module is None:
        raise UnsupportedVersion(
            f"no stack-effect data for Python {key}",
            expected="one of " + ", ".join(_LINE_MODULE),
        )
    data = importlib.import_module(f"{__name__}.{module}")
    return StackEffects(key, data)


def effects_table(version: Union[str, Any]) -> StackEffects:
    """Return the :class:`StackEffects` of a VersionInfo, a line key (``"3.12"``) or a table.

    Raises :class:`~bytescope.errors.UnsupportedVersion` for a line without data
    (PyPy lines, and CPython lines older than 2.7 or from 3.0 to 3.2).
    """
    if isinstance(version, StackEffects):
        return version
    key = version if isinstance(version, str) else version.key
    return _effects(key)


def stack_effect(
    version: Union[str, Any], opcode: Any, oparg: Any = None, jump: Any = MISSING
) -> int:
    """Return ``dis.stack_effect(opcode, oparg, jump=jump)`` as Python ``version`` computes it.

    ``version`` is a VersionInfo, a line key or a :class:`StackEffects`;
    ``jump`` left as :data:`MISSING` means the keyword is not passed (any
    other value before 3.8 raises TypeError, as native ``dis`` does).
    Raises what that version's ``dis.stack_effect`` raises (ValueError,
    OverflowError, TypeError, with the same messages; each also a
    :class:`~bytescope.errors.DisArgumentError`), and
    :class:`~bytescope.errors.UnsupportedVersion` for a line without data.
    """
    return effects_table(version).stack_effect(opcode, oparg, jump)
