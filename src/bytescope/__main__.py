"""``python -m bytescope``: the same as the ``bytescope`` command."""

import sys

from .cli import main

sys.exit(main())
