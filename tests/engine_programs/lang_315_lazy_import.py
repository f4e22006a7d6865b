# min-version: 3.15
# 3.15: explicit lazy imports (PEP 810) resolve on first use, also for the program's own package.
import sys

lazy import json
lazy from corpuspkg import util as lazy_util

print("corpuspkg.util" in sys.modules, "json" in sys.modules or "json was already loaded")
print(json.dumps([1, {"a": None}]), lazy_util.fmt(2.0), "corpuspkg.util" in sys.modules)
