"""Which of bytescope's hot modules run compiled (the optional mypyc build).

``tools/build_accel.py`` compiles the modules it lists with mypyc; Python then
imports the extension instead of the ``.py`` of the same name.  Nothing else
changes: the pure-Python package and the compiled one give identical results.
"""

from __future__ import annotations

import importlib

#: Modules the accelerated build compiles (dotted names).
ACCEL_MODULES: tuple[str, ...] = ("bytescope.marshal._fast",)


def compiled_modules() -> list[str]:
    """Return the names of the accelerated modules that are loaded from an extension."""
    out = []
    for name in ACCEL_MODULES:
        module = importlib.import_module(name)
        if (getattr(module, "__file__", None) or "").endswith((".so", ".pyd")):
            out.append(name)
    return out


def accelerated() -> bool:
    """Return True when every accelerated module runs compiled (mypyc build in place)."""
    return len(compiled_modules()) == len(ACCEL_MODULES)
