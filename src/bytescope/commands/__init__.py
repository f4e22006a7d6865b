"""Subcommands of the ``bytescope`` command line, one module each (see ``cli.py``)."""
