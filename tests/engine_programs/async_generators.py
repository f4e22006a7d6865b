# Asynchronous generators: async for, asend, athrow, aclose, finally blocks.
import asyncio


async def countdown(n):
    try:
        while n > 0:
            received = yield n
            if received:
                n = received
            n -= 1
            await asyncio.sleep(0)
    finally:
        print("countdown finally")


async def main():
    print([v async for v in countdown(3)])
    g = countdown(10)
    print(await g.__anext__(), await g.asend(3), await g.asend(None))
    try:
        await g.athrow(ValueError("stop"))
    except ValueError as exc:
        print("athrow raised", exc)
    g2 = countdown(5)
    await g2.__anext__()
    await g2.aclose()
    try:
        await g2.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration after aclose")
    print(type(g2).__name__)


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
