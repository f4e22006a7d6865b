# Asynchronous comprehensions and await inside comprehensions.
import asyncio


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


async def double(x):
    await asyncio.sleep(0)
    return 2 * x


async def main():
    print([x async for x in agen(4)])
    print({x: x * x async for x in agen(3)})
    print({x % 2 async for x in agen(5)})
    print([await double(x) for x in range(3)])
    print([y async for x in agen(3) for y in range(x)])
    g = (x async for x in agen(3))
    print([v async for v in g])


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
