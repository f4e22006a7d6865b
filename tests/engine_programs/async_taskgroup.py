# min-version: 3.11
# asyncio.TaskGroup and except* over the ExceptionGroup it raises; asyncio.timeout.
import asyncio


async def job(n):
    await asyncio.sleep(0)
    if n % 3 == 0:
        raise ValueError("job %d" % n)
    return n * 10


async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(job(n)) for n in (1, 2, 4)]
    print([t.result() for t in tasks])
    try:
        async with asyncio.TaskGroup() as tg:
            for n in (1, 3, 6):
                tg.create_task(job(n))
    except* ValueError as eg:
        print("ValueErrors:", sorted(str(e) for e in eg.exceptions))
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(10)
    except TimeoutError:
        print("timed out")


asyncio.run(main())
