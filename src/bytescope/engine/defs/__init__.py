"""The instruction definitions, in sets a release line's table combines.

Importing this package registers every set in :data:`SETS`.  Which sets a
line uses, and in which order (later ones override), is
:data:`bytescope.engine.tables.LINE_SETS`.
"""

from __future__ import annotations

from typing import Sequence

from ..dsl import DefinitionSet

#: set name -> definitions
SETS: dict[str, DefinitionSet] = {}


def register(s: DefinitionSet) -> DefinitionSet:
    """Add a definition set to :data:`SETS`; return it."""
    if s.name in SETS:
        raise ValueError(f"definition set {s.name} registered twice")
    SETS[s.name] = s
    return s


def load(names: Sequence[str]) -> dict[str, DefinitionSet]:
    """Import the definition modules of these sets (a set is named after its module);
    return :data:`SETS`.  A run imports only its line's sets: 2.7's runtime, for one,
    stays unloaded under 3.x bytecode."""
    import importlib

    for name in names:
        if name not in SETS:
            importlib.import_module(f"{__name__}.{name}")
    return SETS


def load_all() -> dict[str, DefinitionSet]:
    """Import every definition module; return :data:`SETS`."""
    from . import (  # noqa: F401
        build39,
        common,
        fin38,
        match310,
        pre311,
        v27,
        v36,
        v39,
        v310,
        v311,
        v312,
        v313,
        v314,
        v315,
        why37,
    )

    return SETS
