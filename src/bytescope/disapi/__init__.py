"""A ``dis``-compatible API for every version: :func:`dis_api` and the top-level
functions (``bytescope.get_instructions``, ``bytescope.Bytecode``...) that take the
version from the code they are given.

* :mod:`.module` -- ``dis_api(version)``, a module shaped like that version's ``dis``;
* :mod:`.impl` -- what its functions do, for every version;
* :mod:`.inputs` -- what they accept (bytescope's model; host objects of the host's
  own version);
* :mod:`.toplevel` -- the version-inferring functions;
* :mod:`.signatures` -- generated: each version's names and signatures.
"""

from .module import DisModule, dis_api

__all__ = ["DisModule", "dis_api"]
