# Standard-library modules (from the host) used from VM code.
import bisect
import collections
import heapq
import itertools
import math
import operator
import re
import string
import textwrap

print(math.gcd(84, 36), math.factorial(12), round(math.sqrt(2), 6), math.floor(-2.5))
c = collections.Counter("abracadabra")
print(c.most_common(3), sorted(c.elements())[:5])
dq = collections.deque([1, 2, 3], maxlen=4)
dq.appendleft(0)
dq.append(4)
print(list(dq))
od = collections.OrderedDict.fromkeys("cab")
od.move_to_end("c")
print(list(od))
h = [5, 1, 4, 2]
heapq.heapify(h)
print([heapq.heappop(h) for _ in range(4)], heapq.nlargest(2, [3, 9, 1, 7]))
arr = [1, 3, 5, 7]
bisect.insort(arr, 4)
print(arr, bisect.bisect_left(arr, 5))
print(re.findall(r"\d+", "a1b22c333"), re.sub(r"(\w)(\w*)", lambda m: m.group(2) + m.group(1), "hello world"))
print(string.ascii_lowercase[:5], textwrap.wrap("the quick brown fox jumps", 10))
print(list(itertools.permutations("abc", 2))[:3], list(itertools.product([0, 1], repeat=2)))
print(operator.itemgetter(1, 0)("ab"), list(map(operator.mul, [1, 2], [3, 4])))
