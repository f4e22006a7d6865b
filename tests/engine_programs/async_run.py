# min-version: 3.7
# asyncio.run, tasks and their ordering, results of gather in argument order.
import asyncio

order = []


async def worker(name, delay_ticks):
    for _ in range(delay_ticks):
        await asyncio.sleep(0)
    order.append(name)
    return name.upper()


async def main():
    t1 = asyncio.create_task(worker("slow", 3))
    t2 = asyncio.create_task(worker("fast", 1))
    results = await asyncio.gather(t1, t2, worker("mid", 2))
    print(results, order)
    print(t1.done(), t1.result())
    return len(results)


print(asyncio.run(main()))
