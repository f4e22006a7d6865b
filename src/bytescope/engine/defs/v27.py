"""Python 2.7: the ``print`` and ``exec`` statements, classic division, slices by
opcode, ``BUILD_CLASS``, the 2.x calling convention (keyword pairs on the stack),
and exception handlers with three values and no block of their own.

Over the 3.6 line's sets: what 2.7 shares with 3.6 (loops, ``finally`` by
"why" codes, most operators) comes from there; the Python 2 values and rules
these handlers use are in :mod:`bytescope.engine.py2runtime`.
"""

from __future__ import annotations

from typing import Any

from .. import blockstack as B
from .. import py2runtime as P
from ..calls import PUSHED, call_any, call_ex
from ..dsl import DefinitionSet
from ..objects import NULL
from ..runtime import do_return, make_function, name_error, reraise
from . import register

S = register(DefinitionSet("v27"))
S.merge("COMPARE_OP")


def _push(st: list[Any], res: Any, pc: int) -> int:
    if res is PUSHED:
        return -1
    st.append(res)
    return pc + 1


# --- calls: positional count in the low byte, keyword pairs in the high byte --------------------


def _call(frame: Any, st: list[Any], oparg: int, pc: int, star: bool, dstar: bool) -> int:
    na = oparg & 0xFF
    nk = (oparg >> 8) & 0xFF
    kwargs: Any = st.pop() if dstar else None
    varargs: Any = st.pop() if star else None
    n = na + 2 * nk
    items = st[len(st) - n:] if n else []
    func = st[-n - 1]
    del st[-n - 1:]
    args = items[:na]
    if not star and not dstar:
        if nk:
            names = tuple(items[na::2])
            args.extend(items[na + 1::2])
            return _push(st, call_any(frame, func, args, names, pc), pc)
        return _push(st, call_any(frame, func, args, None, pc), pc)
    kw: dict[Any, Any] = {}
    for k, v in zip(items[na::2], items[na + 1::2]):
        kw[k] = v
    if dstar:
        if not hasattr(kwargs, "keys"):
            raise TypeError(f"{_name(func)} argument after ** must be a mapping, not "
                            f"{type(kwargs).__name__}")
        for k in kwargs.keys():
            if k in kw:
                raise TypeError(f"{_name(func)} got multiple values for keyword argument '{k}'")
            kw[k] = kwargs[k]
    if star:
        try:
            args.extend(varargs)
        except TypeError:
            raise TypeError(f"{_name(func)} argument after * must be a sequence, not "
                            f"{type(varargs).__name__}") from None
    return _push(st, call_ex(frame, func, tuple(args), kw, pc), pc)


def _name(func: Any) -> str:
    name = getattr(func, "__name__", None)
    return f"{name}()" if isinstance(name, str) else type(func).__name__ + " object"


_CALL_ITEMS = "(oparg & 0xFF) + 2 * ((oparg >> 8) & 0xFF)"


@S.handler("CALL_FUNCTION", f"func args[{_CALL_ITEMS}] -- res")
def call_function(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``f(a, k=v)``: positional arguments, then keyword name/value pairs."""
    return _call(frame, st, oparg, pc, False, False)


@S.handler("CALL_FUNCTION_VAR", f"func args[{_CALL_ITEMS}] varargs -- res")
def call_function_var(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``f(a, *args)``."""
    return _call(frame, st, oparg, pc, True, False)


@S.handler("CALL_FUNCTION_KW", f"func args[{_CALL_ITEMS}] kwargs -- res")
def call_function_kw(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``f(a, **kwargs)``."""
    return _call(frame, st, oparg, pc, False, True)


@S.handler("CALL_FUNCTION_VAR_KW", f"func args[{_CALL_ITEMS}] varargs kwargs -- res")
def call_function_var_kw(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``f(a, *args, **kwargs)``."""
    return _call(frame, st, oparg, pc, True, True)


@S.handler("MAKE_FUNCTION", "defaults[oparg] codeobj -- func")
def make_function27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """A function with ``oparg`` default values."""
    code = st.pop()
    extras = []
    if oparg:
        extras.append(tuple(st[-oparg:]))
        del st[-oparg:]
    st.append(make_function(frame, code, extras, 1 if oparg else 0, None))
    return pc + 1


@S.handler("MAKE_CLOSURE", "defaults[oparg] closure codeobj -- func")
def make_closure(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """A function with ``oparg`` default values and a tuple of cells."""
    code = st.pop()
    closure = st.pop()
    extras = []
    if oparg:
        extras.append(tuple(st[-oparg:]))
        del st[-oparg:]
    extras.append(closure)
    st.append(make_function(frame, code, extras, (1 if oparg else 0) | 8, None))
    return pc + 1


# --- names ---------------------------------------------------------------------------------------


@S.handler("LOAD_GLOBAL", "-- v", arg="name")
def load_global27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """A global, then a builtin (Python 2's ``global name`` message)."""
    g = frame.globals
    v = g.get(oparg, NULL)
    if v is NULL:
        b = frame.builtins
        v = b.get(oparg, NULL) if type(b) is dict else getattr(b, oparg, NULL)
        if v is NULL:
            exc = name_error(frame, oparg)
            exc.args = (f"global name '{oparg}' is not defined",)
            raise exc
    st.append(v)
    return pc + 1


@S.handler("LOAD_ATTR", "owner -- res", arg="name")
def load_attr27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """An attribute, with Python 2's (``d.has_key``, ``s.decode``, ``f.func_name`` ...)."""
    st[-1] = P.getattr2(st[-1], oparg)
    return pc + 1


@S.handler("LOAD_LOCALS", "-- loc", arg="none")
def load_locals(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """The namespace of a class body (what it returns to ``BUILD_CLASS``)."""
    st.append(frame.locals)
    return pc + 1


@S.handler("BUILD_CLASS", "name bases methods -- cls", arg="none")
def build_class27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``class`` statement: ``__metaclass__``, the first base's type, or a classic class."""
    methods = st.pop()
    bases = st.pop()
    st[-1] = P.build_class(frame, methods, bases, st[-1])
    return pc + 1


@S.handler("IMPORT_NAME", "level fromlist -- res", arg="name")
def import_name27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``import``: Python 2 module names, implicit relative imports (level -1)."""
    fromlist = st.pop()
    st[-1] = P.import_name(frame, oparg, fromlist, st[-1])
    return pc + 1


# --- operators -----------------------------------------------------------------------------------


def _binary(opname: str, func: Any) -> None:
    @S.handler(opname, "lhs rhs -- res", arg="none")
    def handler(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
        rhs = st.pop()
        st[-1] = func(st[-1], rhs)
        return pc + 1

    handler.__doc__ = f"``{opname}`` as Python 2 does it."


for _op, _func in (("DIVIDE", P.divide), ("ADD", P.add), ("SUBTRACT", P.subtract),
                   ("MULTIPLY", P.multiply), ("POWER", P.power), ("LSHIFT", P.lshift),
                   ("MODULO", P.modulo), ("FLOOR_DIVIDE", P.floor_divide)):
    _binary(f"BINARY_{_op}", _func)
_binary("BINARY_SUBSCR", P.subscr)
_binary("INPLACE_DIVIDE", P.inplace_divide)


def _inplace(opname: str, func: Any, sym: str) -> None:
    method = {"+": "__iadd__", "-": "__isub__", "*": "__imul__", "**": "__ipow__",
              "<<": "__ilshift__", "%": "__imod__", "//": "__ifloordiv__"}[sym]

    @S.handler(opname, "lhs rhs -- res", arg="none")
    def handler(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
        rhs = st.pop()
        lhs = st[-1]
        m = getattr(type(lhs), method, None)
        if m is not None:
            r = m(lhs, rhs)
            if r is not NotImplemented:
                st[-1] = r
                return pc + 1
        st[-1] = func(lhs, rhs)
        return pc + 1

    handler.__doc__ = f"``{opname}`` as Python 2 does it."


for _op, _func, _sym in (("ADD", P.add, "+"), ("SUBTRACT", P.subtract, "-"),
                         ("MULTIPLY", P.multiply, "*"), ("POWER", P.power, "**"),
                         ("LSHIFT", P.lshift, "<<"), ("MODULO", P.modulo, "%"),
                         ("FLOOR_DIVIDE", P.floor_divide, "//")):
    _inplace(f"INPLACE_{_op}", _func, _sym)


def _compare(sym: str) -> None:
    @S.handler("COMPARE_OP", "left right -- res", arg="compare", variant=sym)
    def handler(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
        right = st.pop()
        st[-1] = P.compare(sym, st[-1], right)
        return pc + 1

    handler.__doc__ = f"``{sym}``; values Python 3 cannot order are ordered as Python 2 did."


for _sym in ("<", "<=", ">", ">="):
    _compare(_sym)


@S.handler("UNARY_CONVERT", "value -- res", arg="none")
def unary_convert(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Backticks: ``repr(value)``."""
    st[-1] = P.py2_repr(st[-1])
    return pc + 1


# --- slices --------------------------------------------------------------------------------------


@S.handler("SLICE+0", "obj -- res", arg="none")
def slice0(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[:]``."""
    st[-1] = P.get_slice(st[-1], None, None)
    return pc + 1


@S.handler("SLICE+1", "obj start -- res", arg="none")
def slice1(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[start:]``."""
    start = st.pop()
    st[-1] = P.get_slice(st[-1], start, None)
    return pc + 1


@S.handler("SLICE+2", "obj stop -- res", arg="none")
def slice2(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[:stop]``."""
    stop = st.pop()
    st[-1] = P.get_slice(st[-1], None, stop)
    return pc + 1


@S.handler("SLICE+3", "obj start stop -- res", arg="none")
def slice3(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[start:stop]``."""
    stop = st.pop()
    start = st.pop()
    st[-1] = P.get_slice(st[-1], start, stop)
    return pc + 1


@S.handler("STORE_SLICE+0", "value obj --", arg="none")
def store_slice0(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[:] = value``."""
    obj = st.pop()
    P.set_slice(obj, None, None, st.pop())
    return pc + 1


@S.handler("STORE_SLICE+1", "value obj start --", arg="none")
def store_slice1(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[start:] = value``."""
    start = st.pop()
    obj = st.pop()
    P.set_slice(obj, start, None, st.pop())
    return pc + 1


@S.handler("STORE_SLICE+2", "value obj stop --", arg="none")
def store_slice2(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[:stop] = value``."""
    stop = st.pop()
    obj = st.pop()
    P.set_slice(obj, None, stop, st.pop())
    return pc + 1


@S.handler("STORE_SLICE+3", "value obj start stop --", arg="none")
def store_slice3(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``obj[start:stop] = value``."""
    stop = st.pop()
    start = st.pop()
    obj = st.pop()
    P.set_slice(obj, start, stop, st.pop())
    return pc + 1


@S.handler("DELETE_SLICE+0", "obj --", arg="none")
def delete_slice0(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``del obj[:]``."""
    P.del_slice(st.pop(), None, None)
    return pc + 1


@S.handler("DELETE_SLICE+1", "obj start --", arg="none")
def delete_slice1(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``del obj[start:]``."""
    start = st.pop()
    P.del_slice(st.pop(), start, None)
    return pc + 1


@S.handler("DELETE_SLICE+2", "obj stop --", arg="none")
def delete_slice2(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``del obj[:stop]``."""
    stop = st.pop()
    P.del_slice(st.pop(), None, stop)
    return pc + 1


@S.handler("DELETE_SLICE+3", "obj start stop --", arg="none")
def delete_slice3(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``del obj[start:stop]``."""
    stop = st.pop()
    start = st.pop()
    P.del_slice(st.pop(), start, stop)
    return pc + 1


# --- stack, maps, unpacking ----------------------------------------------------------------------


@S.handler("DUP_TOPX", "items[oparg] -- items[oparg] copies[oparg]")
def dup_topx(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Duplicate the top ``oparg`` values (1 to 5)."""
    if not 1 <= oparg <= 5:
        raise SystemError("invalid argument to DUP_TOPX (bytecode corruption?)")
    st.extend(st[-oparg:])
    return pc + 1


@S.handler("BUILD_MAP", "-- map_")
def build_map27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """An empty dict (``oparg`` is a size hint); ``STORE_MAP`` fills it."""
    st.append({})
    return pc + 1


@S.handler("STORE_MAP", "map_ value key -- map_", arg="none")
def store_map(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``map_[key] = value``, the map staying on the stack."""
    key = st.pop()
    value = st.pop()
    st[-1][key] = value
    return pc + 1


@S.handler("UNPACK_SEQUENCE", "seq -- values[oparg]")
def unpack_sequence27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Unpack exactly ``oparg`` values (Python 2's messages)."""
    seq = st.pop()
    t = type(seq)
    if (t is tuple or t is list) and len(seq) == oparg:
        st.extend(reversed(seq))
        return pc + 1
    try:
        it = iter(seq)
    except TypeError:
        raise TypeError(f"'{P._tname(seq)}' object is not iterable") from None
    values = []
    for v in it:
        values.append(v)
        if len(values) > oparg:
            raise ValueError("too many values to unpack")
    if len(values) < oparg:
        n = len(values)
        raise ValueError(f"need more than {n} value{'s' if n != 1 else ''} to unpack")
    st.extend(reversed(values))
    return pc + 1


# --- print and exec statements -------------------------------------------------------------------


@S.handler("PRINT_ITEM", "value --", arg="none")
def print_item(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``print value,`` to ``sys.stdout``."""
    P.print_item(None, st.pop())
    return pc + 1


@S.handler("PRINT_ITEM_TO", "value f --", arg="none")
def print_item_to(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``print >>f, value,``."""
    f = st.pop()
    P.print_item(f, st.pop())
    return pc + 1


@S.handler("PRINT_NEWLINE", "--", arg="none")
def print_newline(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """The end of a ``print`` statement."""
    P.print_newline(None)
    return pc + 1


@S.handler("PRINT_NEWLINE_TO", "f --", arg="none")
def print_newline_to(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """The end of a ``print >>f`` statement."""
    P.print_newline(st.pop())
    return pc + 1


@S.handler("EXEC_STMT", "code globals_ locals_ --", arg="none")
def exec_stmt(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``exec code in globals, locals``."""
    locals_ = st.pop()
    globals_ = st.pop()
    frame.pc = pc + 1
    frame.lasti = pc
    P.exec_stmt(frame, st.pop(), globals_, locals_)
    return pc + 1


# --- exceptions and blocks -----------------------------------------------------------------------


@S.handler("RAISE_VARARGS", "args[oparg] --", flow="exit")
def raise_varargs27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``raise``, ``raise E``, ``raise E, V``, ``raise E, V, TB``."""
    if not oparg:
        exc = frame.ts.exc_info.topmost()
        if exc is None:
            raise TypeError(P._RAISE_TYPE.format("NoneType"))
        reraise(frame, exc)
    args = st[-oparg:]
    del st[-oparg:]
    exc = P.make_exception(args)
    frame.ts.raising = exc
    raise exc


@S.handler("SETUP_EXCEPT", "--", arg="jump", flow="branch", jump_effect="-- tb v t")
def setup_except27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Push an except block whose handler is ``oparg``."""
    B.push_block(frame, B.EXCEPT, oparg, len(st))
    return pc + 1


@S.handler("SETUP_FINALLY", "--", arg="jump", flow="branch", jump_effect="-- tb v t")
def setup_finally27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Push a finally block whose handler is ``oparg``."""
    B.push_block(frame, B.FINALLY, oparg, len(st))
    return pc + 1


@S.handler("SETUP_WITH", "mgr -- exit_ res", arg="jump", flow="branch",
           jump_effect="mgr -- exit_ tb v t")
def setup_with27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``with``: call ``__enter__``, push a finally block, then its result."""
    from ..runtime import before_with

    exit_, res = before_with(frame, st[-1], "__enter__", "__exit__")
    st[-1] = exit_
    B.push_block(frame, B.FINALLY, oparg, len(st))
    st.append(res)
    return pc + 1


@S.handler("WITH_CLEANUP", "exit_ none -- none2", arg="none")
def with_cleanup(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """Call ``__exit__`` at the end of a ``with`` block."""
    P.with_cleanup(frame)
    return pc + 1


@S.handler("RETURN_VALUE", "retval --", arg="none", flow="exit")
def return_value27(frame: Any, st: list[Any], oparg: Any, pc: int) -> int:
    """``return``: through the ``finally`` clauses still open; ``sys.exc_info()`` goes
    back to what it was when the frame started."""
    retval = st.pop()
    P.frame_ends(frame)
    if frame.blocks:
        return B.block_end(frame, B.WHY_RETURN, retval)
    return do_return(frame, retval)
