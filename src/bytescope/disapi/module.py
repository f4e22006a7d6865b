"""``dis_api(version)``: a module-like object shaped like that version's ``dis``.

Its functions have that version's exact parameters and defaults (generated
from :mod:`.signatures`, which a script reads off each interpreter), its
classes are that version's ``Instruction``, ``Positions``, ``Bytecode`` (and
3.13+ ``Formatter``, ``ArgResolver``), and its opcode data (``opname``,
``opmap``, ``hasconst``...) equals that interpreter's.  A tool written against
``dis`` retargets to any version with one line::

    dis = bytescope.dis_api("3.12")

Versions with no native ``dis`` of this shape (1.x-2.6, 3.0-3.5) get the
nearest version's shape (2.7's or 3.6's), plus, for those before 3.4, the
instruction API of 3.6 in its nearest form.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Sequence
from functools import cache
from typing import Any, Optional, Union

from ..bytecode.checks import check_number
from ..bytecode.instruction import Positions
from ..bytecode.listing import listing
from ..bytecode.resolve import UNKNOWN, Resolver
from ..bytecode.target_repr import repr_for
from ..errors import DisTypeError, UnsupportedVersion
from ..versions import VersionInfo, by_name
from ..views.dis_formatter import Formatter as _BaseFormatter
from .impl import DisImpl, ExceptionTableEntry
from .inputs import traceback_frame
from .signatures import SIGNATURES

#: the line whose dis module shape a line without an interpreter here borrows
_NEAREST = {
    **{k: "2.7" for k in ("1.0", "1.1", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1", "2.2",
                          "2.3", "2.4", "2.5", "2.6", "pypy2.7")},
    **{k: "3.6" for k in ("3.0", "3.1", "3.2", "3.3", "3.4", "3.5")},
}
#: what lines with the 2.7 shape also get: the 3.6 instruction API, in nearest form
_EXTRA_FOR_OLD = ("get_instructions", "Bytecode", "Instruction", "code_info", "show_code",
                  "pretty_flags", "stack_effect")


class DisModule(types.ModuleType):
    """A module mirroring one version's ``dis`` (see :func:`dis_api`)."""

    version: VersionInfo

    def __repr__(self) -> str:
        return f"<bytescope dis_api for Python {self.version.key}>"


def _signature_line(key: str) -> str:
    if key in SIGNATURES:
        return key
    base = key[4:] if key.startswith("pypy") else key
    if base in SIGNATURES:
        return base
    nearest = _NEAREST.get(key, _NEAREST.get(base))
    if nearest is None:
        raise UnsupportedVersion(f"no dis module shape known for Python {key}")
    return nearest


def _wrapper(name: str, signature: str, target: Any) -> Any:
    """Return a function named ``name`` with ``signature`` that calls ``target``
    with every parameter passed by keyword (``*args``/``**kwargs`` passed on)."""
    params = inspect.signature(eval("lambda " + signature[1:-1] + ": None"))  # noqa: S307
    call = []
    for p in params.parameters.values():
        if p.kind == p.VAR_POSITIONAL:
            call.append("*" + p.name)
        elif p.kind == p.VAR_KEYWORD:
            call.append("**" + p.name)
        elif p.kind == p.POSITIONAL_ONLY:
            call.append(p.name)
        else:
            call.append(f"{p.name}={p.name}")
    namespace: dict[str, Any] = {"_target": target}
    # The signature text is our own generated data (tools/gen_dis_signatures.py).
    exec(f"def {name}{signature}:\n    return _target({', '.join(call)})\n",  # noqa: S102
         namespace)
    fn = namespace[name]
    fn.__doc__ = getattr(target, "__doc__", None)
    fn.__qualname__ = name
    return fn


def _bytecode_class(impl: DisImpl, signature: str) -> type:
    """Return this version's ``Bytecode`` class, its ``__init__`` taking ``signature``."""

    class Bytecode:
        """The bytecode operations of a piece of code (``dis.Bytecode``)."""

        def _init(self, x: Any, *, first_line: Optional[int] = None,
                  current_offset: Optional[int] = None, show_caches: bool = False,
                  adaptive: bool = False, show_offsets: bool = False,
                  show_positions: bool = False) -> None:
            check_number("first_line", first_line, none_ok=True)
            check_number("current_offset", current_offset, none_ok=True)
            code = impl.code(x)
            self._code = code
            self.codeobj = impl.codeobj(x, code)
            if first_line is None:
                self.first_line = code.co_firstlineno
                self._line_offset = 0
            else:
                self.first_line = first_line
                self._line_offset = first_line - code.co_firstlineno
            self._linestarts = dict(listing(code).linestarts)
            self._original_object = x
            self.current_offset = current_offset
            self._host = impl.host and not isinstance(x, type(code)) and not hasattr(x, "code")
            if impl.shape != "3.4":
                self.exception_entries = impl._parse_exception_table(code)
                self.show_caches = show_caches
                self.adaptive = adaptive
            if impl.shape == "3.13":
                self.show_offsets = show_offsets
                self.show_positions = show_positions

        def __iter__(self) -> Any:
            from ..bytecode.instruction import build_instructions

            lst = listing(self._code)
            caches = impl.shape == "3.11" and bool(getattr(self, "show_caches", False))
            return impl._host_values(
                build_instructions(lst, self._line_offset, caches, lst.labels), self._host)

        def __repr__(self) -> str:
            return f"{type(self).__name__}({self._original_object!r})"

        @classmethod
        def from_traceback(cls, tb: Any, **options: Any) -> Any:
            """Construct a Bytecode from the innermost frame of traceback ``tb``."""
            while getattr(tb, "tb_next", None):
                tb = tb.tb_next
            code, lasti = traceback_frame(tb)
            make: Any = cls  # its __init__ is the version's, set below
            return make(code, current_offset=lasti, **options)

        def info(self) -> str:
            """Return formatted information about the code object."""
            return impl._format_code_info(self._code)

        def dis(self) -> str:
            """Return a formatted view of the bytecode operations."""
            from ..views.dis_text import dis_text

            lasti = -1 if self.current_offset is None else self.current_offset
            caches, offsets, positions = impl._options(vars(self))
            return dis_text(self._code, recurse=False, lasti=lasti,
                            line_offset=self._line_offset, show_caches=caches,
                            show_offsets=offsets, show_positions=positions)

    init = _wrapper("__init__", "(self, " + signature[1:], Bytecode._init)
    Bytecode.__init__ = init  # type: ignore[method-assign]
    return Bytecode


def _formatter_class(impl: DisImpl, signature: str) -> type:
    """Return 3.13+'s ``Formatter`` class with that version's ``__init__``."""
    cache_op = impl.table.opmap.get("CACHE", 0)

    class Formatter(_BaseFormatter):
        __doc__ = _BaseFormatter.__doc__

        def _init(self, file: Any = None, lineno_width: int = 0, offset_width: int = 0,
                  label_width: int = 0, line_offset: int = 0, show_caches: bool = False,
                  show_positions: bool = False) -> None:
            _BaseFormatter.__init__(self, file, lineno_width, offset_width, label_width,
                                    line_offset, show_caches, show_positions=show_positions,
                                    cache_opcode=cache_op)

    Formatter.__init__ = _wrapper(  # type: ignore[method-assign]
        "__init__", "(self, " + signature[1:], Formatter._init)
    return Formatter


def _arg_resolver_class(impl: DisImpl) -> type:
    """Return 3.13+'s ``ArgResolver``: arguments resolved from tables a caller gives."""
    version = impl.version

    class ArgResolver:
        """Resolve ``(argval, argrepr)`` from ``co_consts``, ``names``, a local-name
        function and a labels map (``dis.ArgResolver``)."""

        def __init__(self, co_consts: Any = None, names: Any = None,
                     varname_from_oparg: Any = None, labels_map: Any = None) -> None:
            self.co_consts = co_consts
            self.names = names
            self.varname_from_oparg = varname_from_oparg
            self.labels_map = labels_map or {}

        def offset_from_jump_arg(self, op: int, arg: int, offset: int) -> Optional[int]:
            return impl._get_jump_target(op, arg, offset)

        def get_label_for_offset(self, offset: Optional[int]) -> Optional[int]:
            return self.labels_map.get(offset, None)

        def get_argval_argrepr(self, op: int, arg: Optional[int], offset: int) -> Any:
            owner = self
            varnames = None
            if self.varname_from_oparg is not None:
                varnames = _Names(self.varname_from_oparg)

            class _Hooked(Resolver):
                def jump(self, offset: int, op: int, arg: int) -> Optional[int]:
                    return owner.offset_from_jump_arg(op, arg, offset)

                def label(self, target: Optional[int]) -> Any:
                    found = owner.get_label_for_offset(target)
                    assert found is not None
                    return found

            resolver = _Hooked(
                impl.table, version.wordcode, repr_for(version.key, version.is_py2),
                consts=self.co_consts, names=self.names, varnames=varnames,
                freenames=varnames, absent="unknown")
            if arg is None:
                return None, ""
            return resolver.resolve(offset, op, arg)

    return ArgResolver


class _Names(Sequence[Any]):
    """A sequence view of a ``varname_from_oparg`` function (its length unknown: the
    function itself says when an index is out of range, as native dis lets it)."""

    def __init__(self, fn: Any) -> None:
        self._fn = fn

    def __len__(self) -> int:
        return 1 << 30

    def __getitem__(self, i: Any) -> Any:
        return self._fn(i)


def _data(impl: DisImpl) -> dict[str, Any]:
    """Return the opcode data of the version's ``dis`` (``opname``, ``hasconst``...)."""
    from ..versions.dis_modules import dis_module_data

    return dict(dis_module_data(impl.version.key))


@cache
def impl_for(key: str) -> DisImpl:
    """Return the :class:`DisImpl` behind ``dis_api(key)`` (every function of that
    version with all its options, whatever the version's own signatures lack: the
    top-level functions print to a ``file`` even for 2.7, whose dis prints to stdout)."""
    return DisImpl(by_name(key))


@cache
def _build(key: str) -> DisModule:
    impl = impl_for(key)
    version = impl.version
    module = DisModule(f"bytescope.dis_api[{key}]",
                       f"Python {key}'s dis module, mirrored by bytescope.")
    module.version = version
    line = _signature_line(key)
    names = dict(SIGNATURES[line])
    if line == "2.7":
        for extra in _EXTRA_FOR_OLD:
            names.setdefault(extra, SIGNATURES["3.6"].get(extra, ["function", None]))
    ns = module.__dict__
    ns.update(_data(impl))
    for name, (kind, signature) in names.items():
        if name == "Instruction":
            ns[name] = impl.Instruction
        elif name == "Positions":
            ns[name] = Positions
        elif name == "Bytecode":
            ns[name] = _bytecode_class(impl, signature or "(x)")
        elif name == "Formatter":
            ns[name] = _formatter_class(impl, signature or "()")
        elif name == "ArgResolver":
            ns[name] = _arg_resolver_class(impl)
        elif kind == "function" and signature is not None:
            target = getattr(impl, name if name != "disco" else "disassemble", None)
            if target is not None:
                ns[name] = _wrapper(name, signature, target)
    ns.setdefault("UNKNOWN", UNKNOWN)
    ns["_ExceptionTableEntry"] = ExceptionTableEntry
    ns["_OPNAME_WIDTH"] = 20
    ns["_OPARG_WIDTH"] = 5
    ns["COMPILER_FLAG_NAMES"] = dict(impl.table.compiler_flag_names)
    ns["__all__"] = [n for n in names if not n.startswith("_") and n in ns] + [
        n for n in ("cmp_op", "hasconst", "hasname", "hasjrel", "hasjabs", "haslocal",
                    "hascompare", "hasfree", "hasarg", "hasexc", "hasjump", "opname",
                    "opmap", "HAVE_ARGUMENT", "EXTENDED_ARG") if n in ns]
    return module


def dis_api(version: Union[str, VersionInfo, Any]) -> DisModule:
    """Return the module-like object mirroring Python ``version``'s ``dis``.

    ``version`` is a release line (``"3.12"``, ``"2.7"``, ``"pypy3.10"``), a
    :class:`~bytescope.VersionInfo`, or anything with a ``.version`` (a
    :class:`~bytescope.Pyc` or :class:`~bytescope.Code`).  Raises
    :class:`~bytescope.UnsupportedVersion` for an unknown line and
    :class:`~bytescope.errors.DisTypeError` (a ``TypeError``) for anything else.
    """
    if not isinstance(version, (str, VersionInfo)):
        found = getattr(version, "version", None)
        if not isinstance(found, VersionInfo):
            raise DisTypeError(
                f"dis_api takes a release line ('3.12'), a VersionInfo, a Pyc or a Code, "
                f"not {type(version).__name__}")
        version = found
    key = version if isinstance(version, str) else version.key
    return _build(key)
