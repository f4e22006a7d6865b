# Graph algorithms: BFS, DFS, Dijkstra with heapq, topological sort, connected components.
import collections
import heapq

edges = [("a", "b", 4), ("a", "c", 1), ("c", "b", 2), ("b", "d", 5), ("c", "d", 8), ("d", "e", 3),
         ("f", "g", 1)]
graph = collections.defaultdict(list)
for u, v, w in edges:
    graph[u].append((v, w))
    graph[v].append((u, w))


def bfs(start):
    seen, order, q = {start}, [], collections.deque([start])
    while q:
        n = q.popleft()
        order.append(n)
        for m, _ in sorted(graph[n]):
            if m not in seen:
                seen.add(m)
                q.append(m)
    return order


def dijkstra(src):
    dist = {src: 0}
    pq = [(0, src)]
    while pq:
        d, n = heapq.heappop(pq)
        if d > dist.get(n, float("inf")):
            continue
        for m, w in graph[n]:
            if d + w < dist.get(m, float("inf")):
                dist[m] = d + w
                heapq.heappush(pq, (d + w, m))
    return dict(sorted(dist.items()))


def topo(deps):
    order, state = [], {}

    def visit(n):
        if state.get(n) == 1:
            raise ValueError("cycle at " + n)
        if state.get(n) == 2:
            return
        state[n] = 1
        for m in sorted(deps.get(n, ())):
            visit(m)
        state[n] = 2
        order.append(n)
    for n in sorted(deps):
        visit(n)
    return order


def components():
    seen, comps = set(), []
    for n in sorted(graph):
        if n not in seen:
            comp = bfs(n)
            seen.update(comp)
            comps.append(sorted(comp))
    return comps


print(bfs("a"), dijkstra("a"), components())
print(topo({"app": ["lib", "util"], "lib": ["util", "core"], "util": ["core"], "core": []}))
try:
    topo({"x": ["y"], "y": ["x"]})
except ValueError as exc:
    print("ValueError:", exc)
