"""What differs between versions when their bytecode runs, as data.

One record per release line the execution engine runs.  The engine's
handlers ask these traits instead of comparing version numbers; the
instruction sets themselves are per-line handler tables
(:mod:`bytescope.engine.tables`).

Traits:

``func_name``         the function name argument-binding errors use: ``"name"``
                      (``f()``, <= 3.9) or ``"qualname"`` (``C.f()``, 3.10+).
``unbound_local``     UnboundLocalError text for a local read before assignment.
``unbound_free``      NameError text for a free variable of the enclosing scope.
``kw_not_str``        TypeError text when ``**`` keywords are not strings.
``gen_at_call``       calling a generator/coroutine function makes the generator
                      object without running a single instruction (<= 3.10); from
                      3.11 the code itself starts with ``RETURN_GENERATOR``.
``first_send_pushes`` resuming a new generator pushes the value sent (3.10's
                      ``GEN_START`` and 3.11+'s ``POP_TOP`` after
                      ``RETURN_GENERATOR`` take it off); before, nothing is pushed.
``stop_iteration``    a ``StopIteration`` leaving a generator becomes
                      ``RuntimeError`` (PEP 479): ``"always"`` (3.7+) or
                      ``"future"`` (3.6: only with ``from __future__ import generator_stop``).
``suggestions``       the uncaught-exception report adds "Did you mean" to
                      NameError/AttributeError/ImportError (3.10+).
``locals_snapshot``   ``locals()`` in a function returns a fresh dict each call
                      (PEP 667, 3.13+) instead of the frame's one cached dict.
``throw_delegate``    what ``throw()`` does when the sub-iterator of a ``yield from``/``await``
                      returns: ``"yield_from"`` (pop it, go past ``YIELD_FROM``, <= 3.10),
                      ``"send_jump"`` (pop it, continue at the ``SEND`` loop's end, 3.11)
                      or ``"raise"`` (raise the ``StopIteration`` into the frame, whose
                      ``CLEANUP_THROW`` handler takes the value, 3.12+).
``async_yield_wraps`` ``YIELD_VALUE`` in an async generator wraps the value itself
                      (<= 3.10); from 3.11 the code wraps it with an instruction.
``with_error``        a ``with`` on an object without ``__enter__``/``__exit__``:
                      ``"attribute"`` (AttributeError, <= 3.10) or ``"protocol"``
                      (TypeError "does not support the context manager protocol", 3.11+).
``main_file_absolute`` ``__main__.__file__`` is the script's absolute path (3.9+), else as given.
``main_annotations``  the ``__main__`` module starts with an empty ``__annotations__`` (<= 3.13;
                      3.14's annotations are lazy).
``main_cached``       the ``__main__`` module has ``__cached__`` (None) (<= 3.14).
``iter_slots``        stack slots an iterator being driven takes (``FOR_ITER``, ``SEND``): 1,
                      or 2 from 3.15 (the iterable and an index, NULL for an iterator).
``exc_name``          how the uncaught-exception report names the type: ``"name"`` (the
                      short name, with its module unless builtins: ``__main__.E``,
                      <= 3.10) or ``"qualname"`` (no prefix for builtins and __main__).
``notes``             ``__notes__`` lines follow the message (3.11+).
``call_desc``         how call errors name the callable: ``"name_desc"`` (``f()``, ``C
                      object``, <= 3.8) or ``"funcstr"`` (``module.qualname()`` for
                      functions, 3.9+: CPython's ``_PyObject_FunctionStr``).
``tb_carets``         tracebacks mark the failing expression under the source
                      line: ``None``, ``"311"`` (3.11-3.12, ``^^^~~~`` when it is
                      part of the line) or ``"313"`` (3.13+, only if not the whole line).
``arity_msg``         argument-count TypeError texts: ``"py3"`` (``missing 1 required
                      positional argument``) or ``"py2"`` (``takes exactly 2 arguments
                      (1 given)``, 2.7).
``chains``            the uncaught-exception report prints ``__cause__``/``__context__``
                      chains (3.x; 2.7 has none).
``exc_str``           how the report turns the exception into its message: ``"py3"``
                      (``str()``) or ``"py2"`` (Python 2's ``str()``, 2.7).
``unpack_noniter``    TypeError text for unpacking a non-iterable (3.6, 2.7: ``'int'
                      object is not iterable``; 3.7+: ``cannot unpack non-iterable int object``).
``super_check``       the TypeError of ``super(type, obj)`` when ``obj`` is neither an
                      instance nor a subtype: ``"short"`` (``obj must be an instance or
                      subtype of type``, <= 3.12) or ``"named"`` (``obj (instance of X) is
                      not an instance or subtype of type (T).``, 3.13+).
``import_from``       the ImportError of ``from m import x`` when ``m`` has no ``x``:
                      ``"full"`` (``cannot import name 'x' from 'm' (path)`` with ``name``
                      and ``path`` set, 3.7+), ``"bare"`` (``cannot import name 'x'``,
                      3.6) or ``"py2"`` (``cannot import name x``, 2.7).
``unpack_got``        "too many values to unpack" gives the length of a list, tuple or
                      dict (``expected 2, got 3``, 3.14+).
"""

from __future__ import annotations

from typing import Any

_BASE: dict[str, Any] = dict(
    func_name="name",
    unbound_local="local variable '{}' referenced before assignment",
    unbound_free="free variable '{}' referenced before assignment in enclosing scope",
    kw_not_str="{}() keywords must be strings",
    gen_at_call=True,
    first_send_pushes=False,
    stop_iteration="always",
    suggestions=False,
    locals_snapshot=False,
    tb_carets=None,
    throw_delegate="yield_from",
    async_yield_wraps=True,
    with_error="attribute",
    main_file_absolute=False,
    main_annotations=True,
    main_cached=True,
    iter_slots=1,
    exc_name="name",
    notes=False,
    call_desc="name_desc",
    arity_msg="py3",
    unpack_noniter="cannot unpack non-iterable {} object",
    unpack_got=False,
    chains=True,
    exc_str="py3",
    super_check="short",
    import_from="full",
)
_PY27 = dict(_BASE, stop_iteration="never", kw_not_str="{}() keywords must be strings",
             unpack_noniter="'{}' object is not iterable",
             arity_msg="py2", chains=False, exc_str="py2", import_from="py2")
_PY36 = dict(_BASE, stop_iteration="future", unpack_noniter="'{}' object is not iterable",
             import_from="bare")
_PY37 = dict(_BASE)
_PY39 = dict(
    _PY37, kw_not_str="keywords must be strings", main_file_absolute=True, call_desc="funcstr"
)
_PY310 = dict(_PY39, func_name="qualname", first_send_pushes=True, suggestions=True)
_PY311 = dict(
    _PY310,
    unbound_local="cannot access local variable '{}' where it is not associated with a value",
    unbound_free=(
        "cannot access free variable '{}' where it is not associated with a value in "
        "enclosing scope"
    ),
    gen_at_call=False,
    tb_carets="311",
    throw_delegate="send_jump",
    async_yield_wraps=False,
    with_error="protocol",
    exc_name="qualname",
    notes=True,
)
_PY312 = dict(_PY311, throw_delegate="raise")
_PY313 = dict(_PY312, locals_snapshot=True, tb_carets="313", super_check="named")
_PY314 = dict(_PY313, main_annotations=False, unpack_got=True)
_PY315 = dict(_PY314, main_cached=False, iter_slots=2)

#: release line -> engine traits
ENGINE_TRAITS: dict[str, dict[str, Any]] = {
    "2.7": _PY27,
    "3.6": _PY36,
    "3.7": _PY37,
    "3.8": _PY37,
    "3.9": _PY39,
    "3.10": _PY310,
    "3.11": _PY311,
    "3.12": _PY312,
    "3.13": _PY313,
    "3.14": _PY314,
    "3.15": _PY315,
}


def engine_traits(key: str) -> dict[str, Any]:
    """Return the engine traits of release line ``key``; ``KeyError`` if it cannot run."""
    return ENGINE_TRAITS[key]
