"""The engine against the host interpreter on small programs of the host's own version.

Each snippet runs natively (exec in this process) and in the engine, both in
tier A (one handler per instruction) and with every code object compiled into
fused blocks at once (tier B, ``tier="eager"``); stdout must be equal.  The
differential corpus (``test_engine_differential``) does the same for every
version and interpreter; these are quick and pinpoint one construct each.
"""

from __future__ import annotations

import pytest
from _engine_util import run_engine, run_native

SNIPPETS = {
    "arith": """
        a, b = 7, 3
        print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a, ~a, a << 2, a >> 1,
              a & b, a | b, a ^ b, divmod(-7, 2), 2 ** 100, 1e308 * 10)
        x = 5; x += 2; x -= 1; x *= 3; x //= 2; x %= 5; x **= 2; x |= 8; x &= 12; x ^= 3
        print(x, 3 < 4 <= 4 != 5 > 2, 1 if a > b else 2, not a, a and b, a or b)
    """,
    "strings_fstrings": """
        name, width = "world", 9
        print(f"hello {name!r:>{width}} {3.14159:.2f} {name=} {width * 2}", "a" "b", "x" * 3)
        print("%s %d %.1f" % ("s", 4, 2.25), "{0}-{1}".format(1, 2), b"ab" + b"c")
    """,
    "containers": """
        l = [3, 1, 2]; l.append(4); l[1:3] = [9]; del l[0]
        d = {"a": 1, **{"b": 2}}; d["c"] = 3; del d["a"]
        s = {1, 2} | {3}; t = (*l, *"xy")
        print(l, sorted(d.items()), sorted(s), t, l[::-1], t[1:], [*range(3)], {**d})
        a, *b, c = range(5); (x, y), z = (1, 2), 3
        print(a, b, c, x, y, z)
    """,
    "comprehensions": """
        print([x * x for x in range(6) if x % 2], {k: v for k, v in zip("ab", (1, 2))},
              {c for c in "hello"} == set("helo"), list(y for y in range(3)),
              [(i, j) for i in range(3) for j in range(i)], sum(x for x in range(10)))
        x = "outer"
        print([x for x in range(2)], x)
    """,
    "functions": """
        def f(a, b=2, *args, c, d=4, **kw):
            return a, b, args, c, d, sorted(kw.items())
        print(f(1, c=3), f(1, 2, 3, c=5, e=6), f(*[1, 2], **{"c": 3, "z": 9}))
        def g(x, /, y, *, z=1):
            return x + y + z
        print(g(1, 2), g(1, y=3, z=5))
        for call in (lambda: g(x=1, y=2), lambda: f(), lambda: g(1, 2, 3)):
            try:
                call()
            except TypeError as e:
                print("TypeError", e)
    """,
    "closures": """
        def counter():
            n = 0
            def inc():
                nonlocal n
                n += 1
                return n
            return inc
        c = counter(); c(); c()
        print(c(), c.__closure__[0].cell_contents)
        fs = [lambda i=i: i for i in range(3)]
        print([f() for f in fs])
        def outer():
            x = 1
            def mid():
                def inner():
                    return x
                return inner
            del x
            return mid()
        try:
            outer()()
        except NameError as e:
            print(type(e).__name__, e)
    """,
    "classes": """
        class Meta(type):
            def __new__(m, name, bases, ns):
                ns["tag"] = name.lower()
                return super().__new__(m, name, bases, ns)
        class Base(metaclass=Meta):
            subs = []
            def __init_subclass__(cls, **kw):
                Base.subs.append(cls.__name__)
            def who(self):
                return "Base"
        class Child(Base):
            __slots__ = ("v",)
            def __init__(self, v):
                self.v = v
            def who(self):
                return "Child>" + super().who()
            @property
            def double(self):
                return self.v * 2
            @classmethod
            def make(cls):
                return cls(21)
            @staticmethod
            def util():
                return __class__.__name__
        c = Child.make()
        print(c.who(), c.double, Child.util(), Child.tag, Base.subs, type(c).__mro__[1].__name__)
    """,
    "dunders": """
        class V:
            def __init__(self, x): self.x = x
            def __add__(self, o): return V(self.x + o.x)
            def __eq__(self, o): return isinstance(o, V) and self.x == o.x
            def __hash__(self): return hash(self.x)
            def __lt__(self, o): return self.x < o.x
            def __repr__(self): return f"V({self.x})"
            def __len__(self): return self.x
            def __getitem__(self, i): return i * self.x
            def __contains__(self, i): return i == self.x
            def __call__(self, k): return k + self.x
            def __iter__(self): return iter(range(self.x))
            def __bool__(self): return self.x != 0
            def __getattr__(self, name): return name.upper()
        v = V(3)
        print(v + V(1), {V(1), V(1)}, sorted([V(2), V(1)]), len(v), v[4], 3 in v, v(2),
              list(v), bool(V(0)), v.anything, max(V(1), V(5)))
    """,
    "exceptions": """
        def f(n):
            try:
                if n == 0: raise ValueError("zero")
                if n == 1: raise KeyError("one")
                return n
            except ValueError as e:
                return f"value {e}"
            except (KeyError, TypeError) as e:
                return f"key {e!r}"
            else:
                print("no exception")
            finally:
                print("finally", n)
        print(f(0), f(1), f(2))
        try:
            try:
                1 / 0
            except ZeroDivisionError as e:
                raise RuntimeError("wrapped") from e
        except RuntimeError as e:
            print(e, type(e.__cause__).__name__, e.__suppress_context__)
        try:
            try:
                {}["k"]
            except KeyError:
                raise ValueError("during")
        except ValueError as e:
            print(repr(e.__context__))
        import sys
        try:
            raise TypeError("t")
        except TypeError:
            print(sys.exc_info()[0].__name__)
        print(sys.exc_info())
        for i in range(3):
            try:
                if i == 1: continue
                if i == 2: break
            finally:
                print("fin", i)
    """,
    "with": """
        class CM:
            def __init__(self, name, swallow=False): self.name, self.swallow = name, swallow
            def __enter__(self): print("enter", self.name); return self.name
            def __exit__(self, t, v, tb):
                print("exit", self.name, t and t.__name__)
                return self.swallow
        with CM("a") as a, CM("b") as b:
            print("body", a, b)
        with CM("c", swallow=True):
            raise KeyError
        try:
            with CM("d"):
                raise IndexError("x")
        except IndexError as e:
            print("propagated", e)
        import contextlib
        @contextlib.contextmanager
        def cm():
            print("setup")
            yield 7
            print("teardown")
        with cm() as v:
            print(v)
    """,
    "generators": """
        def gen():
            x = yield 1
            print("got", x)
            try:
                yield 2
            except ValueError as e:
                print("caught", e)
                yield 3
            finally:
                print("cleanup")
            return "done"
        g = gen()
        print(next(g), g.send("s"), g.throw(ValueError("v")))
        try:
            next(g)
        except StopIteration as e:
            print("stop", e.value)
        def sub():
            r = yield from range(3)
            return 4
        def deleg():
            v = yield from sub()
            yield v
        print(list(deleg()), sum(x for x in range(5)), list(zip(deleg(), "abcd")))
        def stubborn():
            try:
                yield
            except GeneratorExit:
                yield
        s = stubborn(); next(s)
        try:
            s.close()
        except RuntimeError as e:
            print(e)
        def bad():
            yield 1
            raise StopIteration
        try:
            list(bad())
        except RuntimeError as e:
            print(e)
    """,
    "asyncio": """
        import asyncio
        async def work(n):
            await asyncio.sleep(0)
            return n * 2
        async def agen(n):
            for i in range(n):
                await asyncio.sleep(0)
                yield i
        class ACM:
            async def __aenter__(self): print("aenter"); return self
            async def __aexit__(self, *a): print("aexit"); return False
        async def main():
            print(await asyncio.gather(work(1), work(2)))
            print([x async for x in agen(3)])
            async with ACM():
                print("inside")
            t = asyncio.create_task(work(5))
            print(await t)
        asyncio.run(main())
    """,
    "match": """
        def m(v):
            match v:
                case [1, *rest]: return f"list {rest}"
                case {"k": k}: return f"map {k}"
                case int(x) if x > 10: return "big"
                case str() | bytes(): return "text"
                case (a, b): return f"pair {a} {b}"
                case _: return "other"
        print([m(v) for v in ([1, 2], {"k": 3}, 20, "s", (4, 5), 1.5)])
    """,
    "builtins_frame": """
        def f():
            a, b = 1, 2
            return sorted(locals().items()), sorted(dir())
        print(f(), eval("a + 1", {"a": 41}), "__name__" in globals())
        exec("z = 5")
        print(z)
        ns = {}
        exec("def k(): return 'k'", ns)
        print(ns["k"](), eval(compile("3 * 7", "<c>", "eval")))
    """,
    "recursion": """
        import sys
        def depth(n):
            try:
                return depth(n + 1)
            except RecursionError:
                return n
        print(depth(0) > 100, sys.getrecursionlimit())
        def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
        print(fib(15))
    """,
    "dataclass_enum": """
        import dataclasses, enum, functools
        @dataclasses.dataclass(order=True, frozen=True)
        class P:
            x: int
            y: int = 0
        print(P(1, 2), P(1) < P(2), dataclasses.asdict(P(3, 4)))
        class C(enum.Enum):
            RED = 1
            GREEN = 2
            def label(self): return self.name.lower()
        print(C(2), C.RED.label(), list(C))
        @functools.lru_cache(maxsize=None)
        def sq(n): return n * n
        print(sq(4), sq.cache_info().misses)
    """,
}


@pytest.mark.parametrize("tier", ["a", "eager"])
@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_matches_native(name: str, tier: str) -> None:
    source = SNIPPETS[name]
    want = run_native(source)
    got = run_engine(source, tier=tier)
    assert got[1] == want[1], f"{name} ({tier}): stdout differs\n{got[2]}"
    assert got[0] == want[0]
