# Host code calling back into VM code: re.sub, defaultdict factories, heapq ordering, str.join(map).
import collections
import heapq
import re


def repl(match):
    return match.group(0)[::-1]


print(re.sub(r"[a-z]+", repl, "abc 123 def"))
calls = []


def factory():
    calls.append(1)
    return []


dd = collections.defaultdict(factory)
dd["a"].append(1)
dd["b"].append(2)
dd["a"].append(3)
print(sorted(dd.items()), len(calls))


class Task:
    def __init__(self, pri, name):
        self.pri, self.name = pri, name

    def __lt__(self, other):
        return self.pri < other.pri


heap = []
for p, n in [(3, "c"), (1, "a"), (2, "b")]:
    heapq.heappush(heap, Task(p, n))
print([heapq.heappop(heap).name for _ in range(3)])
print(",".join(map(str, range(5))), dict(map(lambda kv: (kv[1], kv[0]), enumerate("xy"))))
d = {}
print(d.setdefault("k", []), d, list(zip(*sorted({"b": 2, "a": 1}.items(), key=lambda kv: kv[1]))))
