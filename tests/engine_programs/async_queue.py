# min-version: 3.7
# A producer/consumer pipeline with asyncio.Queue and several consumers.
import asyncio


async def producer(q, n):
    for i in range(n):
        await q.put(i)
    for _ in range(2):
        await q.put(None)


async def consumer(name, q, out):
    while True:
        item = await q.get()
        if item is None:
            q.task_done()
            return name
        out.append(item * item)
        q.task_done()
        await asyncio.sleep(0)


async def main():
    q = asyncio.Queue(maxsize=3)
    out = []
    done = await asyncio.gather(producer(q, 10), consumer("c1", q, out), consumer("c2", q, out))
    print(done, sorted(out), q.empty())


asyncio.run(main())
