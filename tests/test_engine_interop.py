"""VM functions, classes and generators used by host code (issue 13, "interoperation").

The program runs in the engine; the host (the standard library, C builtins,
``threading``, ``unittest``, ``asyncio``) calls back into it.  Each test checks
the program's output against the host running the same source natively.
"""

from __future__ import annotations

import pytest
from _engine_util import run_engine, run_native

CASES = {
    "callbacks": """
        import functools, heapq, operator
        class N:
            def __init__(self, v): self.v = v
            def __lt__(self, o): return self.v < o.v
            def __repr__(self): return f"N{self.v}"
        print(sorted([3, 1, 2], key=lambda v: -v), list(map(lambda x: x * 2, range(3))),
              list(filter(lambda x: x % 2, range(5))),
              functools.reduce(lambda a, b: a * b, range(1, 6)))
        h = [N(3), N(1), N(2)]; heapq.heapify(h)
        print([heapq.heappop(h) for _ in range(3)], max([N(1), N(4)], key=operator.attrgetter("v")))
        print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))
    """,
    "threading": """
        import threading, queue
        out = queue.Queue()
        def worker(n):
            out.put(n * n)
        ts = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
        for t in ts: t.start()
        for t in ts: t.join()
        print(sorted(out.get() for _ in range(5)))
        class T(threading.Thread):
            def run(self):
                out.put(self.name.startswith("Thread"))
        t = T(); t.start(); t.join(); print(out.get())
    """,
    "unittest": """
        import io, unittest
        class Case(unittest.TestCase):
            def setUp(self): self.v = 2
            def test_ok(self): self.assertEqual(self.v * 2, 4)
            def test_fail(self): self.assertEqual([1], [2])
            def test_error(self): raise KeyError("k")
            @unittest.skip("why")
            def test_skip(self): pass
            def test_raises(self):
                with self.assertRaises(ValueError):
                    int("x")
        r = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(
            unittest.defaultTestLoader.loadTestsFromTestCase(Case))
        print(r.testsRun, len(r.failures), len(r.errors), len(r.skipped))
    """,
    "descriptors_and_protocols": """
        import copy, pickle, weakref, inspect, functools
        class Typed:
            def __set_name__(self, owner, name): self.name = "_" + name
            def __get__(self, obj, t=None): return self if obj is None else getattr(obj, self.name)
            def __set__(self, obj, v):
                if not isinstance(v, int): raise TypeError("int wanted")
                setattr(obj, self.name, v)
        class P:
            x = Typed()
            def __init__(self, x): self.x = x
            def __reduce__(self): return (P, (self.x,))
        p = P(3)
        try:
            p.x = "a"
        except TypeError as e:
            print(e)
        print(p.x, pickle.loads(pickle.dumps(p)).x, copy.deepcopy(p).x, weakref.ref(p)() is p)
        def f(a, b: int = 2, *rest, k=3, **kw) -> str: "doc"
        print(inspect.signature(f), f.__doc__, f.__name__, f.__defaults__, f.__kwdefaults__,
              f.__annotations__)
        @functools.wraps(f)
        def w(*a, **k): return f(*a, **k)
        print(w.__name__, w.__wrapped__ is f, type(f).__name__, callable(f))
    """,
    "generators_to_host": """
        import itertools, contextlib
        def gen(n):
            for i in range(n):
                yield i
        print(list(itertools.islice(gen(100), 3)), dict(enumerate(gen(3))),
              "-".join(map(str, gen(4))))
        print(list(zip(gen(3), gen(5))), any(x > 1 for x in gen(3)), all(x < 9 for x in gen(3)))
        g = gen(2)
        print(next(iter(g)), list(g), isinstance(gen(1), __import__("collections").abc.Generator))
        @contextlib.contextmanager
        def cm(): yield "managed"
        with cm() as v:
            print(v)
    """,
    "asyncio_interop": """
        import asyncio, inspect
        async def child(n):
            await asyncio.sleep(0)
            return n
        async def main():
            tasks = [asyncio.ensure_future(child(i)) for i in range(3)]
            done = await asyncio.gather(*tasks)
            q = asyncio.Queue()
            await q.put("item")
            return done, await q.get(), await asyncio.wait_for(child(9), 5)
        print(asyncio.run(main()), asyncio.iscoroutinefunction(child),
              inspect.iscoroutinefunction(child) or asyncio.iscoroutinefunction(child))
    """,
    "exceptions_to_host": """
        import traceback, sys
        def boom():
            raise ValueError("deep")
        try:
            boom()
        except ValueError:
            lines = traceback.format_exc().splitlines()
            print(lines[0], lines[-1], any("boom" in ln for ln in lines))
            print(sys.exc_info()[0].__name__)
    """,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_host_uses_vm_objects(name: str) -> None:
    want = run_native(CASES[name])
    got = run_engine(CASES[name])
    assert got[1] == want[1], got[2]


def test_recursion_error_at_the_native_depth() -> None:
    """VM-to-VM recursion takes no host stack: the program's own limit decides."""
    source = """
        import sys
        sys.setrecursionlimit(50000)
        def down(n):
            return n if n == 0 else down(n - 1)
        print(down(40000))
        sys.setrecursionlimit(300)
        def deep(n):
            try:
                return deep(n + 1)
            except RecursionError:
                return n
        print(250 < deep(0) < 300)
    """
    status, out, err = run_engine(source)
    assert out.split() == ["0", "True"], err
