"""Compile source with another Python interpreter (2.7 or any 3.x) and read the result.

``bytescope dis --python PATH`` and ``bytescope run --python PATH`` compile a
``.py`` file (or a snippet) with that interpreter, which prints the pyc bytes
as hex; bytescope then reads them as any pyc.
"""

from __future__ import annotations

import subprocess
from typing import Optional

from .errors import InputError
from .pyc import Pyc, loads

# Runs under the other interpreter (2.7 or 3.x): compile, print the pyc bytes as hex.
# argv: mode ('file', 'main', 'snippet', 'exec' or 'eval'), the file name (or a name
# for the snippet).
# 'main' compiles a file as ``python FILE`` does: 3.9+ names it by its absolute path.
_COMPILE = r"""
import sys, marshal, binascii, os
mode, name = sys.argv[1], sys.argv[2]
src = sys.stdin.read() if mode in ('snippet', 'exec', 'eval') else open(name, 'rb').read()
def comp(src):
    if mode == 'snippet':
        try:
            return compile(src, name, 'eval')
        except SyntaxError:
            pass
    if mode == 'eval':
        return compile(src, name, 'eval')
    if mode == 'main' and sys.version_info >= (3, 9):
        return compile(src, os.path.abspath(name), 'exec')
    return compile(src, name, 'exec')
code = comp(src)
try:
    from importlib.util import MAGIC_NUMBER as magic
except ImportError:
    import imp
    magic = imp.get_magic()
size = 8 if sys.version_info < (3, 3) else (12 if sys.version_info < (3, 7) else 16)
data = magic + b'\0' * (size - 4) + marshal.dumps(code)
sys.stdout.write(binascii.hexlify(data).decode('ascii'))
"""


def compile_with(python: str, mode: str, name: str, text: str = "",
                 path: Optional[str] = None) -> Pyc:
    """Compile with the interpreter ``python``; return the Pyc it makes.

    ``mode`` is ``"file"`` (the file ``name``), ``"main"`` (the file ``name``
    as ``python FILE`` names it), ``"snippet"`` (``text``, as an expression
    if it is one, else statements), ``"exec"`` (``text`` as statements) or
    ``"eval"`` (``text`` as an expression).
    Raises InputError when the interpreter cannot be run or refuses the source.
    """
    try:
        proc = subprocess.run(
            [python, "-c", _COMPILE, mode, name], input=text,
            capture_output=True, text=True, timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"cannot run {python}: {exc}") from None
    if proc.returncode:
        last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        raise InputError(f"{python} could not compile {name}: {last}")
    return loads(bytes.fromhex(proc.stdout.strip()), path=path)
