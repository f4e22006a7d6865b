"""Generators, coroutines and async generators whose frames the engine runs.

Each is a host object with the host protocol (``__next__``, ``send``,
``throw``, ``close``; ``__await__``; ``__anext__``, ``asend``, ``athrow``,
``aclose``), registered with :mod:`collections.abc`, so host code (``for``,
``list()``, ``contextlib``, ``asyncio`` tasks and event loops) drives them as
it drives native ones.  Resuming one runs its frame in the loop until the
frame yields, returns or raises.
"""

from __future__ import annotations

import collections.abc
import sys
import traceback as _traceback
import types as _types
import warnings as _warnings
from typing import Any, Callable, Optional

from .codeobj import CO_ASYNC_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE
from .objects import ExcItem
from .state import thread_state
from .tracebacks import clean

DONE = -2


class AsyncGenValue:
    """A value an async generator yields to its consumer (not an await passing through)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Base:
    """What generators, coroutines and async generators share: resuming the frame."""

    __slots__ = ("frame", "running", "exc_item", "__name__", "__qualname__", "code",
                 "started", "closed", "__weakref__", "awaited", "hooks_ok")

    kind = "generator"

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self.code = frame.code
        self.running = False
        self.exc_item = ExcItem()
        self.__name__ = self.code.co_name
        func = frame.func
        self.__qualname__ = func.__qualname__ if func is not None else self.code.co_qualname
        self.started = False
        self.closed = False
        self.awaited = False
        # no back reference from the frame: the generator is freed (and finalized) as
        # soon as the program drops it, as a native one is

    # --- resuming ------------------------------------------------------------------

    def _resume(self, value: Any, exc: Optional[BaseException]) -> Any:
        """Run the frame: send ``value`` (or raise ``exc`` at the suspension point).

        Returns the next yielded value; raises ``StopIteration(value)`` when the
        frame returns and whatever the frame raises.
        """
        frame = self.frame
        if frame is None or frame.pc == DONE:
            if exc is not None:
                raise exc
            raise self._exhausted()
        if self.running:
            raise ValueError(f"{self.kind} already executing")
        # the value sent (None for a throw) is pushed where the frame stopped, as
        # CPython does; a new frame takes it only where its code expects it
        if not self.started:
            if exc is None and value is not None:
                raise TypeError(f"can't send non-None value to a just-started {self.kind}")
            self.started = True
            if frame.code.traits["first_send_pushes"]:
                frame.stack.append(value)
        else:
            frame.stack.append(value)
        ts = thread_state()
        if ts.depth >= ts.engine.recursion_limit:
            raise RecursionError("maximum recursion depth exceeded")
        ts.depth += 1
        item = self.exc_item
        item.previous = ts.exc_info
        ts.exc_info = item
        self.running = True
        from .loop import execute, execute_throw

        try:
            if exc is not None:
                result = execute_throw(ts, frame, exc)
            else:
                result = execute(ts, frame)
        except BaseException as e:
            self.frame = None
            raise self._converted(e)  # noqa: B904 (the frame's own exception, as raised)
        finally:
            self.running = False
            ts.exc_info = item.previous
            item.previous = None
        if frame.pc == DONE:
            self.frame = None
            raise _stop(result)
        return result

    def _converted(self, exc: BaseException) -> BaseException:
        """PEP 479: a StopIteration leaving the frame becomes RuntimeError."""
        if isinstance(exc, StopIteration) and self._stop_is_error():
            err = RuntimeError(f"{self.kind} raised StopIteration")
            err.__cause__ = exc
            err.__context__ = exc
            return err
        return exc

    def _stop_is_error(self) -> bool:
        rule = self.code.traits["stop_iteration"]
        if rule == "always":
            return True
        if rule == "future":
            return bool(self.code.co_flags & 0x80000)  # CO_FUTURE_GENERATOR_STOP
        return False

    def _exhausted(self) -> BaseException:
        return StopIteration()

    # --- the host protocol ---------------------------------------------------------------

    def send(self, value: Any) -> Any:
        return self._resume(value, None)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        exc = _throw_value(typ, val, tb)
        sub = self._delegate()
        if sub is not None:
            return self._throw_delegate(sub, exc)
        return self._resume(None, exc)

    def _throw_delegate(self, sub: Any, exc: BaseException) -> Any:
        """Throw into the sub-iterator a ``yield from``/``await`` is suspended in."""
        if isinstance(exc, GeneratorExit):
            close = getattr(sub, "close", None)
            if close is not None:
                try:
                    close()
                except BaseException as e:
                    return self._resume(None, e)
            return self._resume(None, exc)
        throw = getattr(sub, "throw", None)
        if throw is None:
            return self._resume(None, exc)
        self.running = True
        try:
            value = throw(exc)
        except StopIteration as stop:
            self.running = False
            if self.code.traits["throw_delegate"] == "raise":
                return self._resume(None, stop)  # the code's CLEANUP_THROW takes the value
            self._pop_delegate()
            return self._delegate_returned(stop.value)
        except BaseException as e:
            self.running = False
            if self.code.traits["throw_delegate"] != "raise":
                self._pop_delegate()  # 3.12+ leave it for the code's CLEANUP_THROW
            return self._resume(None, e)
        finally:
            self.running = False
        return value

    def _delegate(self) -> Any:
        """The sub-iterator the frame is suspended in (``yield from``/``await``), or None."""
        frame = self.frame
        if frame is None or frame.pc == DONE or not self.started:
            return None
        if not frame.code.delegating_at(frame.pc):
            return None
        slots = frame.code.traits["iter_slots"]
        return frame.stack[-slots] if len(frame.stack) >= slots else None

    def _pop_delegate(self) -> None:
        frame = self.frame
        if frame is not None and frame.stack:
            frame.stack.pop()

    def _delegate_returned(self, value: Any) -> Any:
        """The sub-iterator returned ``value``: go on after the delegation loop."""
        frame = self.frame
        frame.stack.append(value)
        frame.pc = frame.code.after_delegation(frame.pc)
        return self._resume_raw()

    def _resume_raw(self) -> Any:
        """Resume without pushing a sent value (the stack is already what the frame expects)."""
        frame = self.frame
        ts = thread_state()
        ts.depth += 1
        item = self.exc_item
        item.previous = ts.exc_info
        ts.exc_info = item
        self.running = True
        from .loop import execute

        try:
            result = execute(ts, frame)
        except BaseException as e:
            self.frame = None
            raise self._converted(e)  # noqa: B904 (the frame's own exception, as raised)
        finally:
            self.running = False
            ts.exc_info = item.previous
            item.previous = None
        if frame.pc == DONE:
            self.frame = None
            raise _stop(result)
        return result

    def __del__(self) -> None:
        # CPython closes a suspended generator when it is collected; what close()
        # raises is reported through sys.unraisablehook, as a native one's would be
        frame = self.frame
        if frame is None or frame.pc == DONE or not self.started or self.running:
            return
        try:
            self.close()
        except BaseException as exc:
            _unraisable(exc, self)

    def close(self) -> Any:
        frame = self.frame
        if frame is None or frame.pc == DONE:
            return None
        if not self.started:
            self.frame = None
            frame.pc = DONE
            return None
        try:
            self.throw(GeneratorExit)
        except (GeneratorExit, StopIteration) as e:
            self.frame = None
            return getattr(e, "value", None)
        raise RuntimeError(f"{self.kind} ignored GeneratorExit")

    # --- the frame's side: yield and return -------------------------------------------------

    def returned(self, frame: Any, value: Any) -> int:
        """The frame executed ``return value`` (see :func:`bytescope.engine.runtime.do_return`)."""
        ts = frame.ts
        ts.exiting = True
        ts.result = value
        return -1

    # --- introspection --------------------------------------------------------------------

    @property
    def _frame_proxy(self) -> Any:
        return self.frame

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object {self.__qualname__} at {hex(id(self))}>"


def _warn_unawaited(coro: Any) -> None:
    """CPython's "coroutine ... was never awaited" warning, located at the VM frame
    running when the coroutine was dropped (where a native one would point)."""
    from .state import current_frame

    frame = current_frame()
    msg = f"coroutine '{coro.__qualname__}' was never awaited"
    if frame is None:
        _warnings.warn(msg, RuntimeWarning, stacklevel=2, source=coro)
        return
    g = frame.globals
    registry = g.setdefault("__warningregistry__", {}) if isinstance(g, dict) else None
    _warnings.warn_explicit(
        msg, RuntimeWarning, frame.code.co_filename, frame.lineno or 0,
        module=g.get("__name__") if isinstance(g, dict) else None, registry=registry,
        module_globals=g if isinstance(g, dict) else None, source=coro,
    )


def _unraisable(exc: BaseException, obj: Any) -> None:
    """Report ``exc`` as CPython reports an exception it cannot raise (in a finalizer)."""
    tb = clean(exc.__traceback__)
    hook = sys.unraisablehook
    if hook is sys.__unraisablehook__:  # the C hook takes only its own argument type
        try:
            text = f"Exception ignored in: {obj!r}\n"
        except Exception:
            text = "Exception ignored in: <object repr() failed>\n"
        text += "".join(_traceback.format_exception(type(exc), exc, tb))
        try:
            if sys.stderr is not None:
                sys.stderr.write(text)
                sys.stderr.flush()
        except Exception:
            pass
        return
    args = _types.SimpleNamespace(
        exc_type=type(exc), exc_value=exc, exc_traceback=tb, err_msg=None, object=obj,
    )
    try:
        hook(args)
    except Exception:
        pass


def _stop(value: Any) -> StopIteration:
    if value is None:
        return StopIteration()
    return StopIteration(value)


def _throw_value(typ: Any, val: Any, tb: Any) -> BaseException:
    """The exception ``throw(typ, val, tb)`` raises, as CPython builds it."""
    if isinstance(typ, BaseException):
        if val is not None:
            raise TypeError("instance exception may not have a separate value")
        exc = typ
    elif isinstance(typ, type) and issubclass(typ, BaseException):
        if val is None:
            exc = typ()
        elif isinstance(val, typ):
            exc = val
        elif isinstance(val, tuple):
            exc = typ(*val)
        else:
            exc = typ(val)
    else:
        raise TypeError(
            "exceptions must be classes or instances deriving from BaseException, not "
            f"{type(typ).__name__}"
        )
    if tb is not None:
        exc = exc.with_traceback(tb)
    return exc


class Generator(_Base):
    """A VM generator (``def`` with ``yield``)."""

    __slots__ = ()
    kind = "generator"
    # what host code sees as its class (isinstance(g, types.GeneratorType),
    # inspect.isgenerator, g.__class__ checks); type(g) stays the engine's
    __class__ = property(lambda self: _types.GeneratorType)

    def __iter__(self) -> Generator:
        return self

    def __next__(self) -> Any:
        return self._resume(None, None)

    @property
    def gi_frame(self) -> Any:
        return self.frame

    @property
    def gi_running(self) -> bool:
        return self.running

    @property
    def gi_code(self) -> Any:
        return self.code

    @property
    def gi_yieldfrom(self) -> Any:
        return self._delegate()

    @property
    def gi_suspended(self) -> bool:
        return self.frame is not None and self.started and not self.running


class Coroutine(_Base):
    """A VM coroutine (``async def``)."""

    __slots__ = ()
    kind = "coroutine"
    __class__ = property(lambda self: _types.CoroutineType)

    def __await__(self) -> Any:
        return _CoroutineWrapper(self)

    def _exhausted(self) -> BaseException:
        return RuntimeError("cannot reuse already awaited coroutine")

    def __del__(self) -> None:
        # CPython warns about a coroutine that was created and never started
        if not self.started and self.frame is not None:
            try:
                _warn_unawaited(self)
            except Exception:
                pass
            return
        super().__del__()

    @property
    def cr_origin(self) -> Any:
        return None

    @property
    def cr_frame(self) -> Any:
        return self.frame

    @property
    def cr_running(self) -> bool:
        return self.running

    @property
    def cr_code(self) -> Any:
        return self.code

    @property
    def cr_await(self) -> Any:
        return self._delegate()

    @property
    def cr_suspended(self) -> bool:
        return self.frame is not None and self.started and not self.running


class IterableCoroutine(Generator):
    """A generator-based coroutine (``types.coroutine``): iterable and awaitable."""

    __slots__ = ()

    def __await__(self) -> Any:
        return self


class _CoroutineWrapper:
    """What ``coroutine.__await__()`` returns: an iterator driving the coroutine."""

    __slots__ = ("coro",)

    def __init__(self, coro: Coroutine) -> None:
        self.coro = coro

    def __iter__(self) -> _CoroutineWrapper:
        return self

    def __next__(self) -> Any:
        return self.coro.send(None)

    def send(self, value: Any) -> Any:
        return self.coro.send(value)

    def throw(self, *args: Any) -> Any:
        return self.coro.throw(*args)

    def close(self) -> Any:
        return self.coro.close()


class AsyncGenerator(_Base):
    """A VM async generator (``async def`` with ``yield``)."""

    __slots__ = ("hooks_done", "finalizer", "running_async")
    kind = "async generator"
    __class__ = property(lambda self: _types.AsyncGeneratorType)

    def __init__(self, frame: Any) -> None:
        super().__init__(frame)
        self.hooks_done = False
        self.finalizer: Any = None
        self.running_async = False

    def _init_hooks(self) -> None:
        if self.hooks_done:
            return
        self.hooks_done = True
        import sys

        firstiter, finalizer = sys.get_asyncgen_hooks()
        self.finalizer = finalizer
        if firstiter is not None:
            firstiter(self)

    def __aiter__(self) -> AsyncGenerator:
        return self

    def __del__(self) -> None:
        frame = self.frame
        if frame is None or frame.pc == DONE or not self.started:
            return
        if self.finalizer is not None:
            try:
                self.finalizer(self)
            except BaseException as exc:
                _unraisable(exc, self)
            return
        super().__del__()

    def __anext__(self) -> Any:
        self._init_hooks()
        return _ASend(self, None)

    def asend(self, value: Any) -> Any:
        self._init_hooks()
        return _ASend(self, value)

    def athrow(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        self._init_hooks()
        return _AThrow(self, (typ, val, tb))

    def aclose(self) -> Any:
        self._init_hooks()
        return _AThrow(self, None)

    def _exhausted(self) -> BaseException:
        return StopAsyncIteration()

    def _converted(self, exc: BaseException) -> BaseException:
        if isinstance(exc, (StopIteration, StopAsyncIteration)):
            what = type(exc).__name__
            err = RuntimeError(f"async generator raised {what}")
            err.__cause__ = exc
            err.__context__ = exc
            return err
        return exc

    @property
    def ag_frame(self) -> Any:
        return self.frame

    @property
    def ag_running(self) -> bool:
        return self.running_async

    @property
    def ag_code(self) -> Any:
        return self.code

    @property
    def ag_await(self) -> Any:
        return self._delegate()


class _AsyncStep:
    """The awaitable of one async-generator step (``__anext__``/``asend``/``athrow``)."""

    __slots__ = ("agen", "state")
    # each kind of step (_ASend, _AThrow) defines it; declared for the type checker only
    send: Callable[[Any], Any]

    def __init__(self, agen: AsyncGenerator) -> None:
        self.agen = agen
        self.state = 0  # 0 new, 1 iterating, 2 done

    def __await__(self) -> _AsyncStep:
        return self

    def __iter__(self) -> _AsyncStep:
        return self

    def __next__(self) -> Any:
        return self.send(None)

    def _unwrap(self, step: Any) -> Any:
        """Run one resumption; a wrapped yield ends this step with its value."""
        try:
            value = step()
        except StopIteration:
            self.state = 2
            self.agen.running_async = False
            raise StopAsyncIteration() from None
        except BaseException:
            self.state = 2
            self.agen.running_async = False
            raise
        if type(value) is AsyncGenValue:
            self.state = 2
            self.agen.running_async = False
            raise StopIteration(value.value)
        return value

    def close(self) -> None:
        self.state = 2


class _ASend(_AsyncStep):
    __slots__ = ("value",)

    def __init__(self, agen: AsyncGenerator, value: Any) -> None:
        super().__init__(agen)
        self.value = value

    def send(self, value: Any) -> Any:
        if self.state == 2:
            raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
        if self.state == 0:
            if self.agen.running_async:
                raise RuntimeError("anext(): asynchronous generator is already running")
            if value is None:
                value = self.value
            self.state = 1
            self.agen.running_async = True
        return self._unwrap(lambda: self.agen._resume(value, None))

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        if self.state == 2:
            raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
        exc = _throw_value(typ, val, tb)
        return self._unwrap(lambda: self.agen.throw(exc))


class _AThrow(_AsyncStep):
    __slots__ = ("args",)

    def __init__(self, agen: AsyncGenerator, args: Any) -> None:
        super().__init__(agen)
        self.args = args  # None: aclose()

    def send(self, value: Any) -> Any:
        agen = self.agen
        if self.state == 2:
            raise RuntimeError("cannot reuse already awaited aclose()/athrow()")
        if agen.frame is None or agen.frame.pc == DONE:
            self.state = 2
            if self.args is None:
                raise StopIteration
            raise StopAsyncIteration
        if self.state == 0:
            if agen.running_async:
                raise RuntimeError("athrow(): asynchronous generator is already running")
            self.state = 1
            agen.running_async = True
            if self.args is None:
                exc: BaseException = GeneratorExit()
            else:
                exc = _throw_value(*self.args)
            return self._step(lambda: agen.throw(exc))
        return self._step(lambda: agen._resume(value, None))

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        exc = _throw_value(typ, val, tb)
        return self._step(lambda: self.agen.throw(exc))

    def _step(self, step: Any) -> Any:
        agen = self.agen
        try:
            value = step()
        except (StopIteration, StopAsyncIteration, GeneratorExit) as e:
            self.state = 2
            agen.running_async = False
            if self.args is None:
                raise StopIteration from None
            if isinstance(e, GeneratorExit):
                raise
            raise StopAsyncIteration from None
        except BaseException:
            self.state = 2
            agen.running_async = False
            raise
        if type(value) is AsyncGenValue:
            self.state = 2
            agen.running_async = False
            if self.args is None:
                raise RuntimeError("async generator ignored GeneratorExit")
            raise StopIteration(value.value)
        return value


# the host's names, so type(g).__name__ and reprs read as native ones
for _cls, _name in ((Generator, "generator"), (Coroutine, "coroutine"),
                    (AsyncGenerator, "async_generator"), (IterableCoroutine, "generator")):
    _cls.__name__ = _cls.__qualname__ = _name
collections.abc.Generator.register(Generator)
collections.abc.Generator.register(IterableCoroutine)
collections.abc.Coroutine.register(Coroutine)
collections.abc.AsyncGenerator.register(AsyncGenerator)
collections.abc.Awaitable.register(_AsyncStep)


_KINDS = {
    "generator": Generator,
    "coroutine": Coroutine,
    "iterable_coroutine": IterableCoroutine,
    "async_generator": AsyncGenerator,
}


def kind_of(flags: int) -> str:
    """The kind of object code with these flags makes."""
    if flags & CO_ASYNC_GENERATOR:
        return "async_generator"
    if flags & CO_COROUTINE:
        return "coroutine"
    if flags & CO_ITERABLE_COROUTINE:
        return "iterable_coroutine"
    return "generator"


def make_generator(frame: Any) -> Any:
    """Return the generator/coroutine/async generator object owning ``frame``."""
    return _KINDS[kind_of(frame.code.co_flags)](frame)


def gen_start(frame: Any, pc: int) -> None:
    """``RETURN_GENERATOR`` (3.11+): the call returns a generator owning this frame."""
    gen = make_generator(frame)
    frame.pc = pc + 1
    ts = frame.ts
    ts.depth -= 1
    if frame.entry:
        frame.entry = False
        ts.exiting = True
        ts.result = gen
        return
    back = frame.back
    frame.back = None
    ts.frame = back
    on_return = frame.on_return
    if on_return is not None:
        frame.on_return = None
        gen = on_return(gen)
    back.stack.append(gen)


def do_yield(frame: Any, value: Any, pc: int, again: bool = False) -> None:
    """``YIELD_VALUE``: suspend the frame after this instruction; hand ``value`` out.

    ``again``: resume at this same instruction (3.6-3.10 ``YIELD_FROM``), which
    also never wraps an async generator's value.
    """
    frame.pc = pc if again else pc + 1
    frame.lasti = pc
    ts = frame.ts
    ts.depth -= 1
    if frame.code.wrap_async_yields and not again:
        value = AsyncGenValue(value)
    if frame.entry:
        ts.exiting = True
        ts.result = value
        return
    items = frame.locals_dict
    if items is not None:  # a builtin consuming the generator (COLLECT): keep the value, go on
        items.append(value)
        frame.stack.append(None)
        ts.depth += 1
        return
    # resumed by VM code (resume_in_vm): the value goes to the consumer's stack
    back = frame.back
    _leave(ts, frame)
    back.stack.append(value)
    ts.frame = back


#: what the consumer does when a generator it resumed returns (``frame.on_return[2]``)
JUMP_ON_RETURN, RAISE_ON_RETURN, DEFAULT_ON_RETURN, COLLECT = 0, 1, 2, 3


def resume_in_vm(frame: Any, gen: Any, value: Any, pc: int, cont: tuple[Any, ...]) -> int:
    """Resume VM generator ``gen`` from VM ``frame`` at instruction ``pc`` without
    entering the loop again: push its frame above the consumer's.

    Returns -1 when it did (the frame switched), 0 when ``gen`` cannot be resumed
    this way (finished, or running: the caller then takes the host's path, which
    raises what the host would).  A yield pushes the value on the consumer's stack
    and goes on at ``pc + 1``.  ``cont`` is ``(done_pc, pops, push_result, mode,
    extra)``: when the generator returns, by ``mode``, ``JUMP_ON_RETURN``
    (``FOR_ITER``, ``SEND``) pops ``pops`` items, pushes the value if
    ``push_result`` and goes on at ``done_pc``; ``RAISE_ON_RETURN`` (``next(g)``,
    ``g.send(v)``) raises ``StopIteration`` at the consumer's call;
    ``DEFAULT_ON_RETURN`` (``next(g, d)``) pushes ``extra``; ``COLLECT``
    (``sum(g)``, ``list(g)`` ...) gathers every value yielded without going back to
    the consumer and pushes ``extra(values)``.
    """
    gframe = gen.frame
    if gframe is None or gen.running or gframe.pc < 0:
        return 0
    if gen.started:
        gframe.stack.append(value)
    else:
        if value is not None:
            raise TypeError(f"can't send non-None value to a just-started {gen.kind}")
        gen.started = True
        if gframe.code.traits["first_send_pushes"]:
            gframe.stack.append(value)
    ts = frame.ts
    depth = ts.depth
    if depth >= ts.engine.recursion_limit:
        raise RecursionError("maximum recursion depth exceeded")
    ts.depth = depth + 1
    item = gen.exc_item
    item.previous = ts.exc_info
    ts.exc_info = item
    gen.running = True
    gframe.back = frame
    gframe.entry = False
    gframe.ts = ts
    gframe.gen = gen
    gframe.on_return = cont
    if cont[3] == COLLECT:
        gframe.locals_dict = []  # where the values gathered go (an unused slot of a generator)
    frame.pc = pc + 1
    frame.lasti = pc
    ts.frame = gframe
    return -1


def _leave(ts: Any, frame: Any) -> Any:
    """A generator frame resumed by VM code stops running (yield, return or raise)."""
    gen = frame.gen
    frame.gen = None
    frame.back = None
    gen.running = False
    item = gen.exc_item
    ts.exc_info = item.previous
    item.previous = None
    return gen


def vm_generator_returned(frame: Any, value: Any) -> int:
    """The generator frame a consumer resumed returned ``value`` (from ``do_return``)."""
    ts = frame.ts
    back = frame.back
    done_pc, pops, push_result, mode, extra = frame.on_return
    frame.on_return = None
    items = frame.locals_dict
    frame.locals_dict = None
    gen = _leave(ts, frame)
    gen.frame = None
    ts.frame = back
    st = back.stack
    if mode == RAISE_ON_RETURN:
        ts.fault_frame = back
        raise _stop(value)
    if mode == COLLECT:
        try:
            value = extra(items)
        except BaseException:
            ts.fault_frame = back  # the consumer's call raises, not the generator
            raise
    elif mode == DEFAULT_ON_RETURN:
        value = extra
    if pops:
        del st[len(st) - pops :]
    if push_result:
        st.append(value)
    back.pc = done_pc
    return -1


def vm_generator_raised(frame: Any, exc: BaseException) -> BaseException:
    """The generator frame a consumer resumed let ``exc`` out; return what the consumer
    sees (PEP 479 makes a StopIteration a RuntimeError)."""
    ts = frame.ts
    frame.on_return = None
    gen = _leave(ts, frame)
    gen.frame = None
    return gen._converted(exc)


def resumable_in_vm(it: Any) -> bool:
    """True for a VM generator or coroutine the VM can resume by pushing its frame."""
    t = type(it)
    if t is not Generator and t is not Coroutine:
        return False
    frame = it.frame
    return frame is not None and frame.pc != DONE and not it.running


def is_vm_generator(it: Any) -> bool:
    """True for a VM generator or coroutine object (``SEND`` resumes those itself)."""
    t = type(it)
    return t is Generator or t is Coroutine


def send_to(frame: Any, receiver: Any, value: Any, pc: int) -> tuple[Optional[bool], Any]:
    """Send ``value`` into a sub-iterator (``yield from``/``await``).

    Returns ``(False, yielded)`` or ``(True, returned value)``.
    """
    try:
        if value is None and not isinstance(receiver, _Base) and hasattr(
            type(receiver), "__next__"
        ):
            result = next(receiver)
        else:
            result = receiver.send(value)
    except StopIteration as stop:
        return True, stop.value
    return False, result


def awaitable_iter(obj: Any) -> Any:
    """The iterator ``await obj`` drives (CPython's ``_PyCoro_GetAwaitableIter``)."""
    import types as _types

    if isinstance(obj, (Coroutine, _types.CoroutineType)):
        return obj
    if isinstance(obj, IterableCoroutine):
        return obj
    if isinstance(obj, _types.GeneratorType) and obj.gi_code.co_flags & CO_ITERABLE_COROUTINE:
        return obj
    getter = None
    for klass in type(obj).__mro__:
        if "__await__" in klass.__dict__:
            getter = klass.__dict__["__await__"]
            break
    if getter is None:
        raise TypeError(f"object {type(obj).__name__} can't be used in 'await' expression")
    res = getter(obj)
    if isinstance(res, (Coroutine, _types.CoroutineType)) or (
        isinstance(res, _types.GeneratorType) and res.gi_code.co_flags & CO_ITERABLE_COROUTINE
    ):
        raise TypeError("__await__() returned a coroutine")
    if not hasattr(type(res), "__next__"):
        raise TypeError(f"__await__() returned non-iterator of type '{type(res).__name__}'")
    return res


def check_not_awaited(it: Any) -> None:
    """A coroutine may be awaited once at a time (``RuntimeError`` otherwise)."""
    if isinstance(it, Coroutine) and it._delegate() is not None:
        raise RuntimeError("coroutine is being awaited already")


def is_coroutine_object(obj: Any) -> bool:
    """True for a coroutine (VM or host)."""
    import types as _types

    return isinstance(obj, (Coroutine, _types.CoroutineType))


def is_generator_object(obj: Any) -> bool:
    """True for a generator (VM or host)."""
    import types as _types

    return isinstance(obj, (Generator, _types.GeneratorType))
