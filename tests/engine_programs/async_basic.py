# Coroutines under asyncio: await chains, return values, run_until_complete (3.6+).
import asyncio


async def add(a, b):
    await asyncio.sleep(0)
    return a + b


async def chain(n):
    total = 0
    for i in range(n):
        total = await add(total, i)
    return total


async def main():
    print(await add(1, 2))
    print(await chain(10))
    coro = add(5, 5)
    print(type(coro).__name__, asyncio.iscoroutine(coro))
    print(await coro)
    return "main done"


loop = asyncio.new_event_loop()
print(loop.run_until_complete(main()))
loop.close()
