"""Instructions, line tables and exception tables of any version's code objects.

* :mod:`.decode` -- raw instructions as cheap tuples (``EXTENDED_ARG``, caches);
* :mod:`.lines` -- line starts and positions from lnotab / 3.10 / 3.11+ tables;
* :mod:`.exceptions` -- 3.11+ exception-table entries;
* :mod:`.resolve` -- ``argval``/``argrepr`` the way each version's dis shows them.
"""
