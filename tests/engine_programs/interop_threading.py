# VM functions as threading.Thread targets, with locks, queues and a thread pool.
import concurrent.futures
import queue
import threading

results = []
lock = threading.Lock()


def worker(n):
    total = 0
    for i in range(n * 1000):
        total += i
    with lock:
        results.append((n, total))


threads = [threading.Thread(target=worker, args=(n,), name="w%d" % n) for n in range(1, 5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
q = queue.Queue()


class Producer(threading.Thread):
    def run(self):
        for i in range(5):
            q.put(i * i)
        q.put(None)


p = Producer()
p.start()
got = []
while True:
    item = q.get()
    if item is None:
        break
    got.append(item)
p.join()
print(got)
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
    print(list(pool.map(lambda x: x * 10, range(6))))
    fut = pool.submit(sum, [1, 2, 3])
    print(fut.result())
local = threading.local()
local.v = "main"


def show_local():
    local.v = "thread"


t = threading.Thread(target=show_local)
t.start()
t.join()
print(local.v, threading.current_thread().name)
