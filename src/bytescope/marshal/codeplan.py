"""How code objects of a version are built from the fields marshal stores: one plan for all.

A code object is marshalled as its layout's fields in order (``VersionInfo.code_layout``:
ints and objects).  :func:`code_plan` gives the version's :class:`CodePlan`:
the model attribute of each field, its kind, the types each object field may
hold, and where the tuples of names are.  The checked reader, the fast reader
(which inlines :meth:`CodePlan.make` and checks exact types), ``build`` (from
``dump --json``) and the writer all work from it, so they agree on what a code
object of that version is.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from ..code import (
    BYTES_FIELDS,
    LAYOUT_TO_ATTR,
    LIST_FIELDS,
    NAME_FIELDS,
    NAME_TUPLE_FIELDS,
    TUPLE_FIELDS,
    Code,
)
from ..versions import VersionInfo
from ..versions.lines import Field

__all__ = ["CodePlan", "code_plan"]

#: What an object field may hold: one type or several (``isinstance``'s second argument).
Types = Union[type, tuple[type, ...]]


class CodePlan:
    """The code-object plan of one layout (and string model): see the module docstring.

    Attributes (all tuples, in layout order where per field):

    * ``layout`` -- the ``(name, kind)`` fields, kind ``i``/``h`` (ints) or ``o``;
    * ``attrs`` -- the model attribute of each field (``co_consts``);
    * ``checks`` -- ``(index, types, expected)`` for each object field with a
      type constraint;
    * ``exact`` -- the one exact type of each field in a well-formed code object
      (the fast reader's test: anything else takes the checked path);
    * ``name_tuples`` -- indexes of the tuples of names, whose items must be
      one of ``name_types``;
    * ``localsplus`` -- indexes of ``co_localsplusnames`` and
      ``co_localspluskinds`` (3.11+), or ``(-1, -1)``.
    """

    __slots__ = ("layout", "attrs", "checks", "exact", "name_tuples", "name_types", "localsplus")

    def __init__(self, version: VersionInfo) -> None:
        self.layout: tuple[Field, ...] = version.code_layout
        self.attrs: tuple[str, ...] = tuple(LAYOUT_TO_ATTR[name] for name, _kind in self.layout)
        self.name_types: tuple[type, ...] = version.name_types
        checks: list[tuple[int, Types, str]] = []
        for index, attr in enumerate(self.attrs):
            if version.code_lists and attr in LIST_FIELDS:
                checks.append((index, list, "a list"))
            elif attr in TUPLE_FIELDS:
                # Python 1.x/2.x accepted None for an absent name tuple (never
                # for co_consts, which every version's code object iterates).
                none_ok = version.is_py2 and attr in NAME_TUPLE_FIELDS
                checks.append((index, (tuple, type(None)) if none_ok else tuple, "a tuple"))
            elif attr in BYTES_FIELDS:
                checks.append((index, bytes, "a bytes/string object"))
            elif attr in NAME_FIELDS:
                checks.append((index, self.name_types, "a string"))
        self.checks: tuple[tuple[int, Types, str], ...] = tuple(checks)
        exact: list[type] = [int] * len(self.attrs)
        for index, types, _want in checks:
            exact[index] = types[0] if isinstance(types, tuple) else types
        self.exact: tuple[type, ...] = tuple(exact)
        self.name_tuples: tuple[int, ...] = tuple(
            i for i, attr in enumerate(self.attrs) if attr in NAME_TUPLE_FIELDS
        )
        if version.has_localsplus:
            self.localsplus = (
                self.attrs.index("co_localsplusnames"),
                self.attrs.index("co_localspluskinds"),
            )
        else:
            self.localsplus = (-1, -1)

    def problem(self, items: Sequence[Any]) -> Optional[tuple[str, str]]:
        """Return what is wrong with the field values ``items`` (layout order), or None.

        The result is ``(message, expected)`` for the first field of a type
        that version's code objects cannot hold, or the first tuple of names
        holding a non-string (CPython refuses those too: "non-string found in
        code slot").
        """
        for index, types, want in self.checks:
            value = items[index]
            if not isinstance(value, types):
                return f"code object field {self.attrs[index]} is {type(value).__name__}", want
        for index in self.name_tuples:
            for name in items[index] or ():
                if not isinstance(name, self.name_types):
                    return (
                        f"code object field {self.attrs[index]} holds a {type(name).__name__}",
                        "a tuple of strings",
                    )
        return None

    def make(self, version: VersionInfo, items: list[Any]) -> Code:
        """Return the code object of ``version`` whose fields are ``items``, unchecked.

        Check :meth:`problem` first.  Raises :class:`~bytescope.errors.BadCode`
        when the 3.11+ localsplus names and kinds disagree.
        """
        return Code.from_layout(version, self.attrs, items)


_PLANS: dict[tuple[str, str, bool, bool], CodePlan] = {}


def code_plan(version: VersionInfo) -> CodePlan:
    """Return the :class:`CodePlan` of ``version`` (made once per layout and string model)."""
    key = (version.code_layout_name, version.strings, version.code_lists, version.byte_names)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = CodePlan(version)
    return plan
